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

    @api.depends("process_step", "order_ids.approval_state", "order_ids.state")
    @api.depends_context("uid")
    def _compute_agency_quotation_approval_state(self):
        # The quotations the user may read (record rules apply): one query for
        # the batch of cards of the agency's process; none for the cards of
        # other pipelines (outside the process the cards are stock's).
        latest = {}
        leads = self.filtered(lambda lead: lead.id and lead.process_step)
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

    agency_next_action = fields.Selection(
        [
            ("knowledge", "Customer Knowledge Form"),
            ("send_docs", "Send Documents"),
            ("convert", "Convert to Opportunity"),
            ("assessment", "Needs Assessment"),
            ("quotation", "Quotation from Assessment"),
            ("contract_request", "Contract Request"),
        ],
        string="Next Action",
        compute="_compute_agency_next_action",
        help="The header button the agency process expects now (highlighted "
        "on the lead's form); empty outside the process or when the next "
        "step is done elsewhere (on the quotation or the contract request).",
    )
    agency_needs_done = fields.Boolean(
        string="Needs Assessment Done",
        compute="_compute_agency_next_action",
        help="The lead has a done needs assessment (a quotation can be made from it).",
    )
    agency_contract_requested = fields.Boolean(
        string="Contract Requested",
        compute="_compute_agency_next_action",
        help="The latest quotation of the lead already has a contract request "
        "(the contract-request wizard would refuse a second one).",
    )
    agency_won_blocked = fields.Boolean(
        string="Won Refused",
        compute="_compute_agency_next_action",
        help="The lead is in the agency process and cannot be marked as won "
        "yet: its contract is not signed (the won step's gate).",
    )

    @api.depends(
        "active", "type", "process_step", "contact_origin", "knowledge_done",
        "sales_docs_sent_on", "assessment_ids.kind", "assessment_ids.state",
        "order_ids.state", "order_ids.customer_decision", "contract_request_ids.state",
        "contract_request_ids.order_id",
    )
    def _compute_agency_next_action(self):
        for lead in self:
            if not lead.process_step:
                # outside the agency process: the stock header, no query
                lead.agency_next_action = False
                lead.agency_needs_done = False
                lead.agency_contract_requested = False
                lead.agency_won_blocked = False
                continue
            # sudo: only the states of the lead's quotations and contract
            # requests are read, to choose which button to highlight; the
            # buttons themselves keep their groups and server-side checks.
            lead_su = lead.sudo()
            needs_done = any(
                form.kind == "needs" and form.state == "done" for form in lead_su.assessment_ids
            )
            lead.agency_needs_done = needs_done
            latest = lead_su.order_ids.filtered(lambda o: o.state != "cancel").sorted("id", reverse=True)[:1]
            lead.agency_contract_requested = bool(latest) and any(
                request.order_id == latest and request.state != "cancelled"
                for request in lead_su.contract_request_ids
            )
            lead.agency_next_action = lead_su._agency_get_next_action(needs_done)
            lead.agency_won_blocked = bool(
                lead.process_step
                and lead.process_step != "won"
                and lead_su._agency_gates_enforced()
                and lead_su._agency_gate_missing("won")
            )

    def _agency_get_next_action(self, needs_done):
        """Key of the header button the process expects now (see
        ``agency_next_action``), from the lead's flags and its documents."""
        self.ensure_one()
        step = self.process_step
        if not step or not self.active or step in ("won", "future"):
            return False
        if step in ("new", "qualify", "docs_sent"):
            if step != "docs_sent" and not self.sales_docs_sent_on:
                if self.contact_origin != "warm" and not self.knowledge_done:
                    return "knowledge"
                return "send_docs"
            if self.type == "lead":
                return "convert"
            return "assessment"
        if self.type != "opportunity":
            return False
        orders = self.order_ids.filtered(lambda order: order.state != "cancel")
        if step == "assessment":
            return "quotation" if needs_done else "assessment"
        if step == "quotation":
            return "quotation" if needs_done and not orders else False
        requests = self.contract_request_ids.filtered(lambda request: request.state != "cancelled")
        if requests:
            return False
        if step == "contract" or any(
            order.customer_decision == "accepted" and order.state in ("draft", "sent") for order in orders
        ):
            return "contract_request"
        return False
