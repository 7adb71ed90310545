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
