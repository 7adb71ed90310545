# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class CrmContractRequestAmend(models.TransientModel):
    """What an amendment of a signed contract changes: the summary, the
    contract's new amount and end date. The amendment itself, a draft
    request copying the contract's data, is the form the salesperson
    completes (its payment schedule) and submits for approval."""

    _name = "crm.contract.request.amend"
    _description = "Request a Contract Amendment"

    request_id = fields.Many2one(
        "crm.contract.request", string="Contract", required=True, readonly=True,
        ondelete="cascade",
    )
    currency_id = fields.Many2one(related="request_id.currency_id")
    amendment_summary = fields.Text(string="What Changes", required=True)
    amount = fields.Monetary(
        string="New Contract Amount", currency_field="currency_id",
        help="The amount of the contract once amended; the payment schedule follows it "
        "by percent and can be changed in the amendment's form.",
    )
    date_end = fields.Date(string="New End Date")

    @api.model
    def default_get(self, fields_list):
        res = super().default_get(fields_list)
        request = self.env["crm.contract.request"].browse(res.get("request_id") or [])
        if request:
            res.setdefault("amount", request.amount)
            res.setdefault("date_end", request.date_end)
        return res

    def action_confirm(self):
        """Make the draft amendment and open it."""
        self.ensure_one()
        amendment = self.request_id._create_amendment(
            self.amendment_summary, amount=self.amount, date_end=self.date_end,
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "crm.contract.request",
            "res_id": amendment.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
        }
