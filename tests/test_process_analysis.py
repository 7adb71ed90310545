# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import datetime, timedelta

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import AgencyCommon

DAY = timedelta(days=1)


@tagged("post_install", "-at_install", "agency_logic")
class TestProcessAnalysis(AgencyCommon):
    """Process analysis on fixed data: every figure is computed by hand in
    the test."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the leads below move freely: the gates are tested elsewhere
        cls.company.agency_enforce_stage_gates = False
        cls.Funnel = cls.env["crm.agency.funnel.report"]

    # ------------------------------------------------------------
    # helpers
    # ------------------------------------------------------------

    def _now(self):
        """The transaction's NOW() in UTC: the end of the open stays."""
        self.env.cr.execute("SELECT NOW() AT TIME ZONE 'UTC'")
        return self.env.cr.fetchone()[0]

    def _set_stays(self, lead, stays):
        """Rewrite the recorded stays of ``lead`` in order: ``stays`` is a
        list of (step, date_in, date_out or None)."""
        self.env.flush_all()
        self.env.cr.execute(
            "SELECT id, step FROM crm_lead_step_entry WHERE lead_id = %s ORDER BY date_in, id",
            [lead.id],
        )
        rows = self.env.cr.fetchall()
        self.assertEqual([step for _id, step in rows], [step for step, _in, _out in stays])
        for (entry_id, _step), (_s, date_in, date_out) in zip(rows, stays):
            self.env.cr.execute(
                "UPDATE crm_lead_step_entry SET date_in = %s, date_out = %s WHERE id = %s",
                [date_in, date_out, entry_id],
            )
        self.env.invalidate_all()

    def _funnel(self, leads, domain=(), user=None, fields=("__count",)):
        Funnel = self.Funnel.with_user(user) if user else self.Funnel
        groups = Funnel.read_group(
            [("lead_id", "in", leads.ids), *domain], list(fields), ["step"], lazy=False
        )
        return {group["step"]: group for group in groups}

    def _make_funnel_leads(self):
        """L1 new -> qualify -> docs_sent; L2 new -> quotation (skips three
        steps); L3 created won; L4 new -> negotiation -> future; L5 (second
        salesperson) new, then lost."""
        st = self.stages
        l1 = self._create_lead(name="L1", expected_revenue=100)
        l1.stage_id = st["qualify"]
        l1.stage_id = st["docs_sent"]
        l2 = self._create_lead(name="L2", expected_revenue=200)
        l2.stage_id = st["quotation"]
        l3 = self._create_lead(name="L3", step="won", expected_revenue=400)
        l4 = self._create_lead(name="L4", expected_revenue=800, contact_origin="warm")
        l4.stage_id = st["negotiation"]
        l4.stage_id = st["future"]
        l5 = self._create_lead(name="L5", user=self.user_sales_2, expected_revenue=1600)
        l5.active = False
        return l1, l2, l3, l4, l5

    # ------------------------------------------------------------
    # stage history
    # ------------------------------------------------------------

    def test_step_entries_recorded(self):
        lead = self._create_lead(name="History")
        lead.stage_id = self.stages["qualify"]
        lead.write({"name": "History (renamed)"})  # no stage change: no stay
        lead.stage_id = self.stages["qualify"]  # same stage: no new stay
        lead.stage_id = self.stages["docs_sent"]
        entries = self.env["crm.lead.step.entry"].search([("lead_id", "=", lead.id)])
        self.assertEqual(entries.mapped("step"), ["new", "qualify", "docs_sent"])
        self.assertTrue(all(entries[:2].mapped("date_out")))
        self.assertFalse(entries[2].date_out)
        self.assertEqual(entries.mapped("user_id"), self.user_sales)

    def test_step_entries_batch_write(self):
        leads = self._create_lead(name="A") | self._create_lead(name="B")
        leads.write({"stage_id": self.stages["assessment"].id})
        entries = self.env["crm.lead.step.entry"].search([("lead_id", "in", leads.ids)])
        self.assertEqual(len(entries), 4)
        self.assertEqual(len(entries.filtered(lambda e: not e.date_out)), 2)
        self.assertEqual(set(entries.filtered(lambda e: not e.date_out).mapped("step")), {"assessment"})

    def test_step_entries_not_writable_by_users(self):
        lead = self._create_lead(name="Protected")
        entry = self.env["crm.lead.step.entry"].search([("lead_id", "=", lead.id)])
        for user in (self.user_sales, self.user_manager):
            with self.assertRaises(AccessError):
                entry.with_user(user).write({"date_in": datetime(2020, 1, 1)})
            with self.assertRaises(AccessError):
                entry.with_user(user).unlink()

    # ------------------------------------------------------------
    # funnel
    # ------------------------------------------------------------

    def test_funnel_reached_counts_amounts_conversion(self):
        leads = self.env["crm.lead"].concat(*self._make_funnel_leads())
        funnel = self._funnel(
            leads, fields=["__count", "expected_revenue:sum", "reached_next:sum", "conversion_rate:avg"]
        )
        # reached: L1 new..docs_sent; L2 new..quotation; L3 every path step;
        # L4 new..negotiation and future; L5 (lost) new.
        expected = {
            "new": (5, 3100, 4, 80.0),
            "qualify": (4, 1500, 4, 100.0),
            "docs_sent": (4, 1500, 3, 75.0),
            "assessment": (3, 1400, 3, 100.0),
            "quotation": (3, 1400, 2, 200 / 3),
            "negotiation": (2, 1200, 1, 50.0),
            "contract": (1, 400, 1, 100.0),
            "won": (1, 400, None, None),
            "future": (1, 800, None, None),
        }
        self.assertEqual(set(funnel), set(expected))
        # the groups come in the order of the process
        groups = self.Funnel.read_group([("lead_id", "in", leads.ids)], ["lead_count:sum"], ["step"])
        self.assertEqual([g["step"] for g in groups], list(expected))
        self.assertEqual([g["lead_count"] for g in groups], [e[0] for e in expected.values()])
        for step, (count, amount, reached_next, rate) in expected.items():
            group = funnel[step]
            self.assertEqual(group["__count"], count, step)
            self.assertAlmostEqual(group["expected_revenue"], amount, msg=step)
            if rate is None:
                self.assertFalse(group["reached_next"], step)
                self.assertFalse(group["conversion_rate"], step)
            else:
                self.assertEqual(group["reached_next"], reached_next, step)
                self.assertAlmostEqual(group["conversion_rate"], rate, places=4, msg=step)

    def test_funnel_filters(self):
        l1, l2, l3, l4, l5 = self._make_funnel_leads()
        leads = l1 | l2 | l3 | l4 | l5
        # by salesperson: only L5 belongs to the second salesperson
        self.assertEqual(
            {step: g["__count"] for step, g in self._funnel(leads, [("user_id", "=", self.user_sales_2.id)]).items()},
            {"new": 1},
        )
        # by contact origin: L4 is the only warm lead
        warm = self._funnel(leads, [("contact_origin", "=", "warm")])
        self.assertEqual(
            {step: g["__count"] for step, g in warm.items()},
            {s: 1 for s in ("new", "qualify", "docs_sent", "assessment", "quotation", "negotiation", "future")},
        )
        # lost leads stay in the funnel, and can be filtered out
        self.assertEqual(self._funnel(leads, [("lead_active", "=", True)])["new"]["__count"], 4)
        # skipped steps are flagged: L2 skipped qualify, docs_sent and assessment
        skipped = self.Funnel.search([("lead_id", "=", l2.id), ("skipped", "=", True)])
        self.assertEqual(set(skipped.mapped("step")), {"qualify", "docs_sent", "assessment"})
        # by team
        self.assertEqual(self._funnel(leads, [("team_id", "=", self.team.id)])["new"]["__count"], 5)

    def test_funnel_by_service(self):
        product = self.env["product.product"].create({"name": "SEO", "type": "service"})
        template = self.env["crm.assessment.template"].create({
            "name": "SEO needs", "kind": "needs", "product_id": product.id,
        })
        lead = self._create_lead(name="SEO lead")
        other = self._create_lead(name="No assessment")
        self.env["crm.needs.assessment"].create({"lead_id": lead.id, "template_id": template.id})
        funnel = self._funnel(lead | other, [("service_id", "=", product.id)])
        self.assertEqual({step: g["__count"] for step, g in funnel.items()}, {"new": 1})

    def test_funnel_lead_without_history(self):
        """Leads created before the install have no recorded stay: their
        current stage counts, and every path step before it."""
        lead = self._create_lead(name="Old lead", step="assessment")
        self.env.flush_all()
        self.env.cr.execute("DELETE FROM crm_lead_step_entry WHERE lead_id = %s", [lead.id])
        self.env.invalidate_all()
        funnel = self._funnel(lead)
        self.assertEqual(set(funnel), {"new", "qualify", "docs_sent", "assessment"})

    def test_time_in_step_average_and_median(self):
        l1, l2, l3, l4, l5 = self._make_funnel_leads()
        now = self._now()
        t = now - 30 * DAY
        self._set_stays(l1, [("new", t, t + 2 * DAY), ("qualify", t + 2 * DAY, t + 5 * DAY),
                             ("docs_sent", t + 5 * DAY, None)])
        self._set_stays(l2, [("new", t, t + 1 * DAY), ("quotation", t + DAY, None)])
        self._set_stays(l3, [("won", now - DAY, None)])
        self._set_stays(l4, [("new", t, t + 9 * DAY), ("negotiation", t + 9 * DAY, t + 15 * DAY),
                             ("future", t + 15 * DAY, None)])
        self._set_stays(l5, [("new", now - 3 * DAY, None)])
        funnel = self._funnel(
            l1 | l2 | l3 | l4 | l5, fields=["days_in_step:avg", "days_in_step_median:median"]
        )
        # new: L1 2, L2 1, L4 9, L5 3 (open, up to now); L3 skipped it.
        self.assertAlmostEqual(funnel["new"]["days_in_step"], 15 / 4, places=4)
        self.assertAlmostEqual(funnel["new"]["days_in_step_median"], 2.5, places=4)
        # qualify: only L1 stayed (3 days); L2, L3, L4 skipped it.
        self.assertAlmostEqual(funnel["qualify"]["days_in_step"], 3, places=4)
        self.assertAlmostEqual(funnel["qualify"]["days_in_step_median"], 3, places=4)
        # open stays count up to now: docs_sent L1 25, quotation L2 29,
        # negotiation L4 6, future L4 15, won L3 1.
        self.assertAlmostEqual(funnel["docs_sent"]["days_in_step"], 25, places=4)
        self.assertAlmostEqual(funnel["quotation"]["days_in_step"], 29, places=4)
        self.assertAlmostEqual(funnel["negotiation"]["days_in_step"], 6, places=4)
        self.assertAlmostEqual(funnel["future"]["days_in_step"], 15, places=4)
        self.assertAlmostEqual(funnel["won"]["days_in_step"], 1, places=4)
        # nobody stayed in assessment or contract
        self.assertFalse(funnel["assessment"]["days_in_step"])
        self.assertFalse(funnel["contract"]["days_in_step_median"])

    def test_time_in_step_revisits_are_summed(self):
        lead = self._create_lead(name="Back and forth")
        lead.stage_id = self.stages["qualify"]
        lead.stage_id = self.stages["new"]
        lead.stage_id = self.stages["qualify"]
        t = self._now() - 10 * DAY
        self._set_stays(lead, [("new", t, t + DAY), ("qualify", t + DAY, t + 3 * DAY),
                               ("new", t + 3 * DAY, t + 6 * DAY), ("qualify", t + 6 * DAY, None)])
        funnel = self._funnel(lead, fields=["__count", "days_in_step:avg"])
        self.assertEqual(funnel["new"]["__count"], 1)
        self.assertAlmostEqual(funnel["new"]["days_in_step"], 4, places=4)
        self.assertAlmostEqual(funnel["qualify"]["days_in_step"], 6, places=4)

    # ------------------------------------------------------------
    # access
    # ------------------------------------------------------------

    def test_funnel_access(self):
        leads = self.env["crm.lead"].concat(*self._make_funnel_leads())
        # a salesperson sees their own leads only (L5 is Sam's)
        self.assertEqual(self._funnel(leads, user=self.user_sales)["new"]["__count"], 4)
        self.assertEqual(self._funnel(leads, user=self.user_sales_2)["new"]["__count"], 1)
        # the manager sees them all
        self.assertEqual(self._funnel(leads, user=self.user_manager)["new"]["__count"], 5)
        # another company's salesperson sees none
        self.assertFalse(self._funnel(leads, user=self.user_sales_c2))
        # finance and plain employees have no access to the funnel
        for user in (self.user_finance, self.user_employee):
            with self.assertRaises(AccessError):
                self._funnel(leads, user=user)

    def test_funnel_query_count_does_not_grow(self):
        """Opening the funnel (read_group of the pivot's grouping) costs the
        same queries for 5 or 40 leads."""
        def count_queries(n):
            leads = self.env["crm.lead"].create([
                {"name": "Q%s" % i, "type": "opportunity", "team_id": self.team.id,
                 "user_id": self.user_sales.id, "stage_id": self.stages["qualify"].id}
                for i in range(n)
            ])
            self.env.flush_all()
            self.env.invalidate_all()
            Funnel = self.Funnel.with_user(self.user_manager)
            before = self.cr.sql_log_count
            Funnel.read_group([("lead_id", "in", leads.ids)], ["__count", "expected_revenue:sum",
                                                               "conversion_rate:avg"], ["step"])
            return self.cr.sql_log_count - before
        count_queries(1)  # warm the caches (access rights, rules)
        self.assertEqual(count_queries(5), count_queries(40))


