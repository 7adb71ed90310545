# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class CrmContractRequest(models.Model):
    _inherit = "crm.contract.request"

    agency_sales_role_ok = fields.Boolean(
        string="Salesperson's Actions Allowed",
        compute="_compute_agency_role_buttons",
        help="The current user may do the salesperson's steps of this request "
        "(its salesperson or a sales manager): the form shows those buttons.",
    )
    agency_can_cancel = fields.Boolean(
        string="Cancel Allowed",
        compute="_compute_agency_role_buttons",
        help="The current user may cancel this request in its state (a signed "
        "request only by a sales manager).",
    )

    @api.model_create_multi
    def create(self, vals_list):
        # the party type follows the customer when the caller does not give it
        partners = self.env["res.partner"]
        vals_list = [dict(vals) for vals in vals_list]
        for vals in vals_list:
            if vals.get("partner_id") and not vals.get("party_type"):
                vals["party_type"] = self._party_type_of(partners.browse(vals["partner_id"]))
        return super().create(vals_list)

    @api.onchange("partner_id")
    def _onchange_partner_id_party_type(self):
        for request in self:
            if request.partner_id:
                request.party_type = self._party_type_of(request.partner_id)

    @api.model
    def _party_type_of(self, partner):
        """``company`` for a company customer or a contact of a company
        (its commercial partner is a company), ``person`` otherwise."""
        return "company" if partner.commercial_partner_id.is_company else "person"

    @api.depends("state", "user_id")
    @api.depends_context("uid")
    def _compute_agency_role_buttons(self):
        for request in self:
            sales_ok = request._role_ok("sales")
            request.agency_sales_role_ok = sales_ok
            if request.state in ("draft", "submitted", "drafted", "sent", "signing"):
                request.agency_can_cancel = sales_ok
            elif request.state == "signed":
                request.agency_can_cancel = request._role_ok("manager")
            else:
                request.agency_can_cancel = False
