# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class CrmComplaintReject(models.TransientModel):
    _name = "crm.complaint.reject"
    _description = "Reject a Complaint"

    complaint_id = fields.Many2one("crm.complaint", required=True, ondelete="cascade")
    reason = fields.Text(help="Why the complaint is not accepted; kept on the complaint.")

    def action_confirm(self):
        self.ensure_one()
        self.complaint_id._reject(self.reason)
        return {"type": "ir.actions.act_window_close"}
