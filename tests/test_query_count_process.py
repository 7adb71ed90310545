# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Query counts inside the agency's process, each measured as the role that
runs the operation (never the superuser), warmed up: creating leads in the
agency's team, moving them through a gate that is met, the quotation made
from a needs assessment and every step of a contract request. The pairs
(1 lead / 20 leads, 3 answers / 30 answers) show what grows with the
records: the budgets are the measured counts, so a regression (a query per
lead, per activity, per line of this module's code) fails here."""
import base64

from lxml import etree

from odoo import Command
from odoo.tests import tagged, users, warmup

from ..tools.internal import internal_context
from .contract_common import ContractCommon
from .test_query_count import spec_from_arch


@tagged("post_install", "-at_install", "agency_perf")
class TestAgencyQueryCountProcess(ContractCommon):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.agency_approval_mode = "never"
        cls.leads = cls._create_leads(21, "new")
        cls.bare_leads = cls._create_leads(21, "new")
        cls.bare_leads.activity_ids.unlink()
        products = cls.env["product.product"].create([
            {"name": "Perf service %d" % i, "type": "service", "list_price": 100.0 + i}
            for i in range(30)
        ])
        cls.template = cls.env["crm.assessment.template"].create({
            "name": "Perf needs", "kind": "needs",
            "question_ids": [Command.create({"sequence": i, "name": "Quantity of %s" % product.name,
                                             "answer_type": "number", "product_id": product.id})
                             for i, product in enumerate(products)],
        })

    @classmethod
    def _create_leads(cls, count, step):
        Lead = cls.env["crm.lead"].with_context(**internal_context("agency_skip_stage_gates"))
        leads = Lead.create([{
            "name": "Perf process %d" % i, "type": "opportunity", "team_id": cls.team.id,
            "user_id": cls.user_sales.id, "partner_id": cls.customer.id, "stage_id": cls.stages[step].id,
        } for i in range(count)])
        return cls.env["crm.lead"].browse(leads.ids)

    def _assessed_lead(self, answers):
        """A lead at the needs-assessment step with a done form of
        ``answers`` answered product questions."""
        lead = self._create_leads(1, "assessment")
        form = self.env["crm.needs.assessment"].create({"lead_id": lead.id, "template_id": self.template.id})
        for index, answer in enumerate(form.answer_ids, start=1):
            answer.value_number = index if index <= answers else 0
        form.action_done()
        self.env.invalidate_all()
        return lead

    def _create(self, count):
        return self.env["crm.lead"].create([{
            "name": "New process %d" % i, "type": "opportunity", "team_id": self.team.id,
            "user_id": self.user_sales.id, "partner_id": self.customer.id,
            "stage_id": self.stages["new"].id,
        } for i in range(count)])

    @users("agency_sales")
    @warmup
    def test_create_in_process(self):
        """Creating 1 or 20 leads at the new step: file numbers, gate and
        entry activities in batches."""
        with self.assertQueryCount(agency_sales=QUERIES["create_1"]):
            lead = self._create(1)
        with self.assertQueryCount(agency_sales=QUERIES["create_20"]):
            leads = self._create(20)
        self.assertEqual((lead | leads).mapped("process_step"), ["new"] * 21)
        self.assertEqual(len(set((lead | leads).mapped("file_number"))), 21)
        self.assertEqual(len((lead | leads).activity_ids), 21 * len(self.stages["new"].entry_plan_id.template_ids))

    @users("agency_sales")
    @warmup
    def test_stage_change_in_process(self):
        """Moving 1 or 20 leads new -> qualify (the gate is met): gate,
        the new step's activities done, the qualify step's plan."""
        leads = self.env["crm.lead"].browse(self.leads.ids)
        target = self.stages["qualify"]
        with self.assertQueryCount(agency_sales=QUERIES["stage_1"]):
            leads[0].write({"stage_id": target.id})
        with self.assertQueryCount(agency_sales=QUERIES["stage_20"]):
            leads[1:].write({"stage_id": target.id})
        self.assertEqual(set(leads.mapped("process_step")), {"qualify"})

    @users("agency_sales")
    @warmup
    def test_stage_change_in_process_no_open_activity(self):
        """The same moves for leads whose new-step activities were already
        done: what grows with the leads in ``test_stage_change_in_process``
        beyond this is Odoo's "activity done" message, one per closed
        activity (``mail.activity.action_feedback`` posts each); what
        grows here is Odoo's tracking message per lead, as outside the
        process (TestAgencyQueryCount.test_stage_change_outside_process)."""
        leads = self.env["crm.lead"].browse(self.bare_leads.ids)
        target = self.stages["qualify"]
        with self.assertQueryCount(agency_sales=QUERIES["stage_1_bare"]):
            leads[0].write({"stage_id": target.id})
        with self.assertQueryCount(agency_sales=QUERIES["stage_20_bare"]):
            leads[1:].write({"stage_id": target.id})
        self.assertEqual(set(leads.mapped("process_step")), {"qualify"})

    @users("agency_sales")
    @warmup
    def test_kanban_column_in_process(self):
        """A column of the agency's pipeline: the cards' process fields cost
        a fixed number of queries per column (1 card or 40 cards: 11 and 13,
        the new step's cards carry activities), never one per card; the
        approval badge is read for the process's cards only."""
        Lead = self.env["crm.lead"].with_context(default_team_id=self.team.id)
        arch = Lead.get_views([(False, "kanban")])["views"]["kanban"]["arch"]
        spec = spec_from_arch(Lead, etree.fromstring(arch))
        domain = [("team_id", "=", self.team.id)]
        self.env.invalidate_all()
        with self.assertQueryCount(agency_sales=QUERIES["kanban_column_1"]):
            records = Lead.web_search_read(domain + [("stage_id", "=", self.stages["contract"].id)],
                                           spec, limit=40)["records"]
        self.assertEqual([r["agency_quotation_approval_state"] for r in records], ["not_required"])
        self.env.invalidate_all()
        with self.assertQueryCount(agency_sales=QUERIES["kanban_column_40"]):
            records = Lead.web_search_read(domain + [("stage_id", "=", self.stages["new"].id)],
                                           spec, limit=40)["records"]
        self.assertEqual(len(records), 40)
        outside = self.env["crm.lead"].create({
            "name": "Stock pipeline", "type": "opportunity", "user_id": self.user_sales.id,
            "team_id": self.env.ref("sales_team.team_sales_department").id, "partner_id": self.customer.id,
        })
        self.env["sale.order"].create({"partner_id": self.customer.id, "opportunity_id": outside.id})
        self.assertFalse(outside.process_step)
        self.assertFalse(outside.agency_quotation_approval_state)

    @users("agency_sales")
    @warmup
    def test_quotation_from_assessment(self):
        """The quotation of a done needs assessment with 3 or 30 answered
        product questions (one create for every line)."""
        small, big = self._assessed_lead(3), self._assessed_lead(30)
        with self.assertQueryCount(agency_sales=QUERIES["quotation_3"]):
            self.env["crm.lead"].browse(small.id).action_create_quotation()
        with self.assertQueryCount(agency_sales=QUERIES["quotation_30"]):
            action = self.env["crm.lead"].browse(big.id).action_create_quotation()
        self.assertEqual(len(self.env["sale.order"].browse(action["res_id"]).order_line), 30)
        self.assertEqual(big.process_step, "quotation")

    @warmup
    def test_contract_request_steps(self):
        """Every step of a contract request, as its role: submit, drafted
        (the contract document rendered and attached), sent, signing
        meeting, signed (the order confirmed), legal archive, execution."""
        request = self._create_request()
        self.env.invalidate_all()
        steps = [
            ("agency_sales", "action_submit", "submitted"),
            ("agency_finance", "action_drafted", "drafted"),
            ("agency_sales", "action_mark_sent", "sent"),
            ("agency_sales", "action_book_signing", "signing"),
            ("agency_sales", "action_sign", "signed"),
            ("agency_finance", "action_register_legal_archive", "archived"),
            ("agency_project", "action_start_execution", "in_execution"),
        ]
        for login, method, state in steps:
            if state == "signed":
                scan = self.env["ir.attachment"].with_user(self.user_sales).create({
                    "name": "signed.pdf", "datas": base64.b64encode(b"%PDF-1.4 signed"),
                    "res_model": "crm.contract.request", "res_id": request.id,
                })
                request.with_user(self.user_sales).write({
                    "signed_attachment_ids": [Command.link(scan.id)], "check_pages_signed": True,
                    "check_pages_stamped": True, "check_authorized_signatories": True,
                })
                self.env.flush_all()
                self.env.invalidate_all()
            with self.with_user(login), self.assertQueryCount(**{login: QUERIES["request_" + state]}):
                getattr(request.with_env(self.env), method)()
            self.assertEqual(request.state, state)


# measured counts (Odoo 18 + crm_agency_sales, test database without demo
# data, mail tracking at flush as in tests). What grows from 1 to 20 is
# Odoo's per record: creating, its creation message and followers (outside
# the process 26 / 191); moving, its tracking message (outside 19 / 166)
# and, here, the "done" message mail.activity.action_feedback posts for
# each closed activity (no open activity: 34 / 174); the quotation, stock's
# computes of each sale.order.line (about 2 queries per line). The addon's
# own part is flat: +13 / +7 on create (its sales-file numbers, gate and
# entry activities), +15 / +8 on a move.
QUERIES = {
    "create_1": 39,
    "create_20": 198,
    "stage_1": 52,
    "stage_20": 291,
    "stage_1_bare": 34,
    "stage_20_bare": 174,
    "kanban_column_1": 11,
    "kanban_column_40": 13,
    "quotation_3": 110,
    "quotation_30": 160,
    "request_submitted": 81,
    "request_drafted": 88,
    "request_sent": 11,
    "request_signing": 104,
    "request_signed": 162,
    "request_archived": 49,
    "request_in_execution": 29,
}
