# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class CrmContractRequestMarkSent(models.TransientModel):
    """The contract was handed over to the customer in person (no email):
    a note, then the same "sent" step as the composer's."""

    _name = "crm.contract.request.mark.sent"
    _description = "Contract Handed Over in Person"

    request_id = fields.Many2one("crm.contract.request", required=True, ondelete="cascade")
    note = fields.Text(
        required=True,
        help="How and to whom the contract was handed over (posted on the request's chatter).",
    )

    def action_confirm(self):
        self.ensure_one()
        self.request_id._mark_sent_in_person(self.note)
        return {"type": "ir.actions.act_window_close"}
