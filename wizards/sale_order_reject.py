# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class SaleOrderReject(models.TransientModel):
    _name = "sale.order.reject"
    _description = "Reject Quotation"

    order_ids = fields.Many2many("sale.order", string="Quotations", required=True)
    reason = fields.Text(required=True)

    def action_reject(self):
        self.ensure_one()
        self.order_ids.action_reject(reason=self.reason)
        return {"type": "ir.actions.act_window_close"}
