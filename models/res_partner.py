# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class ResPartner(models.Model):
    _name = "res.partner"
    _inherit = ["res.partner", "crm.agency.identity.mixin"]
    # a contact is also found by its national code / company national ID
    _rec_names_search = [
        "complete_name",
        "email",
        "ref",
        "vat",
        "company_registry",
        "national_id",
        "company_national_id",
    ]

    annual_turnover = fields.Monetary(
        currency_field="turnover_currency_id",
        help="Yearly turnover of the company, in the currency of the company "
        "the contact belongs to.",
    )
    turnover_currency_id = fields.Many2one(
        "res.currency",
        compute="_compute_turnover_currency_id",
    )

    @api.depends("company_id")
    @api.depends_context("company")
    def _compute_turnover_currency_id(self):
        for partner in self:
            partner.turnover_currency_id = (
                partner.company_id.currency_id or self.env.company.currency_id
            )

    def _agency_fill_identity_from(self, values):
        """Write the identity ``values`` on the contact for its fields that are
        still empty; filled fields are never overwritten."""
        self.ensure_one()
        to_write = {
            fname: value
            for fname, value in values.items()
            if value and not self[fname]
        }
        if to_write:
            self.write(to_write)
        return to_write
