/** @odoo-module */
import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("agency_contract_request_tour", {
    steps: () => [
        {
            content: "Open the contract-request wizard from the opportunity",
            trigger: ".o_form_view .o_form_statusbar button[name='action_open_contract_request_wizard']",
            run: "click",
        },
        {
            content: "The wizard picked the opportunity's quotation",
            trigger: ".modal .o_field_widget[name='order_id']",
        },
        {
            content: "Create the draft contract request from the quotation",
            trigger: ".modal footer button[name='action_confirm']",
            run: "click",
        },
        {
            content: "The contract request is open, in draft",
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current[data-value='draft']",
        },
        {
            content: "with its reference",
            trigger: ".o_form_view .oe_title span:contains('CR/')",
        },
        {
            content: "Legal name",
            trigger: ".o_form_view .o_field_widget[name='legal_name'] input",
            run: "edit Setareh Cosmetics Co.",
        },
        {
            content: "National identifier of the company",
            trigger: ".o_form_view .o_field_widget[name='company_national_id'] input",
            run: "edit 10380284790",
        },
        {
            content: "Subject",
            trigger: ".o_form_view .o_field_widget[name='subject'] input",
            run: "edit Website design and hosting",
        },
        {
            content: "Start date",
            trigger: ".o_form_view .o_field_widget[name='date_start'] input",
            run: "edit 01/01/2030",
        },
        {
            content: "Close the date picker",
            trigger: ".o_form_view .o_field_widget[name='legal_name'] input",
            run: "click",
        },
        {
            content: "End date",
            trigger: ".o_form_view .o_field_widget[name='date_end'] input",
            run: "edit 12/31/2030",
        },
        {
            content: "Close the date picker",
            trigger: ".o_form_view .o_field_widget[name='legal_name'] input",
            run: "click",
        },
        {
            content: "Save the contract request",
            trigger: ".o_form_view .o_form_button_save",
            run: "click",
        },
        {
            content: "The contract request is saved",
            trigger: ".o_form_view .o_form_saved",
        },
    ],
});
