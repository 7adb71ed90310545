# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class CrmContractRequestAmendmentRefuse(models.TransientModel):
    _name = "crm.contract.request.amendment.refuse"
    _description = "Refuse a Contract Amendment"

    request_id = fields.Many2one("crm.contract.request", required=True, ondelete="cascade")
    reason = fields.Text(required=True)

    def action_confirm(self):
        self.ensure_one()
        self.request_id.action_refuse_amendment(reason=self.reason or "")
        return {"type": "ir.actions.act_window_close"}
