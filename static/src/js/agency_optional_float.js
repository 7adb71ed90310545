/** @odoo-module **/
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
// A number answer that was not given yet (zero: "not answered") shows empty
// instead of "0.00"; the value is shown while the input has the focus.
import { registry } from "@web/core/registry";
import { FloatField, floatField } from "@web/views/fields/float/float_field";

export class AgencyOptionalFloatField extends FloatField {
    get formattedValue() {
        if (!this.state.hasFocus && !this.value) {
            return "";
        }
        return super.formattedValue;
    }

    parse(value) {
        return value.trim() === "" ? 0 : super.parse(value);
    }
}

registry.category("fields").add("agency_optional_float", {
    ...floatField,
    component: AgencyOptionalFloatField,
});