@tagged("post_install", "-at_install", "agency_logic")
class TestContractTurnaround(AgencyCommon):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_finance_2 = new_test_user(
            cls.env, login="agency_finance2", name="Fatemeh Finance",
            groups="crm_agency_sales.group_agency_finance",
        )
        cls.lead = cls._create_lead(name="Contract lead", step="contract")
        Request = cls.env["crm.contract.request"]
        cls.requests = Request.create([
            {"partner_id": cls.customer.id, "user_id": cls.user_sales.id, "lead_id": cls.lead.id,
             "amount": amount}
            for amount in (1000, 2000, 3000, 4000)
        ])
        day = timedelta(days=1)
        jan5 = datetime(2026, 1, 5, 9, 0)
        jan20 = datetime(2026, 1, 20, 9, 0)
        feb3 = datetime(2026, 2, 3, 9, 0)
        rows = [
            # R1, January: drafted after 2 days, signed 3 days later,
            # archived 1 day later, execution 4 days later
            (cls.requests[0], "in_execution", cls.user_finance, jan5, jan5 + 2 * day,
             jan5 + 5 * day, jan5 + 6 * day, jan5 + 10 * day),
            # R2, January: drafted after 4 days, signed 5 days later
            (cls.requests[1], "signed", cls.user_finance_2, jan20, jan20 + 4 * day,
             jan20 + 9 * day, None, None),
            # R3, February: drafted after 1 day
            (cls.requests[2], "drafted", cls.user_finance, feb3, feb3 + day, None, None, None),
            # R4 is a draft: not in the analysis
        ]
        cls.env.flush_all()
        for request, state, finance, submitted, drafted, signed, archived, execution in rows:
            cls.env.cr.execute(
                """UPDATE crm_contract_request
                      SET state = %s, drafted_by_id = %s, submitted_on = %s, drafting_end_on = %s,
                          signed_on = %s, archived_on = %s, execution_started_on = %s
                    WHERE id = %s""",
                [state, finance.id, submitted, drafted, signed, archived, execution, request.id],
            )
        cls.env.invalidate_all()
        cls.Report = cls.env["crm.agency.contract.turnaround.report"]
        cls.measures = ["__count", "days_to_drafted:avg", "days_to_signed:avg",
                        "days_to_archived:avg", "days_to_execution:avg", "days_total:avg"]

    def _groups(self, groupby, user=None):
        Report = self.Report.with_user(user) if user else self.Report
        return Report.read_group(
            [("request_id", "in", self.requests.ids)], self.measures, [groupby], lazy=False
        )

    def test_turnaround_per_finance_officer(self):
        groups = {g["drafted_by_id"][0]: g for g in self._groups("drafted_by_id")}
        self.assertEqual(set(groups), {self.user_finance.id, self.user_finance_2.id})
        mine = groups[self.user_finance.id]
        self.assertEqual(mine["__count"], 2)
        self.assertAlmostEqual(mine["days_to_drafted"], 1.5)  # (2 + 1) / 2
        self.assertAlmostEqual(mine["days_to_signed"], 3)  # R1 only
        self.assertAlmostEqual(mine["days_to_archived"], 1)
        self.assertAlmostEqual(mine["days_to_execution"], 4)
        self.assertAlmostEqual(mine["days_total"], 10)
        other = groups[self.user_finance_2.id]
        self.assertEqual(other["__count"], 1)
        self.assertAlmostEqual(other["days_to_drafted"], 4)
        self.assertAlmostEqual(other["days_to_signed"], 5)
        self.assertFalse(other["days_to_archived"])

    def test_turnaround_per_month(self):
        groups = {g["submitted_on:month"]: g for g in self._groups("submitted_on:month")}
        self.assertEqual(len(groups), 2)
        january = next(g for key, g in groups.items() if "January" in key)
        february = next(g for key, g in groups.items() if "February" in key)
        self.assertEqual(january["__count"], 2)
        self.assertAlmostEqual(january["days_to_drafted"], 3)  # (2 + 4) / 2
        self.assertAlmostEqual(january["days_to_signed"], 4)  # (3 + 5) / 2
        self.assertAlmostEqual(january["days_to_archived"], 1)
        self.assertEqual(february["__count"], 1)
        self.assertAlmostEqual(february["days_to_drafted"], 1)
        self.assertFalse(february["days_to_signed"])

    def test_turnaround_median(self):
        groups = self.Report.read_group(
            [("request_id", "in", self.requests.ids)], ["days_to_drafted_median:median"], [], lazy=False
        )
        self.assertAlmostEqual(groups[0]["days_to_drafted_median"], 2)  # 1, 2, 4

    def test_turnaround_access(self):
        # finance and the manager see every request; the salesperson owns them
        for user in (self.user_finance, self.user_manager, self.user_sales):
            self.assertEqual(sum(g["__count"] for g in self._groups("drafted_by_id", user=user)), 3)
        self.assertFalse(self._groups("drafted_by_id", user=self.user_sales_2))
        self.assertFalse(self._groups("drafted_by_id", user=self.user_sales_c2))
        with self.assertRaises(AccessError):
            self._groups("drafted_by_id", user=self.user_employee)


