# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .complaint_common import ComplaintCommon
from .contract_common import ContractCommon


@tagged("post_install", "-at_install", "agency_logic")
class TestComplaintFlow(ComplaintCommon):

    def test_reference_and_deadline_from_severity(self):
        complaint = self._complaint()
        self.assertTrue(complaint.name.startswith("CMP/"))
        self.assertEqual(complaint.state, "new")
        self.assertEqual(complaint.user_id, self.user_sales, "the creator is in charge by default")
        self.assertEqual(complaint.salesperson_id, self.user_sales)
        self.assertEqual(complaint.team_id, self.team)
        self.assertEqual(complaint.deadline, complaint.date + timedelta(hours=72))
        complaint.severity = "critical"
        self.assertEqual(complaint.deadline, complaint.date + timedelta(hours=4))
        # the category's response times are configurable
        self.category.response_hours_low = 240
        complaint.severity = "low"
        self.assertEqual(complaint.deadline, complaint.date + timedelta(hours=240))
        # the deadline can be set by hand
        manual = complaint.date + timedelta(days=1)
        complaint.deadline = manual
        self.assertEqual(complaint.deadline, manual)

    def test_category_response_times_positive(self):
        with self.assertRaisesRegex(ValidationError, "positive"):
            self.category.response_hours_high = 0

    def test_respond_activity_for_expert(self):
        complaint = self._complaint(user_id=self.user_sales_2.id)
        activity = complaint.activity_ids
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.user_sales_2)
        self.assertEqual(
            activity.activity_type_id, self.env.ref("crm_agency_sales.mail_activity_type_complaint_respond")
        )
        self.assertEqual(activity.date_deadline, fields.Date.context_today(complaint, complaint.deadline))
        # a new expert takes the activity over
        complaint.user_id = self.user_manager
        self.assertEqual(complaint.activity_ids.user_id, self.user_manager)

    def test_full_flow_by_roles(self):
        """The expert starts and resolves, the salesperson closes."""
        complaint = self._complaint(user_id=self.user_sales_2.id)
        complaint.with_user(self.user_manager).date = fields.Datetime.now() - timedelta(hours=48)
        complaint.with_user(self.user_sales_2).action_start()
        self.assertEqual(complaint.state, "in_progress")
        self.assertEqual(complaint.started_by_id, self.user_sales_2)
        self.assertTrue(complaint.started_on)
        resolve_type = self.env.ref("crm_agency_sales.mail_activity_type_complaint_resolve")
        self.assertEqual(complaint.activity_ids.activity_type_id, resolve_type)
        self.assertEqual(complaint.activity_ids.user_id, self.user_sales_2)

        self._resolve(complaint, self.user_sales_2)
        self.assertEqual(complaint.state, "resolved")
        self.assertEqual(complaint.resolved_by_id, self.user_sales_2)
        self.assertTrue(complaint.customer_confirmed)
        self.assertEqual(complaint.customer_confirmed_by, "Ms Ahmadi")
        self.assertIn("designer", complaint.root_cause)
        self.assertAlmostEqual(complaint.resolution_hours, 48, delta=0.1)
        self.assertAlmostEqual(complaint.resolution_days, 2, delta=0.01)
        self.assertEqual(complaint.activity_ids.user_id, self.user_sales, "the salesperson closes")

        complaint.with_user(self.user_sales).action_close()
        self.assertEqual(complaint.state, "closed")
        self.assertEqual(complaint.closed_by_id, self.user_sales)
        self.assertFalse(complaint.activity_ids)
        self.assertTrue(complaint.message_ids.filtered(lambda m: "designer" in (m.body or "")))

    def test_manager_does_every_step(self):
        complaint = self._complaint()
        manager = complaint.with_user(self.user_manager)
        manager.action_start()
        self._resolve(complaint, self.user_manager)
        manager.action_close()
        self.assertEqual(complaint.state, "closed")

    def test_expert_cannot_close(self):
        complaint = self._complaint(user_id=self.user_sales_2.id)
        complaint.with_user(self.user_sales_2).action_start()
        self._resolve(complaint, self.user_sales_2)
        with self.assertRaisesRegex(AccessError, "salesperson of the customer or a sales manager"):
            complaint.with_user(self.user_sales_2).action_close()
        self.assertEqual(complaint.state, "resolved")

    def test_reject_by_manager_with_reason(self):
        complaint = self._complaint()
        with self.assertRaisesRegex(AccessError, "sales manager"):
            complaint.with_user(self.user_sales).action_open_reject_wizard()
        with self.assertRaises(AccessError):
            self._reject(complaint, self.user_sales)
        with self.assertRaisesRegex(UserError, "reason"):
            self._reject(complaint, self.user_manager, reason="  ")
        self.assertEqual(complaint.state, "new")
        self._reject(complaint, self.user_manager)
        self.assertEqual(complaint.state, "rejected")
        self.assertEqual(complaint.rejected_by_id, self.user_manager)
        self.assertIn("asked by the customer", complaint.reject_reason)
        self.assertFalse(complaint.activity_ids)
        # a rejected complaint is frozen
        with self.assertRaisesRegex(UserError, "no longer be changed"):
            complaint.with_user(self.user_manager).description = "Changed"
        with self.assertRaisesRegex(UserError, "cannot be started"):
            complaint.with_user(self.user_manager).action_start()

    def test_resolve_needs_root_cause_and_confirmation(self):
        complaint = self._complaint()
        complaint.action_start()
        with self.assertRaisesRegex(UserError, "root cause"):
            self._resolve(complaint, self.user_sales, root_cause=" ")
        with self.assertRaisesRegex(UserError, "customer has confirmed"):
            self._resolve(complaint, self.user_sales, confirmed=False)
        self.assertEqual(complaint.state, "in_progress")
        self.assertFalse(complaint.root_cause)

    def test_wrong_state_refused(self):
        complaint = self._complaint().with_user(self.user_sales)
        with self.assertRaisesRegex(UserError, "cannot be closed while it is New"):
            complaint.action_close()
        with self.assertRaisesRegex(UserError, "cannot be resolved while it is New"):
            complaint.action_open_resolve_wizard()
        with self.assertRaisesRegex(UserError, "cannot be resolved"):
            self._resolve(complaint, self.user_sales)
        complaint.action_start()
        with self.assertRaisesRegex(UserError, "cannot be started while it is In Progress"):
            complaint.action_start()
        self.assertEqual(complaint.state, "in_progress")

    def test_other_salesperson_cannot_handle(self):
        complaint = self._complaint()
        with self.assertRaises(AccessError):
            complaint.with_user(self.user_sales_2).action_start()
        self.assertEqual(complaint.state, "new")

    def test_write_and_create_refuse_flow_fields(self):
        complaint = self._complaint().with_user(self.user_sales)
        for vals in ({"state": "closed"}, {"root_cause": "x"}, {"customer_confirmed": True},
                     {"escalated": True}, {"reject_reason": "x"}):
            with self.assertRaisesRegex(UserError, "only through its steps"):
                complaint.write(vals)
            # a client's context key switches nothing off
            with self.assertRaisesRegex(UserError, "only through its steps"):
                complaint.with_context(agency_complaint_flow=True).write(vals)
        self.assertEqual(complaint.state, "new")
        with self.assertRaisesRegex(UserError, "starts new"):
            self._complaint(state="closed")
        with self.assertRaisesRegex(UserError, "starts new"):
            self._complaint(customer_confirmed=True, root_cause="x")
        # a form sending the default state passes
        self.assertEqual(self._complaint(state="new").state, "new")

    def test_closed_complaint_frozen_and_kept(self):
        complaint = self._complaint()
        complaint.action_start()
        with self.assertRaisesRegex(UserError, "only new complaints can be deleted"):
            complaint.with_user(self.user_manager).unlink()
        self._resolve(complaint, self.user_sales)
        complaint.action_close()
        with self.assertRaisesRegex(UserError, "no longer be changed"):
            complaint.with_user(self.user_manager).severity = "high"
        # the chatter stays open
        complaint.with_user(self.user_sales).message_post(body="Customer called back, all fine.")
        new = self._complaint()
        new.with_user(self.user_manager).unlink()
        self.assertFalse(new.exists())

    def test_order_and_contract_must_be_the_customers(self):
        order = self._confirmed_order(self.other_customer)
        with self.assertRaisesRegex(ValidationError, "not a document of the customer"):
            self._complaint(order_id=order.id, user=self.user_manager)
        own = self._confirmed_order(self.customer)
        complaint = self._complaint(order_id=own.id)
        self.assertEqual(complaint.order_id, own)
        self.assertEqual(complaint.salesperson_id, own.user_id)


