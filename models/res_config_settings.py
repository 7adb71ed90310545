# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    agency_enforce_stage_gates = fields.Boolean(
        related="company_id.agency_enforce_stage_gates", readonly=False
    )
    agency_prepayment_required = fields.Boolean(
        related="company_id.agency_prepayment_required", readonly=False
    )
    agency_finance_reminder_days = fields.Integer(
        related="company_id.agency_finance_reminder_days", readonly=False
    )
