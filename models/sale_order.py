# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, fields, models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    contract_request_ids = fields.One2many(
        "crm.contract.request", "order_id", string="Contract Requests"
    )

    def action_open_contract_request_wizard(self):
        """The contract-request wizard, pre-filled from this quotation."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Contract Request"),
            "res_model": "crm.contract.request.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_order_id": self.id,
                "default_lead_id": self.opportunity_id.id,
            },
        }
