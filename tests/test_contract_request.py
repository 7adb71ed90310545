# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta
from unittest.mock import patch

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged, users

from .contract_common import ContractCommon


@tagged("post_install", "-at_install", "agency_logic")
class TestContractRequest(ContractCommon):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Request = cls.env["crm.contract.request"]

    def setUp(self):
        super().setUp()
        self.request = self._create_request()

    # helpers ---------------------------------------------------------

    def _attach_scan(self, request=None):
        request = request or self.request
        scan = self._signed_scan(request)
        self._as(self.user_sales, request).signed_attachment_ids = [(4, scan.id)]

    def _tick_checklist(self, request=None):
        self._as(self.user_sales, request).write({
            "check_pages_signed": True,
            "check_pages_stamped": True,
            "check_authorized_signatories": True,
        })

    def _archive(self, request):
        # archiving belongs to the legal archive: simulate it
        request._transition({"state": "archived"})

    def _activities(self, user, request=None):
        request = request or self.request
        return self.env["mail.activity"].search([
            ("res_model", "=", "crm.contract.request"),
            ("res_id", "=", request.id),
            ("user_id", "=", user.id),
        ])

    # transitions -----------------------------------------------------

    def test_submit_notifies_finance(self):
        self._as(self.user_sales).action_submit()
        self.assertEqual(self.request.state, "submitted")
        self.assertEqual(self.request.submitted_by_id, self.user_sales)
        self.assertTrue(self.request.submitted_on)
        self.assertEqual(len(self._activities(self.user_finance)), 1)
        self.assertFalse(self._activities(self.user_project))

    def test_submit_refused_for_other_roles(self):
        for user in (self.user_finance, self.user_project):
            with self.assertRaises(AccessError):
                self._as(user).action_submit()
        with self.assertRaises(AccessError):
            self._as(self.user_sales_2).action_submit()  # not their request
        with self.assertRaises(AccessError):
            self._as(self.user_sales_c2).action_submit()
        self.assertEqual(self.request.state, "draft")
        self._as(self.user_manager).action_submit()
        self.assertEqual(self.request.state, "submitted")

    def test_finance_drafts(self):
        self._bring_to("submitted")
        with self.assertRaises(AccessError):
            self._as(self.user_sales).action_start_drafting()
        with self.assertRaises(AccessError):
            self._as(self.user_sales).action_drafted()
        self._as(self.user_finance).action_start_drafting()
        self.assertTrue(self.request.drafting_start_on)
        self.assertEqual(self.request.state, "submitted")
        with patch.object(type(self.env["ir.actions.report"]), "_render_qweb_pdf",
                          return_value=(b"%PDF-1.4 contract", "pdf")) as render:
            self._as(self.user_finance).action_drafted()
        self.assertEqual(self.request.state, "drafted")
        self.assertTrue(self.request.contract_number.startswith("CT/"))
        self.assertEqual(self.request.contract_date, fields.Date.context_today(self.request))
        self.assertEqual(self.request.drafted_by_id, self.user_finance)
        self.assertTrue(self.request.drafting_end_on >= self.request.drafting_start_on)
        report = self.env.ref("crm_agency_sales.action_report_contract", raise_if_not_found=False)
        if report:
            render.assert_called_once()
            self.assertEqual(self.request.contract_attachment_id.mimetype, "application/pdf")
            self.assertEqual(self.request.contract_attachment_id.res_id, self.request.id)
        todo = self._activities(self.user_sales).filtered(
            lambda a: a.summary == "Contract ready: book the signing meeting")
        self.assertEqual(len(todo), 1)
        self.assertFalse(self._activities(self.user_finance), "finance's drafting activity is done")

    def test_wrong_state_refused(self):
        with self.assertRaises(UserError):
            self._as(self.user_finance).action_drafted()
        with self.assertRaises(UserError):
            self._as(self.user_sales).action_mark_sent()
        with self.assertRaises(UserError):
            self._as(self.user_sales).action_sign()
        with self.assertRaises(UserError):
            self._as(self.user_project).action_start_execution()
        self._bring_to("submitted")
        with self.assertRaises(UserError):
            self._as(self.user_sales).action_submit()
        self.assertEqual(self.request.state, "submitted")

    def test_state_only_through_actions(self):
        with self.assertRaises(UserError):
            self._as(self.user_sales).write({"state": "signed"})
        with self.assertRaises(UserError):
            self._as(self.user_finance).write({"contract_number": "X"})
        self.assertEqual(self.request.state, "draft")

    def test_send_and_book_signing(self):
        self._bring_to("drafted")
        with self.assertRaises(AccessError):
            self._as(self.user_finance).action_mark_sent()
        self._as(self.user_sales).action_mark_sent()
        self.assertEqual(self.request.state, "sent")
        self.assertEqual(self.request.sent_by_id, self.user_sales)
        self.assertTrue(self.request.sent_on)
        with self.assertRaises(AccessError):
            self._as(self.user_project).action_book_signing()
        action = self._as(self.user_sales).action_book_signing()
        event = self.request.signing_event_id
        self.assertEqual(self.request.state, "signing")
        self.assertEqual(action["res_id"], event.id)
        self.assertEqual(event.partner_ids, self.customer | self.user_sales.partner_id)
        self.assertEqual(event.user_id, self.user_sales)
        self.assertEqual(event.res_model, "crm.contract.request")
        self.assertEqual(event.res_id, self.request.id)
        self.assertFalse(self._activities(self.user_sales), "the booking activity is done")
        # booking again opens the same meeting
        self._as(self.user_sales).action_book_signing()
        self.assertEqual(self.request.signing_event_id, event)
        self.assertEqual(self.env["calendar.event"].search_count([("res_id", "=", self.request.id),
                                                                 ("res_model", "=", "crm.contract.request")]), 1)

    def test_sign_requires_scan_and_checklist(self):
        self._bring_to("signing")
        with self.assertRaises(UserError) as err:
            self._as(self.user_sales).action_sign()
        message = str(err.exception)
        self.assertIn("Attach the scan of the signed contract.", message)
        self.assertIn("every page is signed by both parties", message)
        self.assertIn("agency stamp is on every page", message)
        self.assertIn("authorised signatories signed", message)
        self._attach_scan()
        self._as(self.user_sales).write({"check_pages_signed": True, "check_pages_stamped": True})
        with self.assertRaises(UserError) as err:
            self._as(self.user_sales).action_sign()
        self.assertNotIn("scan", str(err.exception))
        self.assertIn("authorised signatories signed", str(err.exception))
        self.assertEqual(self.request.state, "signing")
        self.assertEqual(self.order.state, "draft")

    def test_sign_confirms_order_and_wins_lead(self):
        self._bring_to("signing")
        self._attach_scan()
        self._tick_checklist()
        with self.assertRaises(AccessError):
            self._as(self.user_finance).action_sign()
        self._as(self.user_sales).action_sign()
        self.assertEqual(self.request.state, "signed")
        self.assertEqual(self.request.signed_by_id, self.user_sales)
        self.assertTrue(self.request.signed_on)
        self.assertEqual(self.order.state, "sale")
        self.assertEqual(self.lead.stage_id, self.stages["won"])
        self.assertEqual(len(self._activities(self.user_finance).filtered(
            lambda a: "paper copy" in (a.summary or ""))), 1)
        self.assertEqual(len(self._activities(self.user_project).filtered(
            lambda a: "paper copy" in (a.summary or ""))), 1)

    @users("agency_sales")
    def test_signed_contract_is_frozen(self):
        self._bring_to("signed")
        with self.assertRaises(UserError):
            self._as(self.user_sales).write({"subject": "Something else"})
        with self.assertRaises(UserError):
            self._as(self.user_manager).write({"check_pages_signed": False})
        with self.assertRaises(UserError):
            self.request.payment_line_ids[:1].with_env(self.env).percent = 10.0
        with self.assertRaises(UserError):
            self.request.signatory_ids.with_env(self.env).unlink()
        self.assertEqual(self.request.subject, "Website design and hosting")
        self.assertEqual(len(self.request.signatory_ids), 1)
        # the chatter stays open
        self._as(self.user_sales).message_post(body="Paper copy handed over.")

    def test_person_sign_without_signatory_item(self):
        self.request.write({"party_type": "person", "national_id": "0084575948"})
        self._bring_to("signing")
        self._attach_scan()
        self._as(self.user_sales).write({"check_pages_signed": True, "check_pages_stamped": True})
        self._as(self.user_sales).action_sign()
        self.assertEqual(self.request.state, "signed")

    # execution and payments ------------------------------------------

    def _pay(self, invoice):
        invoice.action_post()
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=invoice.ids,
        ).create({})._create_payments()

    def test_execution_by_project_control(self):
        self._bring_to("archived")
        for user in (self.user_sales, self.user_finance, self.user_manager):
            with self.assertRaises(AccessError):
                self._as(user).action_start_execution()
        self.assertFalse(self._activities(self.user_finance), "finance received the paper copy")
        self.assertEqual(len(self._activities(self.user_project)), 1)
        self._as(self.user_project).action_start_execution()
        self.assertFalse(self._activities(self.user_project))
        self.assertEqual(self.request.state, "in_execution")
        self.assertEqual(self.request.execution_started_by_id, self.user_project)
        self.assertTrue(self.request.execution_started_on)

    def test_prepayment_required_before_execution(self):
        self.company.agency_prepayment_required = True
        self._bring_to("archived")
        with self.assertRaises(UserError) as err:
            self._as(self.user_project).action_start_execution()
        self.assertIn("Prepayment", str(err.exception))
        self.assertEqual(self.request.state, "archived")

        line = self.request.payment_line_ids.filtered("is_prepayment")
        for user in (self.user_project, self.user_finance):
            with self.assertRaises(AccessError):
                line.with_user(user).action_create_invoice_for_line()
        line.with_user(self.user_sales).action_create_invoice_for_line()
        invoice = line.invoice_id
        self.assertTrue(invoice)
        self.assertEqual(invoice.amount_total, 5000.0)
        self.assertIn(invoice, self.order.invoice_ids)
        with self.assertRaises(UserError):
            line.with_user(self.user_sales).action_create_invoice_for_line()
        invoice.action_post()
        self.assertEqual(self.request.invoiced_amount, 5000.0)
        self.assertEqual(self.request.paid_amount, 0.0)
        with self.assertRaises(UserError):
            self._as(self.user_project).action_start_execution()

        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=invoice.ids,
        ).create({})._create_payments()
        self.assertIn(line.payment_state, ("paid", "in_payment"))
        self.request.invalidate_recordset(["paid_amount"])
        self.assertEqual(self._as(self.user_project).paid_amount, 5000.0)
        self._as(self.user_project).action_start_execution()
        self.assertEqual(self.request.state, "in_execution")

    @users("agency_sales")
    def test_invoice_only_after_signing(self):
        line = self.request.payment_line_ids[:1]
        with self.assertRaises(UserError):
            line.with_env(self.env).action_create_invoice_for_line()
        self.assertFalse(line.invoice_id)

    # cancellation ----------------------------------------------------

    def test_cancel(self):
        with self.assertRaises(UserError):
            self._as(self.user_sales).action_cancel("")
        with self.assertRaises(AccessError):
            self._as(self.user_finance).action_cancel("No budget")
        wizard = self.env["crm.contract.request.cancel"].with_user(self.user_sales).create({
            "request_id": self.request.id, "reason": "Customer changed their mind",
        })
        self._as(self.user_sales).action_submit()
        self.assertTrue(self._activities(self.user_finance))
        wizard.action_confirm()
        self.assertFalse(self._activities(self.user_finance), "finance has nothing left to do")
        self.assertEqual(self.request.state, "cancelled")
        self.assertEqual(self.request.cancel_reason, "Customer changed their mind")

    def test_cancel_signed_only_by_manager(self):
        self._bring_to("signed")
        with self.assertRaises(AccessError):
            self._as(self.user_sales).action_cancel("Too late")
        self._as(self.user_manager).action_cancel("Contract terminated")
        self.assertEqual(self.request.state, "cancelled")

    def test_cancel_archived_refused(self):
        self._bring_to("archived")
        with self.assertRaises(UserError):
            self._as(self.user_manager).action_cancel("No")
        self.assertEqual(self.request.state, "archived")

    # reminders -------------------------------------------------------

    def test_finance_waiting_reminder(self):
        self._bring_to("submitted")
        reminder_type = self.env.ref("crm_agency_sales.mail_activity_type_contract_reminder")

        def reminders():
            return self.env["mail.activity"].search([
                ("res_model", "=", "crm.contract.request"), ("res_id", "=", self.request.id),
                ("activity_type_id", "=", reminder_type.id),
            ])

        self.Request._cron_finance_waiting_reminder()
        self.assertFalse(reminders(), "submitted today: no reminder yet")
        self.request._transition({"submitted_on": fields.Datetime.now() - timedelta(days=10)})
        self.Request._cron_finance_waiting_reminder()
        self.Request._cron_finance_waiting_reminder()
        self.assertEqual(len(reminders()), 1)
        self.assertEqual(reminders().user_id, self.user_finance)
        # a longer delay than the wait: no reminder for another request
        self.company.agency_finance_reminder_days = 30
        other = self._create_request(order=self._create_order(self._create_lead(step="contract")))
        self._bring_to("submitted", other)
        other._transition({"submitted_on": fields.Datetime.now() - timedelta(days=10)})
        self.Request._cron_finance_waiting_reminder()
        self.assertFalse(self._activities(self.user_finance, other).filtered(
            lambda a: a.activity_type_id == reminder_type))

    def test_working_days(self):
        # 2026-11-27 is a Friday: Saturday and Sunday are not working days
        # in the default (Monday-Friday) schedule
        days = self.Request._working_days_between(
            self.env["res.company"].new({}), fields.Date.to_date("2026-11-27"),
            fields.Date.to_date("2026-12-01"),
        )
        self.assertEqual(days, 2)

    def test_payment_due_reminder(self):
        self._bring_to("signed")
        reminder_type = self.env.ref("crm_agency_sales.mail_activity_type_contract_reminder")
        self.Request._cron_payment_due_reminder()
        self.Request._cron_payment_due_reminder()
        activities = self._activities(self.user_sales).filtered(
            lambda a: a.activity_type_id == reminder_type)
        self.assertEqual(len(activities), 1, "only the prepayment is due today, once")
        self.assertIn("Prepayment", activities.summary)

    # multi-company and menus -----------------------------------------

    @users("agency_sales_c2")
    def test_multi_company_isolation(self):
        Request = self.env["crm.contract.request"]
        self.assertFalse(Request.search([("id", "=", self.request.id)]))
        with self.assertRaises(AccessError):
            self._as(self.user_sales_c2).read(["name"])
        with self.assertRaises(AccessError):
            self.request.signatory_ids.with_env(self.env).read(["name"])

    def test_own_requests_for_salespeople(self):
        self.assertFalse(self.env["crm.contract.request"].with_user(self.user_sales_2).search(
            [("id", "=", self.request.id)]))
        for user in (self.user_manager, self.user_finance, self.user_project):
            self.assertEqual(self.env["crm.contract.request"].with_user(user).search(
                [("id", "=", self.request.id)]), self.request)
        with self.assertRaises(AccessError):
            self.env["crm.contract.request"].with_user(self.user_finance).create({
                "partner_id": self.customer.id,
            })

    def test_views_open_for_every_role(self):
        for user in (self.user_sales, self.user_manager, self.user_finance, self.user_project):
            form = Form(self._as(user))
            self.assertEqual(form.name, self.request.name)
        for xmlid in ("crm_contract_request_action", "crm_contract_request_action_sales",
                      "crm_contract_request_action_finance"):
            action = self.env.ref("crm_agency_sales.%s" % xmlid)
            for view_type in ("list", "kanban", "search"):
                self.env["crm.contract.request"].with_user(self.user_finance).get_view(
                    view_type=view_type)
            self.assertEqual(action.res_model, "crm.contract.request")
        root = self.env.ref("crm_agency_sales.menu_agency_contracts_root")
        for user in (self.user_finance, self.user_project, self.user_manager):
            visible = self.env["ir.ui.menu"].with_user(user)._visible_menu_ids()
            self.assertIn(root.id, visible)
        self.assertNotIn(root.id, self.env["ir.ui.menu"].with_user(self.user_sales)._visible_menu_ids())

    @users("agency_finance")
    def test_finance_does_not_edit_leads(self):
        with self.assertRaises(AccessError):
            self.lead.with_env(self.env).write({"name": "Changed"})
