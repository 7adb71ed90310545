# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models

APPROVAL_STATES = [
    ("not_required", "Not Required"),
    ("draft", "To Request"),
    ("to_approve", "Awaiting Approval"),
    ("approved", "Approved"),
    ("rejected", "Rejected"),
]


class SaleOrder(models.Model):
    _inherit = "sale.order"

    # ------------------------------------------------------------
    # APPROVAL
    # ------------------------------------------------------------

    approval_decision = fields.Selection(
        [("to_approve", "Requested"), ("approved", "Approved"), ("rejected", "Rejected")],
        string="Approval Decision",
        copy=False,
        readonly=True,
        help="Technical: the last step of the approval flow (empty while the "
        "approval has not been requested).",
    )
    approval_state = fields.Selection(
        APPROVAL_STATES,
        string="Approval",
        compute="_compute_approval_state",
        store=True,
        index=True,
        tracking=True,
        help="Not Required: the approval setting of the company does not ask "
        "for an approval of this quotation. To Request: the salesperson must "
        "request the approval of a sales manager before the quotation may be "
        "sent, printed, shown on the portal or confirmed.",
    )

    @api.depends(
        "approval_decision",
        "amount_total",
        "company_id.agency_approval_mode",
        "company_id.agency_approval_amount",
    )
    def _compute_approval_state(self):
        for order in self:
            if not order._agency_approval_required():
                order.approval_state = "not_required"
            else:
                order.approval_state = order.approval_decision or "draft"

    def _agency_approval_required(self):
        self.ensure_one()
        return False
