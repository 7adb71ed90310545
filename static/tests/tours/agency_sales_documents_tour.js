/** @odoo-module **/

import { registry } from "@web/core/registry";

// Opens an agency-pipeline lead, sends its sales documents by email from the
// composer pre-filled with the "Agency: sales documents" template.
registry.category("web_tour.tours").add("agency_sales_documents_tour", {
    steps: () => [
        {
            content: "The lead is open at the start of the agency process",
            trigger: ".o_form_view .o_field_widget[name=name]:contains(Tour opportunity), .o_form_view .o_field_widget[name=name] textarea",
        },
        {
            content: "Send the sales documents by email",
            trigger: ".o_form_view .o_form_statusbar button[name=action_send_sales_documents]:contains(Send Documents)",
            run: "click",
        },
        {
            content: "The composer shows the template's subject",
            trigger: ".modal .o_mail_composer_form_view .o_field_widget[name=subject] input",
            run() {
                const subject = this.anchor.value;
                if (!subject.includes("our résumé, catalogue and portfolio")) {
                    throw new Error(`Unexpected subject: ${subject}`);
                }
            },
        },
        {
            content: "The covering message is in the body",
            trigger: ".modal .o_mail_composer_form_view .o_field_widget[name=body]:contains(Please find attached the résumé of)",
        },
        {
            content: "Send",
            trigger: ".modal .o_mail_send",
            run: "click",
        },
        {
            trigger: "body:not(:has(.modal))",
        },
        {
            content: "The send is logged on the chatter with its channel",
            trigger: ".o-mail-Message-body:contains(Sales documents sent by Email)",
        },
    ],
});
