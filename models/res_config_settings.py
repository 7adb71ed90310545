# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    agency_enforce_stage_gates = fields.Boolean(
        related="company_id.agency_enforce_stage_gates", readonly=False
    )
    agency_sales_doc_attachment_ids = fields.Many2many(
        related="company_id.agency_sales_doc_attachment_ids", readonly=False
    )
    agency_sales_doc_template_id = fields.Many2one(
        related="company_id.agency_sales_doc_template_id", readonly=False
    )
    agency_tariff_pricelist_id = fields.Many2one(
        related="company_id.agency_tariff_pricelist_id", readonly=False
    )
    agency_prepayment_required = fields.Boolean(
        related="company_id.agency_prepayment_required", readonly=False
    )
    agency_finance_reminder_days = fields.Integer(
        related="company_id.agency_finance_reminder_days", readonly=False
    )
    agency_approval_mode = fields.Selection(
        related="company_id.agency_approval_mode", readonly=False
    )
    agency_approval_amount = fields.Monetary(
        related="company_id.agency_approval_amount",
        readonly=False,
        currency_field="agency_company_currency_id",
    )
    agency_company_currency_id = fields.Many2one(
        related="company_id.currency_id", string="Agency Company Currency"
    )
    agency_confirm_by_contract = fields.Boolean(
        related="company_id.agency_confirm_by_contract", readonly=False
    )
    agency_objection_attempt_limit = fields.Integer(
        related="company_id.agency_objection_attempt_limit", readonly=False
    )
    agency_followup_delay_days = fields.Integer(
        related="company_id.agency_followup_delay_days", readonly=False
    )
