# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models

from ..tools.internal import is_internal

# Fields of a line whose change withdraws the approval of its quotation.
APPROVAL_LINE_FIELDS = {
    "product_id",
    "product_template_id",
    "name",
    "product_uom_qty",
    "product_uom",
    "price_unit",
    "discount",
    "tax_id",
}


def values_differ(record, fnames, vals):
    """Whether writing ``vals`` on ``record`` changes one of ``fnames``."""
    record.ensure_one()
    for fname in fnames.intersection(vals):
        field = record._fields[fname]
        old = field.convert_to_write(record[fname], record)
        new = vals[fname]
        if field.type == "many2one":
            if (old or False) != (new or False):
                return True
        elif field.type in ("many2many", "one2many"):
            return True
        elif field.type in ("float", "monetary"):
            if field.convert_to_cache(new, record) != record[fname]:
                return True
        elif old != new:
            return True
    return False


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    assessment_answer_id = fields.Many2one(
        "crm.needs.assessment.answer",
        index="btree_not_null",
        ondelete="set null",
        help="The needs-assessment answer that set this line's quantity.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines.order_id._agency_reset_approval(self.env._("the lines"))
        return lines

    def write(self, vals):
        changed = self.browse()
        if APPROVAL_LINE_FIELDS.intersection(vals) and not is_internal(self.env, "agency_approval_flow"):
            changed = self.filtered(
                lambda line: line.order_id.approval_decision in ("approved", "to_approve")
                and line._agency_values_differ(vals)
            )
        res = super().write(vals)
        if changed:
            changed.order_id._agency_reset_approval(
                self.env._("the lines (products, quantities, prices, discounts, taxes or descriptions)")
            )
        return res

    def unlink(self):
        orders = self.order_id
        res = super().unlink()
        orders.exists()._agency_reset_approval(self.env._("the lines"))
        return res

    def _agency_values_differ(self, vals):
        """Whether writing ``vals`` changes one of the approval fields."""
        return values_differ(self, APPROVAL_LINE_FIELDS, vals)

    def _can_be_edited_on_portal(self):
        # The customer changes no quantity and removes no line of a
        # quotation under the approval rule: the approved content would
        # change (and its approval be withdrawn, locking the customer out of
        # the quotation). Adding an offered option keeps the approval: see
        # sale.order.option.add_option_to_order.
        return super()._can_be_edited_on_portal() and self.order_id.approval_state == "not_required"
