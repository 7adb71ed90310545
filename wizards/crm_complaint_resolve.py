# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class CrmComplaintResolve(models.TransientModel):
    _name = "crm.complaint.resolve"
    _description = "Resolve a Complaint"

    complaint_id = fields.Many2one("crm.complaint", required=True, ondelete="cascade")
    root_cause = fields.Text(help="Why it happened.")
    resolution = fields.Text(help="What was done for the customer.")
    customer_confirmed = fields.Boolean(
        string="The customer confirmed the resolution",
        help="Required: a complaint is resolved when the customer says so.",
    )
    confirmed_by = fields.Char(help="Who confirmed it on the customer's side (name, position).")

    def action_confirm(self):
        self.ensure_one()
        self.complaint_id._resolve(
            self.root_cause, self.resolution, self.customer_confirmed, confirmed_by=self.confirmed_by
        )
        return {"type": "ir.actions.act_window_close"}
