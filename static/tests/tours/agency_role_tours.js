/** @odoo-module **/

import { registry } from "@web/core/registry";

// One tour per role, each on a deal the Python test (TestRoleTours) brought
// to that role's step. After each step the tour checks what the user sees:
// the stage (or state) in the status bar, the "Next step" banner, and the
// open activities in the chatter.

const currentStage = (name) => ({
    content: `The status bar shows ${name}`,
    trigger: `.o_form_view .o_statusbar_status:has(button[aria-checked=true]:contains(${name}))`,
});
const banner = (text) => ({
    content: `The banner reads: ${text}`,
    trigger: `.o_form_view div[name=agency_next_step]:contains(${text})`,
});
const openActivity = (summary) => ({
    content: `Open activity: ${summary}`,
    trigger: `.o-mail-Chatter .o-mail-Activity:contains(${summary})`,
});
const noOpenActivity = (summary) => ({
    content: `No open activity: ${summary}`,
    trigger: `.o-mail-Chatter:not(:has(.o-mail-Activity:contains(${summary})))`,
});
const doneMessage = (summary) => ({
    content: `The chatter logs the done task: ${summary}`,
    trigger: `.o-mail-Chatter .o-mail-Message-body:contains(done):contains(${summary})`,
});

registry.category("web_tour.tours").add("agency_role_salesperson_tour", {
    steps: () => [
        currentStage("Customer Knowledge"),
        banner("Send the sales documents to the customer."),
        openActivity("Send the sales documents to the customer"),
        {
            content: "Send the sales documents by email",
            trigger: ".o_form_view .o_form_statusbar button[name=action_send_sales_documents]",
            run: "click",
        },
        {
            content: "The composer is open",
            trigger: ".modal .o_mail_composer_form_view .o_field_widget[name=subject] input",
        },
        {
            content: "Send",
            trigger: ".modal .o_mail_send",
            run: "click",
        },
        {
            trigger: "body:not(:has(.modal))",
        },
        currentStage("Sales Documents Sent"),
        banner("Book the needs-assessment meeting"),
        openActivity("Book the needs-assessment meeting"),
        noOpenActivity("Send the sales documents to the customer"),
        doneMessage("Send the sales documents to the customer"),
    ],
});

registry.category("web_tour.tours").add("agency_role_manager_tour", {
    steps: () => [
        currentStage("Quotation Approval"),
        banner("Management reviews the quotation"),
        {
            content: "Open the lead's quotation",
            trigger: ".o_form_view button[name=action_view_sale_quotation]",
            run: "click",
        },
        {
            content: "The quotation awaits approval",
            trigger: ".o_form_view .ribbon:contains(Awaiting Approval)",
        },
        openActivity("Approve quotation"),
        {
            content: "Approve it",
            trigger: ".o_form_view .o_statusbar_buttons button[name=action_approve]",
            run: "click",
        },
        {
            content: "The ribbon shows Approved",
            trigger: ".o_form_view .ribbon:contains(Approved)",
        },
        noOpenActivity("Approve quotation"),
        {
            content: "Back to the lead",
            trigger: ".o_breadcrumb .breadcrumb-item a:contains(Setareh SEO)",
            run: "click",
        },
        currentStage("Quotation Approval"),
        banner("Send the quotation"),
        openActivity("Get the quotation approved and send it to the customer"),
    ],
});

registry.category("web_tour.tours").add("agency_role_finance_tour", {
    steps: () => [
        currentStage("Submitted to Finance"),
        openActivity("Draft the contract"),
        {
            content: "Mark the contract drafted",
            trigger: ".o_form_view .o_statusbar_buttons button[name=action_drafted]",
            run: "click",
        },
        currentStage("Contract Drafted"),
        noOpenActivity("Draft the contract"),
        doneMessage("Draft the contract"),
    ],
});

registry.category("web_tour.tours").add("agency_role_project_tour", {
    steps: () => [
        currentStage("Archived"),
        openActivity("Receive the paper copy of the signed contract"),
        {
            content: "Refer the contract to execution",
            trigger: ".o_form_view .o_statusbar_buttons button[name=action_start_execution]",
            run: "click",
        },
        currentStage("In Execution"),
        noOpenActivity("Receive the paper copy of the signed contract"),
        doneMessage("Receive the paper copy of the signed contract"),
    ],
});
