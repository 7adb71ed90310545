# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models
from odoo.exceptions import UserError

from ..tools.internal import internal_context
from .sale_order_line import values_differ

# Fields of an optional product whose change withdraws the approval of its
# quotation: the approved content includes the options offered.
APPROVAL_OPTION_FIELDS = {"product_id", "name", "quantity", "uom_id", "price_unit", "discount"}


class SaleOrderOption(models.Model):
    _inherit = "sale.order.option"

    @api.model_create_multi
    def create(self, vals_list):
        options = super().create(vals_list)
        options.order_id._agency_reset_approval(self.env._("the optional products"))
        return options

    def write(self, vals):
        changed = self.browse()
        if APPROVAL_OPTION_FIELDS.intersection(vals):
            changed = self.filtered(
                lambda option: option.order_id.approval_decision in ("approved", "to_approve")
                and values_differ(option, APPROVAL_OPTION_FIELDS, vals)
            )
        res = super().write(vals)
        if changed:
            changed.order_id._agency_reset_approval(self.env._("the optional products"))
        return res

    def unlink(self):
        orders = self.order_id
        res = super().unlink()
        orders.exists()._agency_reset_approval(self.env._("the optional products"))
        return res

    def add_option_to_order(self):
        """Add the option to its quotation (the customer on the portal, or
        the salesperson).

        Refused while the quotation awaits an approval (to request, awaiting
        or rejected). Decision: on an approved quotation, adding an option
        the salesperson offered keeps the approval. The approved content
        included the options with their prices (any change of an option
        withdraws the approval, see ``write``), so the customer's choice of
        one is within what the manager approved, and withdrawing it would
        lock the customer out of their own quotation on the portal. When the
        option brings a quotation that needed no approval above the approval
        threshold, the addition is refused (the salesperson adds it and
        requests the approval)."""
        self.ensure_one()
        order = self.order_id
        if order._agency_approval_blocking():
            raise UserError(
                self.env._(
                    "The quotation %(order)s awaits the approval of a sales manager: "
                    "its options cannot be added yet.",
                    order=order.name,
                )
            )
        line = super(
            SaleOrderOption, self.with_context(**internal_context("agency_option_chosen"))
        ).add_option_to_order()
        if order._agency_approval_blocking():
            raise UserError(
                self.env._(
                    "With this option the quotation %(order)s would need the approval of a "
                    "sales manager: ask your salesperson to add it.",
                    order=order.name,
                )
            )
        return line.with_env(self.env)
