# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


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
    agency_notify_contract_sent = fields.Boolean(related="company_id.agency_notify_contract_sent", readonly=False)
    agency_notify_signing = fields.Boolean(related="company_id.agency_notify_signing", readonly=False)
    agency_notify_prepayment_invoice = fields.Boolean(related="company_id.agency_notify_prepayment_invoice", readonly=False)
    agency_notify_delivered = fields.Boolean(related="company_id.agency_notify_delivered", readonly=False)
    agency_notify_final_invoice = fields.Boolean(related="company_id.agency_notify_final_invoice", readonly=False)
    agency_notify_closed = fields.Boolean(related="company_id.agency_notify_closed", readonly=False)
    agency_closing_survey_id = fields.Many2one(
        related="company_id.agency_closing_survey_id", readonly=False
    )
    agency_review_url = fields.Char(related="company_id.agency_review_url", readonly=False)
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

    @api.model
    def default_get(self, fields_list):
        """A tariff price list needs Odoo's price-list feature: with a tariff
        set, Settings open with the feature on (no "every active pricelist
        will be archived" warning, and a plain Save keeps the tariff)."""
        defaults = super().default_get(fields_list)
        if (
            "group_product_pricelist" in fields_list
            and not defaults.get("group_product_pricelist")
            and self.env.company.agency_tariff_pricelist_id
        ):
            defaults["group_product_pricelist"] = True
        return defaults

    @api.onchange("agency_tariff_pricelist_id", "group_product_pricelist")
    def _onchange_agency_tariff_pricelist_id(self):
        if self.agency_tariff_pricelist_id and not self.group_product_pricelist:
            self.group_product_pricelist = True
            return {
                "warning": {
                    "title": self.env._("Price lists stay on"),
                    "message": self.env._(
                        "The tariff price list %(pricelist)s needs the price lists: "
                        "clear the tariff first to turn them off.",
                        pricelist=self.agency_tariff_pricelist_id.display_name,
                    ),
                }
            }

    def set_values(self):
        # The server-side guarantee: a tariff price list keeps Odoo's
        # price-list feature on whatever the form sent (turning it off would
        # archive every active price list, the tariff included).
        with_tariff = self.filtered("agency_tariff_pricelist_id")
        for settings in with_tariff:
            settings.group_product_pricelist = True
        res = super().set_values()
        if with_tariff:
            # default_get above reports the feature on as soon as a tariff is
            # set, so the generic group handling may have skipped it: apply it.
            # sudo: like res.config.settings.set_values for group fields (only
            # administrators execute settings).
            user_group = self.env.ref("base.group_user").sudo()
            pricelist_group = self.env.ref("product.group_product_pricelist").sudo()
            if pricelist_group not in user_group.implied_ids:
                user_group._apply_group(pricelist_group)
                self.env["res.company"]._activate_or_create_pricelists()
        return res