@tagged("post_install", "-at_install", "agency_logic")
class TestComplaintAccess(ComplaintCommon):

    def test_salesperson_sees_own_customers_and_assigned(self):
        complaint = self._complaint()
        Complaint = self.env["crm.complaint"]
        self.assertIn(complaint, Complaint.with_user(self.user_sales).search([]))
        self.assertNotIn(complaint, Complaint.with_user(self.user_sales_2).search([]))
        with self.assertRaises(AccessError):
            complaint.with_user(self.user_sales_2).read(["description"])
        # the expert in charge sees it
        complaint.with_user(self.user_manager).user_id = self.user_sales_2
        self.assertIn(complaint, Complaint.with_user(self.user_sales_2).search([]))
        self.assertIn(complaint, Complaint.with_user(self.user_manager).search([]))

    def test_expert_must_work_in_sales(self):
        with self.assertRaisesRegex(ValidationError, "salesperson or a sales manager"):
            self._complaint(user_id=self.user_finance.id)
        complaint = self._complaint()
        with self.assertRaisesRegex(ValidationError, "salesperson or a sales manager"):
            complaint.with_user(self.user_manager).user_id = self.user_project

    def test_other_roles_have_no_access(self):
        complaint = self._complaint()
        for user in (self.user_finance, self.user_project, self.user_employee):
            with self.assertRaises(AccessError):
                complaint.with_user(user).read(["description"])
            with self.assertRaises(AccessError):
                self._complaint(user=user)

    def test_multi_company(self):
        customer_c2 = self.env["res.partner"].create({
            "name": "Customer of company 2", "is_company": True, "user_id": self.user_sales_c2.id,
        })
        complaint_c2 = self.env["crm.complaint"].with_user(self.user_sales_c2).with_company(self.company_2).create({
            "partner_id": customer_c2.id,
            "category_id": self.category.id,
            "description": "Wrong invoice address.",
        })
        self.assertEqual(complaint_c2.company_id, self.company_2)
        complaint_c1 = self._complaint()
        Complaint = self.env["crm.complaint"]
        self.assertEqual(Complaint.with_user(self.user_sales_c2).search([]), complaint_c2)
        self.assertNotIn(complaint_c2, Complaint.with_user(self.user_manager).search([]))
        self.assertIn(complaint_c1, Complaint.with_user(self.user_manager).search([]))
        with self.assertRaises(AccessError):
            complaint_c2.with_user(self.user_manager).read(["description"])
        with self.assertRaises(AccessError):
            complaint_c1.with_user(self.user_sales_c2).action_start()

    def test_partner_complaint_count(self):
        self._complaint()
        self._complaint(partner_id=self.contact.id)
        self._complaint(partner_id=self.other_customer.id, user=self.user_manager)
        self.assertEqual(self.customer.with_user(self.user_sales).complaint_count, 2)
        self.assertEqual(self.contact.with_user(self.user_sales).complaint_count, 2)
        self.assertEqual(self.customer.with_user(self.user_sales_2).complaint_count, 0)
        self.assertEqual(self.customer.with_user(self.user_employee).complaint_count, 0)
        action = self.customer.with_user(self.user_sales).action_view_complaints()
        found = self.env["crm.complaint"].with_user(self.user_sales).search(action["domain"])
        self.assertEqual(len(found), 2)


