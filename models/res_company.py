# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    agency_enforce_stage_gates = fields.Boolean(
        string="Enforce Stage Gates",
        help="Refuse to move a lead into a process stage whose prerequisites "
        "are missing (e.g. a quotation stage without a completed needs "
        "assessment).",
    )
    agency_approval_mode = fields.Selection(
        [
            ("never", "Never"),
            ("always", "Always"),
            ("amount", "Above an Amount"),
        ],
        string="Quotation Approval",
        default="never",
        required=True,
        help="Never: quotations need no approval. Always: every quotation "
        "must be approved by a sales manager before it is sent, printed, "
        "shown on the portal or confirmed. Above an Amount: only quotations "
        "whose total is strictly greater than the threshold need it.",
    )
    agency_approval_amount = fields.Monetary(
        string="Approval Threshold",
        currency_field="currency_id",
        help="Quotations whose total (in the company currency) is strictly "
        "greater than this amount need the approval of a sales manager.",
    )
    agency_objection_attempt_limit = fields.Integer(
        string="Objection Attempt Limit",
        default=3,
        help="Failed attempts to overcome a non-price objection after which "
        "the lead moves to the future follow-ups.",
    )
    agency_followup_delay_days = fields.Integer(
        string="Future Follow-up Delay (days)",
        default=90,
        help="Days after the last failed attempt when the customer is "
        "contacted again.",
    )
