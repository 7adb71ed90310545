/** @odoo-module **/

import { registry } from "@web/core/registry";

// Relies on the quotation awaiting approval created by the Python test
// (TestQuotationApprovalTour), opened by the sales manager.
registry.category("web_tour.tours").add("agency_quotation_approval_tour", {
    steps: () => [
        {
            content: "The quotation awaits approval",
            trigger: ".o_form_view .ribbon:contains(Awaiting Approval)",
        },
        {
            content: "Approve the quotation",
            trigger: ".o_form_view .o_statusbar_buttons button[name='action_approve']",
            run: "click",
        },
        {
            content: "The ribbon shows Approved",
            trigger: ".o_form_view .ribbon:contains(Approved)",
        },
        {
            content: "The approval buttons are gone",
            trigger: ".o_form_view .o_statusbar_buttons:not(:has(button[name='action_approve']))",
        },
    ],
});