@tagged("post_install", "-at_install", "agency_logic")
class TestComplaintContract(ComplaintCommon, ContractCommon):

    def test_contract_request_complaints(self):
        request = self._create_request()
        complaint = self._complaint(contract_request_id=request.id, order_id=self.order.id)
        self._complaint()
        self.assertEqual(request.with_user(self.user_sales).complaint_count, 1)
        action = request.with_user(self.user_sales).action_view_complaints()
        self.assertEqual(self.env["crm.complaint"].search(action["domain"]), complaint)
        self.assertEqual(action["context"]["default_contract_request_id"], request.id)
        with self.assertRaisesRegex(ValidationError, "not the one of the order"):
            self._complaint(contract_request_id=request.id, order_id=self._confirmed_order(self.customer).id)


@tagged("post_install", "-at_install", "agency_logic")
class TestComplaintEscalation(ComplaintCommon):

    def _escalation_activities(self, complaints):
        escalated = self.env.ref("crm_agency_sales.mail_activity_type_complaint_escalated")
        return complaints.activity_ids.filtered(lambda a: a.activity_type_id == escalated)

    def test_escalation_once_to_team_leader(self):
        overdue = self._complaint()
        on_time = self._complaint()
        resolved = self._complaint()
        resolved.action_start()
        self._resolve(resolved, self.user_sales)
        self._make_overdue(overdue | resolved)
        Complaint = self.env["crm.complaint"]
        self.assertEqual(Complaint.search([("is_overdue", "=", True), ("id", "in", (overdue | on_time | resolved).ids)]),
                         overdue)
        self.assertEqual(Complaint._cron_escalate_overdue(), 1)
        self.assertTrue(overdue.escalated)
        self.assertTrue(overdue.escalated_on)
        activity = self._escalation_activities(overdue)
        self.assertEqual(activity.user_id, self.user_manager, "the team leader")
        self.assertTrue(overdue.message_ids.filtered(lambda m: "deadline" in (m.body or "")))
        self.assertFalse(on_time.escalated or resolved.escalated)
        # idempotent: a second run escalates nothing more
        self.assertEqual(Complaint._cron_escalate_overdue(), 0)
        self.assertEqual(len(self._escalation_activities(overdue)), 1)
        # the job is the registered daily cron
        cron = self.env.ref("crm_agency_sales.ir_cron_complaint_escalation")
        self.assertEqual((cron.interval_number, cron.interval_type), (1, "days"))

    def test_escalation_without_leader_goes_to_sales_managers(self):
        self.team.user_id = False
        complaint = self._complaint()
        self._make_overdue(complaint)
        self.env["crm.complaint"]._cron_escalate_overdue()
        managers = self._escalation_activities(complaint).user_id
        self.assertIn(self.user_manager, managers)
        self.assertTrue(all(u.has_group("sales_team.group_sale_manager") for u in managers))

    def test_escalation_batched(self):
        """The job's queries do not grow with the number of complaints."""
        Complaint = self.env["crm.complaint"]
        warmup = self._complaint()
        self._make_overdue(warmup)
        Complaint._cron_escalate_overdue()
        first = self._complaint() | self._complaint()
        self._make_overdue(first)
        self.env.flush_all()
        self.env.invalidate_all()
        count0 = self.env.cr.sql_log_count
        Complaint._cron_escalate_overdue()
        self.env.flush_all()
        queries_for_2 = self.env.cr.sql_log_count - count0
        self.assertTrue(all(first.mapped("escalated")))
        more = Complaint.browse()
        for _i in range(6):
            more |= self._complaint()
        self._make_overdue(more)
        self.env.invalidate_all()
        with self.assertQueryCount(queries_for_2):
            Complaint._cron_escalate_overdue()
        self.assertTrue(all(more.mapped("escalated")))
        self.assertEqual(len(self._escalation_activities(more)), 6)


