/** @odoo-module */
import { registry } from "@web/core/registry";

// The salesperson opens a warm lead at the "new" step: the process's next
// action ("Send Documents") is the one highlighted button of the header,
// Odoo's "New Quotation" stays there, secondary.
registry.category("web_tour.tours").add("agency_lead_buttons_tour", {
    steps: () => [
        {
            content: "The expected action is highlighted",
            trigger: ".o_form_view .o_form_statusbar button.btn-primary[name='action_send_sales_documents']",
        },
        {
            content: "It is the only highlighted button of the header",
            trigger: ".o_form_view .o_form_statusbar .o_statusbar_buttons:not(:has(button.btn-primary:not([name='action_send_sales_documents'])))",
        },
        {
            content: "Odoo's New Quotation is there, not highlighted",
            trigger: ".o_form_view .o_form_statusbar button.btn-secondary[name='action_sale_quotations_new']",
        },
        {
            content: "WhatsApp and Telegram stand beside Send Documents",
            trigger: ".o_form_view .o_statusbar_buttons button[name='action_send_sales_documents'] + button[name='action_send_sales_documents_whatsapp'] + button[name='action_send_sales_documents_telegram']",
        },
    ],
});