@tagged("post_install", "-at_install", "agency_logic")
class TestApprovalAnalysis(AgencyCommon):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager_2 = new_test_user(
            cls.env, login="agency_manager2", name="Mehdi Manager",
            groups="sales_team.group_sale_manager",
        )
        product = cls.env["product.product"].create({"name": "Ads", "type": "service", "list_price": 100})
        cls.orders = cls.env["sale.order"].create([
            {"partner_id": cls.customer.id, "user_id": user.id, "team_id": cls.team.id,
             "order_line": [Command.create({"product_id": product.id, "product_uom_qty": 1,
                                            "price_unit": 100, "tax_id": [Command.clear()]})]}
            for user in (cls.user_sales, cls.user_sales, cls.user_sales, cls.user_sales_2, cls.user_sales)
        ])
        h = timedelta(hours=1)
        mar1 = datetime(2026, 3, 1, 10, 0)
        mar2 = datetime(2026, 3, 2, 9, 0)
        mar3 = datetime(2026, 3, 3, 8, 0)
        rows = [
            # O1 approved by Mona after 4 hours
            (cls.orders[0], mar1, cls.user_manager, mar1 + 4 * h, None, None),
            # O2 rejected by Mona after half an hour
            (cls.orders[1], mar2, None, None, cls.user_manager, mar2 + 0.5 * h),
            # O3 approved by Mehdi after a day
            (cls.orders[2], mar3, cls.manager_2, mar3 + 24 * h, None, None),
            # O4 (Sam's) pending
            (cls.orders[3], mar3, None, None, None, None),
            # O5: approval never requested, not in the analysis
        ]
        cls.env.flush_all()
        for order, requested, approver, approved, rejecter, rejected in rows:
            cls.env.cr.execute(
                """UPDATE sale_order
                      SET approval_requested_on = %s, approved_by_id = %s, approved_on = %s,
                          rejected_by_id = %s, rejected_on = %s
                    WHERE id = %s""",
                [requested, approver and approver.id, approved, rejecter and rejecter.id, rejected, order.id],
            )
        cls.env.invalidate_all()
        cls.Report = cls.env["crm.agency.approval.report"]

    def _groups(self, groupby, user=None):
        Report = self.Report.with_user(user) if user else self.Report
        return Report.read_group(
            [("order_id", "in", self.orders.ids)],
            ["__count", "approved_count:sum", "rejected_count:sum", "hours_to_decision:avg"],
            [groupby], lazy=False,
        )

    def test_approvals_per_manager(self):
        groups = {g["manager_id"] and g["manager_id"][0]: g for g in self._groups("manager_id")}
        mona = groups[self.user_manager.id]
        self.assertEqual((mona["__count"], mona["approved_count"], mona["rejected_count"]), (2, 1, 1))
        self.assertAlmostEqual(mona["hours_to_decision"], 2.25)  # (4 + 0.5) / 2
        mehdi = groups[self.manager_2.id]
        self.assertEqual((mehdi["approved_count"], mehdi["rejected_count"]), (1, 0))
        self.assertAlmostEqual(mehdi["hours_to_decision"], 24)
        pending = groups[False]
        self.assertEqual((pending["__count"], pending["approved_count"], pending["rejected_count"]), (1, 0, 0))
        self.assertFalse(pending["hours_to_decision"])

    def test_approvals_per_outcome_and_median(self):
        groups = {g["outcome"]: g["__count"] for g in self._groups("outcome")}
        self.assertEqual(groups, {"approved": 2, "rejected": 1, "pending": 1})
        total = self.Report.read_group(
            [("order_id", "in", self.orders.ids)], ["hours_to_decision_median:median"], [], lazy=False
        )
        self.assertAlmostEqual(total[0]["hours_to_decision_median"], 4)  # 0.5, 4, 24

    def test_approvals_access(self):
        self.assertEqual(sum(g["__count"] for g in self._groups("outcome", user=self.user_sales)), 3)
        self.assertEqual(sum(g["__count"] for g in self._groups("outcome", user=self.user_sales_2)), 1)
        self.assertEqual(sum(g["__count"] for g in self._groups("outcome", user=self.user_manager)), 4)
        self.assertFalse(self._groups("outcome", user=self.user_sales_c2))
        for user in (self.user_finance, self.user_employee):
            with self.assertRaises(AccessError):
                self._groups("outcome", user=user)

    def test_menus(self):
        """The Sales Process reporting menu holds the analyses and the
        objections analysis."""
        menu = self.env.ref("crm_agency_sales.crm_agency_process_report_menu")
        actions = menu.child_id.mapped("action")
        self.assertIn(self.env.ref("crm_agency_sales.crm_objection_action_report"), actions)
        self.assertIn(self.env.ref("crm_agency_sales.crm_agency_funnel_report_action"), actions)
        for action in actions:
            self.env[action.res_model].with_user(self.user_manager).read_group([], ["__count"], [])
