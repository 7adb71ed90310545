/** @odoo-module **/

import { registry } from "@web/core/registry";

// After the signature, each role in turn on one contract request the Python
// test (TestAftersignTour) brought to execution: project control records
// the delivery with the acceptance act, finance sees the final payment to
// collect, the salesperson closes the deal (the questionnaire is sent).

const currentState = (name) => ({
    content: `The status bar shows ${name}`,
    trigger: `.o_form_view .o_statusbar_status:has(button[aria-checked=true]:contains(${name}))`,
});
const openActivity = (summary) => ({
    content: `Open activity: ${summary}`,
    trigger: `.o-mail-Chatter .o-mail-Activity:contains(${summary})`,
});
const noOpenActivity = (summary) => ({
    content: `No open activity: ${summary}`,
    trigger: `.o-mail-Chatter:not(:has(.o-mail-Activity:contains(${summary})))`,
});
const openTab = {
    content: "Open the Delivery and Payment tab",
    trigger: ".o_form_view .o_notebook .nav-link:contains(Delivery and Payment)",
    run: "click",
};

registry.category("web_tour.tours").add("agency_aftersign_project_tour", {
    steps: () => [
        currentState("In Execution"),
        openTab,
        {
            content: "Attach the acceptance act signed by the customer",
            trigger: ".o_form_view .o_field_many2many_binary[name=acceptance_attachment_ids] .o_attach",
            async run() {
                const input = document.querySelector(
                    ".o_field_many2many_binary[name=acceptance_attachment_ids] input[type=file]"
                );
                const file = new File(["%PDF-1.4 acceptance"], "acceptance-act.pdf", {
                    type: "application/pdf",
                });
                const transfer = new DataTransfer();
                transfer.items.add(file);
                input.files = transfer.files;
                input.dispatchEvent(new Event("change", { bubbles: true }));
            },
        },
        {
            content: "The act is attached",
            trigger: ".o_field_many2many_binary[name=acceptance_attachment_ids] .o_attachment[title='acceptance-act.pdf']:not(.o_attachment_uploading)",
        },
        {
            content: "Record the delivery",
            trigger: ".o_form_view .o_statusbar_buttons button[name=action_deliver]",
            run: "click",
        },
        currentState("Delivered"),
        {
            content: "The delivery is recorded on the chatter",
            trigger: ".o-mail-Chatter .o-mail-Message-body:contains(Work delivered)",
        },
    ],
});

registry.category("web_tour.tours").add("agency_aftersign_finance_tour", {
    steps: () => [
        currentState("Delivered"),
        openActivity("Final invoice and payment"),
        openTab,
        {
            content: "Finance sees what is invoiced and not paid yet",
            trigger: ".o_form_view .o_field_widget[name=agency_payment_state]:contains(Partly Paid)",
        },
        {
            content: "Nothing is left to invoice",
            trigger: ".o_form_view .o_field_widget[name=to_invoice_amount]:contains(0.00)",
        },
        {
            content: "Finance can re-read the payments",
            trigger: ".o_form_view .o_statusbar_buttons button[name=action_check_payments]",
        },
    ],
});

registry.category("web_tour.tours").add("agency_aftersign_sales_tour", {
    steps: () => [
        currentState("Paid"),
        openActivity("Close the deal"),
        {
            content: "Close the deal",
            trigger: ".o_form_view .o_statusbar_buttons button[name=action_close]",
            run: "click",
        },
        currentState("Closed"),
        noOpenActivity("Close the deal"),
        {
            content: "The thank-you with the questionnaire went to the customer",
            trigger: ".o-mail-Chatter .o-mail-Message:contains(thank you for your trust)",
        },
    ],
});
