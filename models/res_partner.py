# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.osv import expression

from ..tools import iran_id
from .crm_agency_identity_mixin import IDENTITY_GROUPS

# a contact is also found by its national code / company national ID, by the
# users who may read them (see _search_display_name)
IDENTITY_SEARCH_FIELDS = ("national_id", "company_national_id")


class ResPartner(models.Model):
    _name = "res.partner"
    _inherit = ["res.partner", "crm.agency.identity.mixin"]

    annual_turnover = fields.Monetary(
        currency_field="turnover_currency_id",
        groups=IDENTITY_GROUPS,
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

    @api.model
    def _search_display_name(self, operator, value):
        """Searching a contact by name also matches its national code or
        company national ID (Persian or Arabic digits too), for the users who
        may read them; for the others these fields are not searched (a
        search on them would be an access error)."""
        domain = super()._search_display_name(operator, value)
        if (
            operator in ("ilike", "=ilike", "like", "=like", "=")
            and isinstance(value, str)
            and value.strip()
            and self._agency_identity_readable()
        ):
            digits = iran_id.normalize_digits(value) or value
            identity = expression.OR([[(fname, operator, digits)] for fname in IDENTITY_SEARCH_FIELDS])
            if operator.endswith("like"):
                identity = [("id", "child_of", self._search(identity))]
            domain = expression.OR([domain, identity])
        return domain

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
