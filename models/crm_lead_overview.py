# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models

from .sale_order import APPROVAL_STATES


class CrmLead(models.Model):
    _inherit = "crm.lead"

    agency_quotation_approval_state = fields.Selection(
        APPROVAL_STATES,
        string="Quotation Approval",
        compute="_compute_agency_quotation_approval_state",
        help="Approval state of the latest quotation of the opportunity (cancelled "
        "quotations aside), shown on the pipeline cards.",
    )

    @api.depends("order_ids.approval_state", "order_ids.state")
    @api.depends_context("uid")
    def _compute_agency_quotation_approval_state(self):
        # The quotations the user may read (record rules apply): one query for
        # the batch of cards.
        latest = {}
        leads = self.filtered("id")
        if leads and self.env["sale.order"].has_access("read"):
            orders = self.env["sale.order"].search_fetch(
                [("opportunity_id", "in", leads.ids), ("state", "!=", "cancel")],
                ["opportunity_id", "approval_state"],
                order="id desc",
            )
            for order in orders:
                latest.setdefault(order.opportunity_id.id, order.approval_state)
        for lead in self:
            lead.agency_quotation_approval_state = latest.get(lead.id, False)
