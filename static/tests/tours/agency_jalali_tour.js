/** @odoo-module */
// Copyright 2026 crm_agency_sales authors
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import { registry } from "@web/core/registry";

const latin = (text) =>
    text.replace(/[\u06F0-\u06F9]/g, (d) => String(d.charCodeAt(0) - 0x06f0));

function expectText(actual, expected, what) {
    if (!latin(actual).includes(expected)) {
        throw new Error(`${what}: expected "${expected}", got "${actual}"`);
    }
}

// A Persian salesperson (Jalali dates) opens a lead whose deadline is
// 2025-03-10 (20 Esfand 1403), reads it in Jalali, picks 25 Esfand 1403 in
// the picker and saves; the quotation list of the lead shows its date in
// Jalali too. The Python side checks the Gregorian day stored.
registry.category("web_tour.tours").add("agency_jalali_tour", {
    steps: () => [
        {
            content: "The deadline reads in Jalali",
            trigger: ".o_form_view .o_field_widget[name='date_deadline'] input",
            run() {
                expectText(this.anchor.value, "1403/12/20", "deadline");
            },
        },
        {
            content: "Open the date picker",
            trigger: ".o_form_view .o_field_widget[name='date_deadline'] input",
            run: "click",
        },
        {
            content: "The picker shows Esfand 1403, 30 days (1403 is leap)",
            trigger: ".o_datetime_picker .o_datetime_picker_header:contains(اسفند):contains(1403)",
            run() {
                const days = [
                    ...document.querySelectorAll(
                        ".o_datetime_picker .o_date_item_cell:not(.o_out_of_range)"
                    ),
                ].filter((cell) => cell.textContent.trim());
                if (days.length !== 30) {
                    throw new Error(`Esfand 1403 has 30 days, the picker shows ${days.length}`);
                }
            },
        },
        {
            content: "Pick 25 Esfand",
            trigger: ".o_datetime_picker .o_date_item_cell:not(.o_out_of_range):contains(25)",
            run: "click",
        },
        {
            content: "The field shows the day picked",
            trigger: ".o_form_view .o_field_widget[name='date_deadline'] input",
            run() {
                expectText(this.anchor.value, "1403/12/25", "deadline picked");
            },
        },
        {
            content: "Save",
            trigger: ".o_form_view .o_form_button_save",
            run: "click",
        },
        {
            content: "Saved",
            trigger: ".o_form_view .o_form_saved",
        },
        {
            content: "Open the agency's process tab",
            trigger: ".o_notebook_headers a[name='agency_process']",
            run: "click",
        },
        {
            content: "The quotation's date reads in Jalali in the list",
            trigger: ".o_field_widget[name='order_ids'] .o_data_row td[name='date_order']",
            run() {
                expectText(this.anchor.textContent, "1403/12/01", "quotation date");
            },
        },
    ],
});
