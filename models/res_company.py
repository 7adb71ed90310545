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
    agency_prepayment_required = fields.Boolean(
        string="Prepayment Before Execution",
        help="Project control refers a signed contract to execution only after "
        "the invoice of its prepayment line is paid.",
    )
    agency_finance_reminder_days = fields.Integer(
        string="Finance Reminder Delay (working days)",
        default=2,
        help="Remind finance of a contract request still waiting to be drafted "
        "after this many working days (the company's working schedule).",
    )
