# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class CrmContractRequestCancel(models.TransientModel):
    _name = "crm.contract.request.cancel"
    _description = "Cancel a Contract Request"

    request_id = fields.Many2one("crm.contract.request", required=True, ondelete="cascade")
    reason = fields.Text(required=True)

    def action_confirm(self):
        self.ensure_one()
        self.request_id.action_cancel(self.reason)
        return {"type": "ir.actions.act_window_close"}
