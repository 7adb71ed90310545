# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    agency_process_order = fields.Boolean(
        string="Agency Quotation",
        compute="_compute_agency_process_order",
        help="The quotation follows the agency's process (its opportunity is "
        "at a process step, or its sales team has process stages): the "
        "customer's acceptance, not Odoo's Confirm, is the expected action.",
    )
    agency_confirmed_by_contract = fields.Boolean(
        string="Confirmed by the Contract",
        compute="_compute_agency_process_order",
        help="Only the signing of its contract request confirms this "
        "quotation (company setting): Odoo's Confirm is refused.",
    )

    @api.depends("opportunity_id.process_step", "team_id", "company_id.agency_confirm_by_contract")
    def _compute_agency_process_order(self):
        for order in self:
            is_agency = order._agency_is_agency_order()
            order.agency_process_order = is_agency
            order.agency_confirmed_by_contract = is_agency and bool(
                (order.company_id or self.env.company).agency_confirm_by_contract
            )
