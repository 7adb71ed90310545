# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import api, fields, models

from .crm_contract_request import STATES as CONTRACT_STATES
from .crm_stage import PROCESS_STEPS

# Contract request states still in progress (shown on the overview).
OPEN_CONTRACT_STATES = ("draft", "submitted", "drafted", "sent", "signing", "signed")


class CrmTeam(models.Model):
    """The agency overview: the figures of each sales team's work, counted
    with the user's own access (what the user cannot read is not counted),
    each with a button opening the list behind it."""

    _inherit = "crm.team"

    agency_to_approve_count = fields.Integer(
        string="Quotations to Approve", compute="_compute_agency_overview"
    )
    agency_contract_summary = fields.Json(
        string="Contract Requests per State", compute="_compute_agency_overview"
    )
    agency_contract_open_count = fields.Integer(
        string="Open Contract Requests", compute="_compute_agency_overview"
    )
    agency_step_summary = fields.Json(
        string="Deals per Process Step", compute="_compute_agency_overview"
    )
    agency_followup_week_count = fields.Integer(
        string="Follow-ups Due This Week", compute="_compute_agency_overview"
    )
    agency_overdue_payment_count = fields.Integer(
        string="Overdue Payments", compute="_compute_agency_overview"
    )
    agency_target_amount = fields.Monetary(
        string="Sales Plan Target", compute="_compute_agency_sales_plan",
        currency_field="currency_id",
        help="The targets of the team's sales plans whose period includes today.",
    )
    agency_target_actual = fields.Monetary(
        string="Sales Plan Actual", compute="_compute_agency_sales_plan",
        currency_field="currency_id",
    )
    agency_target_achievement = fields.Float(
        string="Sales Plan Achievement (%)", compute="_compute_agency_sales_plan",
    )

    @api.depends_context("uid", "allowed_company_ids")
    def _compute_agency_sales_plan(self):
        """The sales plans of each team running today, read with the user's
        own rights (a salesperson sums the lines they may read)."""
        targets = self.env["crm.sales.target"]
        teams = self.filtered("id")
        # finance, project control and other employees read no sales plan
        if teams and targets.browse().has_access("read"):
            today = fields.Date.context_today(self)
            targets = targets.search([
                ("team_id", "in", teams.ids),
                ("date_from", "<=", today),
                ("date_to", ">=", today),
            ])
        for team in self:
            team_targets = targets.filtered(lambda t, team=team: t.team_id == team)
            target = sum(team_targets.mapped("target_amount"))
            actual = sum(team_targets.mapped("actual_amount"))
            team.agency_target_amount = target
            team.agency_target_actual = actual
            team.agency_target_achievement = 100.0 * actual / target if target else 0.0

    def action_agency_sales_plans(self):
        self.ensure_one()
        action = self.env["ir.actions.actions"]._for_xml_id("crm_agency_sales.crm_sales_target_action")
        action["domain"] = [("team_id", "=", self.id)]
        action["context"] = {"default_team_id": self.id}
        return action

    @api.depends_context("uid", "allowed_company_ids")
    def _compute_agency_overview(self):
        teams = self.filtered("id")
        to_approve, contracts, steps, followups, overdue = {}, {}, {}, {}, {}
        if teams:
            to_approve = self._agency_count_to_approve(teams)
            contracts = self._agency_count_contracts(teams)
            steps = self._agency_count_steps(teams)
            followups = self._agency_count_followups(teams)
            overdue = self._agency_count_overdue_payments(teams)
        for team in self:
            team_contracts = contracts.get(team.id, {})
            team.agency_to_approve_count = to_approve.get(team.id, 0)
            team.agency_contract_summary = [
                {"state": state, "label": label, "count": team_contracts[state]}
                for state, label in self._agency_selection_labels(
                    self.env["crm.contract.request"], "state", CONTRACT_STATES
                )
                if team_contracts.get(state)
            ]
            team.agency_contract_open_count = sum(
                count for state, count in team_contracts.items() if state in OPEN_CONTRACT_STATES
            )
            team.agency_step_summary = steps.get(team.id, [])
            team.agency_followup_week_count = followups.get(team.id, 0)
            team.agency_overdue_payment_count = len(overdue.get(team.id, ()))

    # ------------------------------------------------------------
    # HELPERS: one grouped query per figure for the whole batch
    # ------------------------------------------------------------

    def _agency_selection_labels(self, model, fname, selection):
        labels = dict(model._fields[fname]._description_selection(self.env))
        return [(value, labels.get(value, value)) for value, _label in selection]

    def _agency_count_to_approve(self, teams):
        Order = self.env["sale.order"]
        if not Order.has_access("read"):
            return {}
        return {
            team.id: count
            for team, count in Order._read_group(
                self._agency_to_approve_domain(teams), ["team_id"], ["__count"]
            )
        }

    def _agency_to_approve_domain(self, teams):
        return [("team_id", "in", teams.ids), ("approval_state", "=", "to_approve"),
                ("state", "in", ("draft", "sent"))]

    def _agency_contract_domain(self, teams):
        return [("lead_id.team_id", "in", teams.ids)]

    def _agency_count_contracts(self, teams):
        Request = self.env["crm.contract.request"]
        if not Request.has_access("read") or not self.env["crm.lead"].has_access("read"):
            return {}
        result = {}
        for lead, state, count in Request._read_group(
            self._agency_contract_domain(teams), ["lead_id", "state"], ["__count"]
        ):
            per_state = result.setdefault(lead.team_id.id, {})
            per_state[state] = per_state.get(state, 0) + count
        return result

    def _agency_count_steps(self, teams):
        Lead = self.env["crm.lead"]
        if not Lead.has_access("read"):
            return {}
        groups = Lead._read_group(
            [("team_id", "in", teams.ids), ("type", "=", "opportunity"), ("process_step", "!=", False)],
            ["team_id", "process_step"],
            ["__count", "expected_revenue:sum"],
        )
        labels = self._agency_selection_labels(Lead, "process_step", PROCESS_STEPS)
        order = {step: index for index, (step, _label) in enumerate(labels)}
        label_of = dict(labels)
        result = {}
        for team, step, count, amount in groups:
            result.setdefault(team.id, []).append(
                {"step": step, "label": label_of.get(step, step), "count": count, "amount": amount}
            )
        for rows in result.values():
            rows.sort(key=lambda row: order.get(row["step"], 99))
        return result

    def _agency_followup_domain(self, teams):
        today = fields.Date.context_today(self)
        return [
            ("team_id", "in", teams.ids),
            ("process_step", "=", "future"),
            ("followup_date", "!=", False),
            ("followup_date", "<=", today + timedelta(days=7)),
        ]

    def _agency_count_followups(self, teams):
        Lead = self.env["crm.lead"]
        if not Lead.has_access("read"):
            return {}
        return {
            team.id: count
            for team, count in Lead._read_group(
                self._agency_followup_domain(teams), ["team_id"], ["__count"]
            )
        }

    def _agency_count_overdue_payments(self, teams):
        """Payment lines due before today and not paid, per team: their
        contract requests' ids (the button opens them)."""
        Line = self.env["crm.contract.payment.line"]
        if not Line.has_access("read") or not self.env["crm.lead"].has_access("read"):
            return {}
        lines = Line.search([
            ("request_id.lead_id.team_id", "in", teams.ids),
            ("request_id.state", "!=", "cancelled"),
            ("due_date", "<", fields.Date.context_today(self)),
        ])
        result = {}
        for line in lines:
            if not line._is_paid():
                result.setdefault(line.request_id.lead_id.team_id.id, []).append(line.id)
        return result

    # ------------------------------------------------------------
    # ACTIONS: the lists behind the figures
    # ------------------------------------------------------------

    def action_agency_to_approve(self):
        self.ensure_one()
        action = self.env["ir.actions.actions"]._for_xml_id("crm_agency_sales.sale_order_action_to_approve")
        action["domain"] = self._agency_to_approve_domain(self)
        return action

    def action_agency_contract_requests(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Contract Requests: %(team)s", team=self.display_name),
            "res_model": "crm.contract.request",
            "view_mode": "list,kanban,form",
            "views": [(False, "list"), (False, "kanban"), (False, "form")],
            "domain": self._agency_contract_domain(self),
            "context": {"group_by": "state"},
        }

    def action_agency_pipeline(self):
        self.ensure_one()
        domain = [("team_id", "=", self.id), ("type", "=", "opportunity")]
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Pipeline: %(team)s", team=self.display_name),
            "res_model": "crm.lead",
            "view_mode": "kanban,list,form",
            "views": [(False, "kanban"), (False, "list"), (False, "form")],
            "domain": domain,
            "context": {"default_team_id": self.id, "default_type": "opportunity"},
        }

    def action_agency_followups(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Follow-ups Due This Week"),
            "res_model": "crm.lead",
            "view_mode": "list,form",
            "views": [(False, "list"), (False, "form")],
            "domain": self._agency_followup_domain(self),
            "context": {},
        }

    def action_agency_overdue_payments(self):
        self.ensure_one()
        line_ids = self._agency_count_overdue_payments(self).get(self.id, [])
        lines = self.env["crm.contract.payment.line"].browse(line_ids)
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Overdue Payments"),
            "res_model": "crm.contract.request",
            "view_mode": "list,form",
            "views": [(False, "list"), (False, "form")],
            "domain": [("id", "in", lines.request_id.ids)],
            "context": {},
        }