@tagged("post_install", "-at_install", "agency_logic")
class TestComplaintViews(ComplaintCommon):

    def test_analysis_measures(self):
        complaint = self._complaint()
        complaint.action_start()
        self._resolve(complaint, self.user_sales)
        groups = self.env["crm.complaint"].with_user(self.user_manager).read_group(
            [], ["resolution_hours:avg", "resolution_days:avg"], ["category_id", "severity", "salesperson_id"],
            lazy=False,
        )
        self.assertTrue(groups)
        self.assertIn("__count", groups[0])
        for view in ("pivot", "graph", "list", "form", "search", "activity"):
            self.env["crm.complaint"].with_user(self.user_sales).get_views([(False, view)])
        for user in (self.user_sales, self.user_manager):
            self.env["res.partner"].with_user(user).get_views([(False, "form")])
            self.env["crm.contract.request"].with_user(user).get_views([(False, "form")])

    def test_menus(self):
        menu = self.env.ref("crm_agency_sales.crm_complaint_menu")
        self.assertEqual(menu.parent_id, self.env.ref("crm.crm_menu_sales"))
        config = self.env.ref("crm_agency_sales.crm_complaint_category_menu")
        self.assertEqual(config.name, "Complaint Categories")
        self.assertIn(
            menu, self.env["ir.ui.menu"].with_user(self.user_sales).search([("id", "=", menu.id)])
        )

    def test_form_buttons_follow_roles(self):
        complaint = self._complaint(user_id=self.user_sales_2.id)
        as_expert = complaint.with_user(self.user_sales_2)
        self.assertTrue(as_expert.can_handle)
        self.assertFalse(as_expert.can_close)
        self.assertFalse(as_expert.can_reject)
        self.assertTrue(complaint.with_user(self.user_manager).can_reject)
        self.assertTrue(complaint.with_user(self.user_sales).can_close)

    def test_category_complaint_count(self):
        self._complaint()
        self.assertGreaterEqual(self.category.with_user(self.user_manager).complaint_count, 1)
        self.assertEqual(self.category.with_user(self.user_finance).complaint_count, 0)
        category = self.env["crm.complaint.category"].with_user(self.user_manager).create({
            "name": "Social media", "company_id": self.company.id,
        })
        self.assertEqual(category.response_hours_medium, 72)
        with self.assertRaises(AccessError):
            self.env["crm.complaint.category"].with_user(self.user_sales).create({"name": "X"})
