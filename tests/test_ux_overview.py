# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from lxml import etree

from odoo import fields
from odoo.tests import tagged
from odoo.tools.safe_eval import safe_eval

from .contract_common import ContractCommon
from .rpc_common import AgencyRpcMixin


class OverviewCommon(ContractCommon):
    """Fixed data of the agency team: a quotation awaiting approval, a
    contract request with an overdue and a future payment, deals in several
    steps, follow-ups due this week and later."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write({"agency_approval_mode": "always", "agency_approval_amount": 0.0})
        today = fields.Date.context_today(cls.env["crm.team"])
        cls.today = today
        cls.lead_quote = cls._create_lead(step="quotation", name="Quote lead", expected_revenue=5000.0)
        cls.order_to_approve = cls._create_order(cls.lead_quote)
        cls.order_to_approve.with_user(cls.user_sales).action_request_approval()
        cls.followup_soon = cls._create_lead(
            step="future", name="Soon", followup_date=today + timedelta(days=3), expected_revenue=100.0
        )
        cls.followup_late = cls._create_lead(
            step="future", name="Overdue follow-up", followup_date=today - timedelta(days=1)
        )
        cls.followup_later = cls._create_lead(
            step="future", name="Later", followup_date=today + timedelta(days=20)
        )

    def _request_with_payments(self):
        request = self._create_request()
        Line = self.env["crm.contract.payment.line"]
        Line.create([
            {"request_id": request.id, "label": "Overdue test", "amount": 100.0,
             "due_date": self.today - timedelta(days=5)},
            {"request_id": request.id, "label": "Future test", "amount": 100.0,
             "due_date": self.today + timedelta(days=5)},
        ])
        return request


@tagged("post_install", "-at_install", "agency_logic")
class TestAgencyOverview(OverviewCommon):

    def test_overview_counts(self):
        request = self._request_with_payments()
        team = self.team.with_user(self.user_manager)
        self.assertEqual(team.agency_to_approve_count, 1)
        self.assertEqual(team.agency_followup_week_count, 2)  # due in 3 days, and overdue
        self.assertEqual(team.agency_overdue_payment_count, 1)
        self.assertEqual(
            team.agency_contract_summary,
            [{"state": request.state, "label": dict(
                request._fields["state"]._description_selection(self.env))[request.state], "count": 1}],
        )
        self.assertEqual(team.agency_contract_open_count, 1)
        steps = {row["step"]: (row["count"], row["amount"]) for row in team.agency_step_summary}
        self.assertEqual(steps["future"], (3, 100.0))
        self.assertEqual(steps["quotation"], (1, 5000.0))
        self.assertEqual(steps["contract"][0], 1)
        self.assertNotIn("won", steps)
        # in process order
        order = [row["step"] for row in team.agency_step_summary]
        self.assertEqual(order, [s for s in ("quotation", "contract", "future") if s in order])
        # another team counts nothing of these
        other = self.env["crm.team"].create({"name": "Other team"})
        self.assertEqual(other.agency_to_approve_count, 0)
        self.assertFalse(other.agency_step_summary)
        # a paid (or cancelled) schedule is not overdue
        request.payment_line_ids.filtered(lambda l: l.label == "Overdue test").due_date = self.today
        self.team.invalidate_recordset()
        self.assertEqual(self.team.agency_overdue_payment_count, 0)

    def test_sales_plan_of_the_period(self):
        """The card shows the team's plans running today: target, confirmed
        sales and achievement; plans of other periods or teams are left out."""
        Target = self.env["crm.sales.target"]
        month = {"period_type": "month", "period_calendar": "gregorian", "period_date": self.today}
        Target.create(dict(month, team_id=self.team.id, target_amount=20000.0))
        Target.create(dict(month, team_id=self.team.id, target_amount=5000.0,
                           period_date=self.today - timedelta(days=400)))
        Target.create(dict(month, team_id=self.env["crm.team"].create({"name": "Other"}).id,
                           target_amount=7000.0))
        self.order.action_request_approval()
        self.order.with_user(self.user_manager).action_approve()
        self.order.action_confirm()  # 10 x 1,000 for the agency team, today
        team = self.team.with_user(self.user_manager)
        self.assertAlmostEqual(team.agency_target_amount, 20000.0)
        self.assertAlmostEqual(team.agency_target_actual, 10000.0)
        self.assertAlmostEqual(team.agency_target_achievement, 50.0)
        action = team.action_agency_sales_plans()
        self.assertEqual(len(self.env["crm.sales.target"].search(action["domain"])), 2)
        # a plain employee reads no plan: the card shows none
        self.assertEqual(self.team.with_user(self.user_employee).agency_target_amount, 0.0)

    def test_pipeline_card_keeps_the_forecast_kanban(self):
        """crm's forecast kanban replaces the card's first div: the agency's
        line on the card must not be the one it replaces."""
        view = self.env.ref("crm.crm_lead_view_kanban_forecast")
        arch = self.env["crm.lead"].get_views([(view.id, "kanban")])["views"]["kanban"]["arch"]
        self.assertIn("o_agency_card_file", arch)
        self.assertNotIn("record.expected_revenue.raw_value", arch)
        self.assertIn("record.prorated_revenue.raw_value", arch)

    def test_counts_follow_the_users_access(self):
        """A salesperson counts the quotations visible to them."""
        self.assertEqual(self.team.with_user(self.user_sales).agency_to_approve_count, 1)
        self.assertEqual(self.team.with_user(self.user_sales_2).agency_to_approve_count, 0)

    def test_overview_buttons_open_the_lists(self):
        self._request_with_payments()
        team = self.team.with_user(self.user_manager)
        action = team.action_agency_to_approve()
        self.assertEqual(self.env["sale.order"].with_user(self.user_manager).search(action["domain"]),
                         self.order_to_approve)
        action = team.action_agency_followups()
        self.assertEqual(self.env["crm.lead"].with_user(self.user_manager).search(action["domain"]),
                         self.followup_soon | self.followup_late)
        action = team.action_agency_overdue_payments()
        self.assertEqual(len(self.env["crm.contract.request"].search(action["domain"])), 1)
        action = team.action_agency_pipeline()
        pipeline = self.env["crm.lead"].search(action["domain"])
        self.assertEqual(set(pipeline.mapped("team_id")), {self.team})
        self.assertEqual(len(pipeline.filtered(lambda lead: lead.process_step == "future")), 3)
        # a client's context cannot narrow or widen what the buttons open
        self.assertEqual(team.with_context(agency_process_step="won").action_agency_pipeline()["domain"],
                         action["domain"])
        action = team.action_agency_contract_requests()
        self.assertEqual(len(self.env["crm.contract.request"].search(action["domain"])), 1)

    def test_overview_for_finance_and_project(self):
        self._request_with_payments()
        for user in (self.user_finance, self.user_project):
            team = self.team.with_user(user)
            team.read([
                "agency_to_approve_count", "agency_contract_summary", "agency_step_summary",
                "agency_followup_week_count", "agency_overdue_payment_count",
            ])
            self.assertEqual(team.agency_overdue_payment_count, 1)
            team.action_agency_overdue_payments()
            team.action_agency_contract_requests()
            menus = self.env["ir.ui.menu"].with_user(user)._visible_menu_ids()
            self.assertIn(self.env.ref("crm_agency_sales.crm_agency_overview_menu_contracts").id, menus)
            root = self.env.ref("crm_agency_sales.menu_agency_contracts_root")
            first = root.child_id.filtered(lambda m: m.id in menus).sorted("sequence")[:1]
            self.assertEqual(first, self.env.ref("crm_agency_sales.crm_agency_overview_menu_contracts"))
        menus = self.env["ir.ui.menu"].with_user(self.user_sales)._visible_menu_ids()
        self.assertIn(self.env.ref("crm_agency_sales.crm_agency_overview_menu_sales").id, menus)

    def test_to_approve_menu_for_the_manager(self):
        action = self.env["ir.actions.actions"]._for_xml_id("crm_agency_sales.sale_order_action_to_approve")
        self.assertNotIn("search_default_my_quotation", action["context"])
        domain = safe_eval(action["domain"])
        self.assertEqual(self.env["sale.order"].with_user(self.user_manager).search(domain),
                         self.order_to_approve)
        menu = self.env.ref("crm_agency_sales.sale_order_menu_to_approve")
        self.assertEqual(menu.action, self.env.ref("crm_agency_sales.sale_order_action_to_approve"))
        self.assertIn(menu.id, self.env["ir.ui.menu"].with_user(self.user_manager)._visible_menu_ids())
        self.assertNotIn(menu.id, self.env["ir.ui.menu"].with_user(self.user_sales)._visible_menu_ids())
        # once approved, it leaves the list
        self.order_to_approve.with_user(self.user_manager).action_approve()
        self.assertFalse(self.env["sale.order"].with_user(self.user_manager).search(domain))

    def test_pipeline_card_file_number_and_approval(self):
        self.assertEqual(self.lead_quote.agency_quotation_approval_state, "to_approve")
        self.assertFalse(self.followup_soon.agency_quotation_approval_state)
        # the latest quotation decides
        newer = self._create_order(self.lead_quote)
        self.lead_quote.invalidate_recordset()
        self.assertEqual(self.lead_quote.agency_quotation_approval_state, newer.approval_state)
        self.assertNotEqual(newer.approval_state, "to_approve")
        arch = self.env["crm.lead"].with_user(self.user_sales).get_views(
            [(self.env.ref("crm.crm_case_kanban_view_leads").id, "kanban")]
        )["views"]["kanban"]["arch"]
        doc = etree.fromstring(arch)
        self.assertTrue(doc.xpath("//field[@name='file_number']"))
        self.assertTrue(doc.xpath("//field[@name='agency_quotation_approval_state']"))
        leads = self.env["crm.lead"].with_user(self.user_sales).web_search_read(
            [("id", "in", (self.lead_quote | self.followup_soon).ids)],
            {"file_number": {}, "agency_quotation_approval_state": {}},
        )["records"]
        states = {rec["id"]: rec["agency_quotation_approval_state"] for rec in leads}
        self.assertEqual(states[self.followup_soon.id], False)


@tagged("post_install", "-at_install", "agency_rpc")
class TestAgencyOverviewRpc(AgencyRpcMixin, OverviewCommon):

    def test_rpc_overview_as_finance(self):
        self._request_with_payments()
        self.env.flush_all()
        result = self.rpc(
            self.user_finance, "crm.team", "web_search_read", [("id", "=", self.team.id)],
            {"agency_overdue_payment_count": {}, "agency_contract_summary": {}},
        )
        self.assertEqual(result["records"][0]["agency_overdue_payment_count"], 1)

    def test_rpc_to_approve_as_manager(self):
        self.env.flush_all()
        action = self.rpc(self.user_manager, "crm.team", "action_agency_to_approve", [self.team.id])
        ids = self.rpc(self.user_manager, "sale.order", "search", action["domain"])
        self.assertEqual(ids, self.order_to_approve.ids)
