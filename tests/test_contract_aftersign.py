# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""After the signature: delivered (project control, acceptance act),
paid (read from the payment lines' invoices), closed (the salesperson,
with the satisfaction questionnaire); the customer notifications of each
step; the refusals, also over JSON-RPC; the browser tour of the three
roles from a contract in execution to a closed deal."""
import base64
from unittest.mock import patch

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, new_test_user, tagged

from .contract_common import ContractCommon
from .rpc_common import AgencyRpcMixin

MODEL = "crm.contract.request"


class AftersignCommon(ContractCommon):
    """A contract request brought through its real steps up to execution,
    and helpers to invoice, pay and answer the closing questionnaire."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_accountant = new_test_user(
            cls.env, login="agency_accountant", name="Arash Accountant",
            groups="account.group_account_invoice", email="arash@example.com",
        )
        cls.survey = cls.env.ref("crm_agency_sales.survey_agency_satisfaction")
        cls.company.agency_closing_survey_id = cls.survey

    # helpers ---------------------------------------------------------

    def _attachment(self, request, user, name):
        return self.env["ir.attachment"].with_user(user).create({
            "name": name,
            "datas": base64.b64encode(b"%PDF-1.4 " + name.encode()),
            "res_model": MODEL,
            "res_id": request.id,
        })

    def _to_state(self, state, request=None):
        """Bring the request to ``state`` through the real steps, each as
        its role (``signed``, ``archived`` or ``in_execution``)."""
        request = request or self.request
        self._as(self.user_sales, request).action_submit()
        self._as(self.user_finance, request).action_drafted()
        self._as(self.user_sales, request).action_mark_sent()
        self._as(self.user_sales, request).action_book_signing()
        scan = self._attachment(request, self.user_sales, "signed.pdf")
        self._as(self.user_sales, request).write({
            "signed_attachment_ids": [Command.link(scan.id)],
            "check_pages_signed": True, "check_pages_stamped": True,
            "check_authorized_signatories": True,
        })
        self._as(self.user_sales, request).action_sign()
        if state == "signed":
            return request
        self._as(self.user_finance, request).action_register_legal_archive(physical_location="Cabinet A")
        if state == "archived":
            return request
        self._as(self.user_project, request).action_start_execution()
        return request

    def _attach_acceptance(self, request=None):
        request = request or self.request
        act = self._attachment(request, self.user_project, "acceptance-act.pdf")
        self._as(self.user_project, request).acceptance_attachment_ids = [Command.link(act.id)]
        return act

    def _invoice(self, line):
        """The salesperson invoices the payment line; accounting posts it."""
        line.with_user(self.user_sales).action_create_invoice_for_line()
        invoice = line.invoice_id
        invoice.with_user(self.user_accountant).action_post()
        return invoice

    def _pay(self, invoice, user=None):
        self.env["account.payment.register"].with_user(user or self.user_accountant).with_context(
            active_model="account.move", active_ids=invoice.ids,
        ).create({})._create_payments()

    def _lines(self, request=None):
        lines = (request or self.request).payment_line_ids
        return lines.filtered("is_prepayment"), lines.filtered(lambda line: not line.is_prepayment)

    def _activities(self, user, request=None):
        request = request or self.request
        return self.env["mail.activity"].search([
            ("res_model", "=", MODEL), ("res_id", "=", request.id), ("user_id", "=", user.id),
        ])

    def _answer_survey(self, user_input, index):
        """The customer picks the ``index``-th answer (0: worst, 4: best) of
        every scored question and submits."""
        for question in user_input.survey_id.question_ids:
            if question.question_type == "simple_choice":
                answer = question.suggested_answer_ids.sorted("sequence")[index]
                user_input._save_lines(question, answer.id)
            elif question.question_type == "text_box":
                user_input._save_lines(question, "Great work")
        user_input._mark_done()


@tagged("post_install", "-at_install", "agency_logic")
class TestContractAftersign(AftersignCommon):

    def setUp(self):
        super().setUp()
        self.request = self._create_request()

    # delivered -------------------------------------------------------

    def test_deliver_by_project_control_with_acceptance_act(self):
        self._to_state("in_execution")
        for user in (self.user_sales, self.user_finance, self.user_manager):
            with self.assertRaises(AccessError):
                self._as(user).action_deliver()
        with self.assertRaises(UserError) as err:
            self._as(self.user_project).action_deliver()
        self.assertIn("acceptance act", str(err.exception))
        self.assertEqual(self.request.state, "in_execution")
        self._attach_acceptance()
        self._as(self.user_project).action_deliver()
        self.assertEqual(self.request.state, "delivered")
        self.assertEqual(self.request.delivered_by_id, self.user_project)
        self.assertTrue(self.request.delivered_on)
        final_type = self.env.ref("crm_agency_sales.mail_activity_type_contract_final_payment")
        finance = self._activities(self.user_finance)
        self.assertEqual(finance.activity_type_id, final_type)
        self.assertIn("Final invoice and payment", finance.summary)
        # out of order
        with self.assertRaises(UserError):
            self._as(self.user_project).action_deliver()

    def test_deliver_refused_before_execution(self):
        self._to_state("archived")
        with self.assertRaises(UserError):
            self._as(self.user_project).action_deliver()
        self.assertEqual(self.request.state, "archived")

    def test_acceptance_documents_rules(self):
        self._to_state("archived")
        act = self._attachment(self.request, self.user_project, "early.pdf")
        with self.assertRaises(UserError):
            self._as(self.user_project).acceptance_attachment_ids = [Command.link(act.id)]
        self._as(self.user_project).action_start_execution()
        with self.assertRaises(AccessError):
            self._as(self.user_sales).acceptance_attachment_ids = [Command.link(act.id)]
        self.assertFalse(self.request.acceptance_attachment_ids)
        self._attach_acceptance()
        self._as(self.user_project).action_deliver()
        # the acceptance act of a recorded delivery stays as it is
        with self.assertRaises(UserError):
            self._as(self.user_project).acceptance_attachment_ids = [Command.clear()]
        with self.assertRaises(UserError):
            self.request.sudo().acceptance_attachment_ids = [Command.clear()]
        with self.assertRaises(UserError):
            self.request.acceptance_attachment_ids.with_user(self.user_project).unlink()
        self.assertEqual(len(self.request.acceptance_attachment_ids), 1)

    # paid ------------------------------------------------------------

    def test_paid_read_from_invoices(self):
        self._to_state("in_execution")
        prepayment, final = self._lines()
        self._pay(self._invoice(prepayment))
        self.assertEqual(self.request.state, "in_execution", "paid only once delivered")
        self._attach_acceptance()
        self._as(self.user_project).action_deliver()
        self.assertEqual(self.request.state, "delivered")
        # the prepayment is paid, the final invoice is still to make
        self.assertEqual(self.request.agency_payment_state, "partial")
        self.assertEqual(self.request.due_amount, 0.0)
        self.assertEqual(self.request.to_invoice_amount, 5000.0)
        invoice = self._invoice(final)
        self.request.invalidate_recordset()
        self.assertEqual(self.request.agency_payment_state, "partial")
        self.assertEqual(self.request.due_amount, 5000.0)
        self.assertEqual(self.request.to_invoice_amount, 0.0)
        with self.assertRaises(AccessError):
            self._as(self.user_sales).action_check_payments()
        with self.assertRaises(UserError) as err:
            self._as(self.user_finance).action_check_payments()
        self.assertIn("Final payment", str(err.exception))
        self.assertEqual(self.request.state, "delivered")
        # the state is never typed
        for user in (self.user_finance, self.user_manager):
            with self.assertRaises(UserError):
                self._as(user).write({"state": "paid"})
        self._pay(invoice)
        self.assertEqual(self.request.state, "paid")
        self.assertEqual(self.request.paid_by_id, self.user_accountant)
        self.assertTrue(self.request.paid_on)
        self.assertEqual(self.request.agency_payment_state, "paid")
        self.assertEqual(self.request.paid_amount, 10000.0)
        self.assertFalse(self._activities(self.user_finance), "finance's task is done")
        close_type = self.env.ref("crm_agency_sales.mail_activity_type_contract_close")
        self.assertEqual(self._activities(self.user_sales).activity_type_id, close_type)

    def test_paid_before_delivery_moves_straight_to_paid(self):
        self._to_state("in_execution")
        prepayment, final = self._lines()
        self._pay(self._invoice(prepayment))
        self._pay(self._invoice(final))
        self.assertEqual(self.request.state, "in_execution")
        self._attach_acceptance()
        self._as(self.user_project).action_deliver()
        self.assertEqual(self.request.state, "paid")
        self.assertEqual(self.request.delivered_by_id, self.user_project)
        self.assertFalse(self._activities(self.user_finance))
        self.assertTrue(self._activities(self.user_sales))

    def test_check_payments_by_finance(self):
        """A payment the hook did not see (e.g. reconciled outside the
        invoice flow): finance re-reads the invoices."""
        self._to_state("in_execution")
        self._attach_acceptance()
        self._as(self.user_project).action_deliver()
        prepayment, final = self._lines()
        invoices = self._invoice(prepayment) | self._invoice(final)
        # paid while the request was not listening (the hook finds no line)
        move_class = type(self.env["account.move"])
        with patch.object(move_class, "_agency_contract_lines",
                          lambda moves: moves.env["crm.contract.payment.line"]):
            for invoice in invoices:
                self._pay(invoice)
        self.assertEqual(self.request.state, "delivered")
        with self.assertRaises(AccessError):
            self._as(self.user_project).action_check_payments()
        self._as(self.user_finance).action_check_payments()
        self.assertEqual(self.request.state, "paid")
        self.assertEqual(self.request.paid_by_id, self.user_finance)
        with self.assertRaises(UserError):
            self._as(self.user_finance).action_check_payments()

    # closed ----------------------------------------------------------

    def _to_paid(self, request=None):
        request = request or self.request
        self._to_state("in_execution", request)
        self._attach_acceptance(request)
        for line in request.payment_line_ids:
            self._pay(self._invoice(line))
        self._as(self.user_project, request).action_deliver()
        self.assertEqual(request.state, "paid")
        return request

    def test_close_by_salesperson_sends_survey(self):
        self._to_state("in_execution")
        self._attach_acceptance()
        self._as(self.user_project).action_deliver()
        with self.assertRaises(UserError):
            self._as(self.user_sales).action_close()
        prepayment, final = self._lines()
        for line in (prepayment, final):
            self._pay(self._invoice(line))
        self.assertEqual(self.request.state, "paid")
        for user in (self.user_finance, self.user_project):
            with self.assertRaises(AccessError):
                self._as(user).action_close()
        with self.assertRaises(AccessError):
            self._as(self.user_sales_2).action_close()
        self.assertEqual(self.request.state, "paid")
        self._as(self.user_sales).action_close()
        self.assertEqual(self.request.state, "closed")
        self.assertEqual(self.request.closed_by_id, self.user_sales)
        self.assertTrue(self.request.closed_on)
        self.assertFalse(self._activities(self.user_sales), "the close task is done")
        invite = self.env["survey.user_input"].search([("agency_contract_request_id", "=", self.request.id)])
        self.assertEqual(len(invite), 1)
        self.assertEqual(invite.survey_id, self.survey)
        self.assertEqual(invite.partner_id, self.customer)
        self.assertEqual(invite.agency_salesperson_id, self.user_sales)
        self.assertEqual(invite.state, "new")
        # the thank-you with the questionnaire's link, on the chatter, to the customer
        message = self.request.message_ids.filtered(lambda m: "thank you" in (m.subject or ""))
        self.assertEqual(len(message), 1)
        self.assertIn(invite.access_token, message.body)
        self.assertIn(self.customer, message.partner_ids)
        self.assertEqual(message.subtype_id, self.env.ref("mail.mt_comment"))
        # nothing after the close
        with self.assertRaises(UserError):
            self._as(self.user_sales).action_close()
        with self.assertRaises(UserError):
            self._as(self.user_manager).action_cancel("Too late")
        self.assertEqual(self.request.state, "closed")

    def test_close_with_review_link_and_without_survey(self):
        self.company.agency_review_url = "https://reviews.example.com/agency"
        self.company.agency_closing_survey_id = False
        self._to_paid()
        self._as(self.user_sales).action_close()
        self.assertFalse(self.env["survey.user_input"].search(
            [("agency_contract_request_id", "=", self.request.id)]))
        self.assertFalse(self.request.message_ids.filtered(lambda m: "thank you" in (m.subject or "")),
                         "no questionnaire and no thank-you opted in: no email")
        other = self._create_request(order=self._create_order(self.lead))
        self.company.agency_notify_closed = True
        self._to_paid(other)
        self._as(self.user_sales, other).action_close()
        message = other.message_ids.filtered(lambda m: "thank you" in (m.subject or ""))
        self.assertEqual(len(message), 1)
        self.assertIn("https://reviews.example.com/agency", message.body)

    def test_satisfaction_score(self):
        self._to_paid()
        self._as(self.user_sales).action_close()
        first = self.request.sudo().survey_input_ids
        self.assertEqual(self.request.satisfaction_count, 0)
        self._answer_survey(first, 4)
        self.assertEqual(self.request.satisfaction_score, 100.0)
        self.assertEqual(self.request.satisfaction_count, 1)
        second = self.request._create_survey_invite()
        self._answer_survey(second, 2)
        self.assertEqual(self.request.satisfaction_count, 2)
        self.assertAlmostEqual(self.request.satisfaction_score, 80.0)
        # the analysis: the average over the answered requests only
        self._to_state("signed", self._create_request(order=self._create_order(self.lead)))
        self.env.flush_all()
        report = self.env["crm.agency.contract.turnaround.report"]
        groups = report.read_group([], ["satisfaction_score:avg"], [])
        self.assertAlmostEqual(groups[0]["satisfaction_score"], 80.0)
        row = report.search([("request_id", "=", self.request.id)])
        self.assertTrue(row.closed_on)
        # the survey's own analysis per salesperson
        by_sales = self.env["survey.user_input"].read_group(
            [("agency_salesperson_id", "=", self.user_sales.id), ("state", "=", "done")],
            ["scoring_percentage:avg"], ["agency_salesperson_id"],
        )
        self.assertAlmostEqual(by_sales[0]["scoring_percentage"], 80.0)

    def test_survey_link_not_set_by_hand(self):
        survey_user = new_test_user(
            self.env, login="agency_survey", groups="base.group_user,survey.group_survey_manager",
        )
        answer = self.survey.with_user(survey_user)._create_answer(
            partner=self.customer, check_attempts=False)
        with self.assertRaises(UserError):
            answer.with_user(survey_user).agency_contract_request_id = self.request
        with self.assertRaises(UserError):
            self.env["survey.user_input"].with_user(survey_user).create({
                "survey_id": self.survey.id, "agency_contract_request_id": self.request.id,
            })
        self.assertFalse(self.request.sudo().survey_input_ids)

    # cancellation keeps its reason and the money -----------------------

    def test_cancel_after_signing_keeps_invoices_visible(self):
        self._to_state("signed")
        prepayment, _final = self._lines()
        self._pay(self._invoice(prepayment))
        self._as(self.user_manager).action_cancel("Customer went bankrupt")
        self.assertEqual(self.request.state, "cancelled")
        self.assertEqual(self.request.cancel_reason, "Customer went bankrupt")
        self.request.invalidate_recordset()
        self.assertEqual(self._as(self.user_finance).invoiced_amount, 5000.0)
        self.assertEqual(self._as(self.user_finance).paid_amount, 5000.0)
        self.assertEqual(self._as(self.user_finance).agency_payment_state, "partial")

    def test_cancel_refused_after_execution(self):
        self._to_state("in_execution")
        self._attach_acceptance()
        self._as(self.user_project).action_deliver()
        with self.assertRaises(UserError):
            self._as(self.user_manager).action_cancel("No")
        self.assertEqual(self.request.state, "delivered")

    # customer notifications -------------------------------------------

    def _notices(self, xmlid, request=None):
        template = self.env.ref("crm_agency_sales." + xmlid)
        subject = template._render_field("subject", (request or self.request).ids)[(request or self.request).id]
        return (request or self.request).message_ids.filtered(lambda m: m.subject == subject)

    def test_notifications_off_by_default(self):
        self._to_paid()
        for xmlid in ("mail_template_agency_notify_sent", "mail_template_agency_notify_signing",
                      "mail_template_agency_notify_prepayment", "mail_template_agency_notify_delivered",
                      "mail_template_agency_notify_final_invoice"):
            self.assertFalse(self._notices(xmlid), xmlid)

    def test_notifications_each_step_when_enabled(self):
        self.company.write({
            "agency_notify_contract_sent": True,
            "agency_notify_signing": True,
            "agency_notify_prepayment_invoice": True,
            "agency_notify_delivered": True,
            "agency_notify_final_invoice": True,
            "agency_notify_closed": True,
        })
        self._to_paid()
        self._as(self.user_sales).action_close()
        comment = self.env.ref("mail.mt_comment")
        for xmlid in ("mail_template_agency_notify_sent", "mail_template_agency_notify_signing",
                      "mail_template_agency_notify_prepayment", "mail_template_agency_notify_delivered",
                      "mail_template_agency_notify_final_invoice", "mail_template_agency_notify_closed"):
            notice = self._notices(xmlid)
            self.assertEqual(len(notice), 1, xmlid)
            self.assertIn(self.customer, notice.partner_ids, xmlid)
            self.assertEqual(notice.subtype_id, comment, xmlid)
        prepayment = self._notices("mail_template_agency_notify_prepayment")
        self.assertIn(self.request.payment_line_ids.filtered("is_prepayment").invoice_id.name, prepayment.body)
        # the email went out to the customer
        notification = self.env["mail.notification"].sudo().search([
            ("mail_message_id", "=", prepayment.id), ("res_partner_id", "=", self.customer.id),
        ])
        self.assertEqual(notification.notification_type, "email")

    def test_sent_notification_not_doubled_by_the_composer(self):
        self.company.agency_notify_contract_sent = True
        self._as(self.user_sales).action_submit()
        self._as(self.user_finance).action_drafted()
        action = self._as(self.user_sales).action_send_contract()
        composer = self.env["mail.compose.message"].with_user(self.user_sales).with_context(
            **action["context"]).create({})
        composer._action_send_mail()
        self.assertEqual(self.request.state, "sent")
        self.assertFalse(self._notices("mail_template_agency_notify_sent"))

    def test_notification_in_customer_language(self):
        for code in ("fa_IR", "ru_RU"):
            self.env["res.lang"]._activate_lang(code)
        template = self.env.ref("crm_agency_sales.mail_template_agency_notify_delivered")
        template.update_field_translations("subject", {
            "fa_IR": "تحویل کار قرارداد {{ object.contract_number or object.name }}",
            "ru_RU": "Работа по договору {{ object.contract_number or object.name }} сдана",
        })
        self.company.agency_notify_delivered = True
        for lang, word in (("fa_IR", "تحویل"), ("ru_RU", "сдана")):
            self.customer.lang = lang
            request = self._create_request(order=self._create_order(self.lead))
            self._to_state("in_execution", request)
            self._attach_acceptance(request)
            self._as(self.user_project, request).action_deliver()
            notice = request.message_ids.filtered(lambda m, w=word: w in (m.subject or ""))
            self.assertEqual(len(notice), 1, lang)
            self.assertIn(request.contract_number, notice.subject)

    def test_no_email_no_notification(self):
        self.company.agency_notify_delivered = True
        self._to_state("in_execution")
        self.customer.email = False
        self._attach_acceptance()
        self._as(self.user_project).action_deliver()
        self.assertEqual(self.request.state, "delivered")
        self.assertTrue(self.request.message_ids.filtered(lambda m: "no email address" in m.body))

    # the lead's banner ---------------------------------------------------

    def test_lead_next_step_after_execution(self):
        self._to_state("in_execution")
        self.assertIn("records the delivery", self.lead.agency_next_step)
        self._attach_acceptance()
        self._as(self.user_project).action_deliver()
        self.lead.invalidate_recordset()
        self.assertIn("collects the final payment", self.lead.agency_next_step)


@tagged("post_install", "-at_install", "agency_rpc")
class TestRpcAftersign(AgencyRpcMixin, AftersignCommon):

    def setUp(self):
        super().setUp()
        self.request = self._create_request()

    def test_rpc_deliver_refused_to_salesperson(self):
        self._to_state("in_execution")
        self._attach_acceptance()
        self.assertRpcRefused(
            self.user_sales, MODEL, "action_deliver", self.request.ids,
            records=self.request, error="AccessError", message="project control",
        )

    def test_rpc_deliver_refused_without_acceptance_act(self):
        self._to_state("in_execution")
        self.assertRpcRefused(
            self.user_project, MODEL, "action_deliver", self.request.ids,
            records=self.request, message="acceptance act",
        )

    def test_rpc_deliver_refused_out_of_order(self):
        self._to_state("archived")
        self.assertRpcRefused(
            self.user_project, MODEL, "action_deliver", self.request.ids,
            records=self.request, message="cannot be marked as delivered",
        )

    def test_rpc_paid_not_typed(self):
        self._to_state("in_execution")
        self._attach_acceptance()
        self._as(self.user_project).action_deliver()
        for user in (self.user_finance, self.user_manager):
            self.assertRpcRefused(
                user, MODEL, "write", self.request.ids,
                {"state": "paid", "paid_on": "2027-01-01 10:00:00"},
                records=self.request, context={"agency_contract_transition": True},
            )

    def test_rpc_check_payments_refused_while_unpaid(self):
        self._to_state("in_execution")
        self._attach_acceptance()
        self._as(self.user_project).action_deliver()
        self.assertRpcRefused(
            self.user_finance, MODEL, "action_check_payments", self.request.ids,
            records=self.request, message="is not paid yet",
        )
        self.assertRpcRefused(
            self.user_project, MODEL, "action_check_payments", self.request.ids,
            records=self.request, error="AccessError",
        )

    def test_rpc_close_refused_before_paid(self):
        self._to_state("in_execution")
        self._attach_acceptance()
        self._as(self.user_project).action_deliver()
        self.assertRpcRefused(
            self.user_sales, MODEL, "action_close", self.request.ids,
            records=self.request, message="cannot be closed",
        )

    def test_rpc_close_refused_to_finance(self):
        self._to_state("in_execution")
        self._attach_acceptance()
        for line in self.request.payment_line_ids:
            self._pay(self._invoice(line))
        self._as(self.user_project).action_deliver()
        self.assertEqual(self.request.state, "paid")
        self.assertRpcRefused(
            self.user_finance, MODEL, "action_close", self.request.ids,
            records=self.request, error="AccessError",
        )
        self.rpc(self.user_sales, MODEL, "action_close", self.request.ids)
        self.assertEqual(self.request.state, "closed")

    def test_rpc_acceptance_act_refused_to_salesperson(self):
        self._to_state("in_execution")
        act = self._attachment(self.request, self.user_project, "act.pdf")
        self.assertRpcRefused(
            self.user_sales, MODEL, "write", self.request.ids,
            {"acceptance_attachment_ids": [Command.link(act.id)]},
            records=self.request, fnames=["acceptance_attachment_ids"], error="AccessError",
        )

    def test_rpc_acceptance_act_frozen_after_delivery(self):
        self._to_state("in_execution")
        self._attach_acceptance()
        self._as(self.user_project).action_deliver()
        self.assertRpcRefused(
            self.user_project, MODEL, "write", self.request.ids,
            {"acceptance_attachment_ids": [Command.clear()]},
            records=self.request, fnames=["acceptance_attachment_ids"],
        )

    def test_rpc_delivery_fields_not_typed(self):
        self._to_state("in_execution")
        self.assertRpcRefused(
            self.user_project, MODEL, "write", self.request.ids,
            {"delivered_by_id": self.user_project.id, "state": "delivered"},
            records=self.request,
        )


@tagged("post_install", "-at_install", "agency_tour")
class TestAftersignTour(AftersignCommon, HttpCase):
    """Project control records the delivery with the acceptance act,
    finance sees the final payment to collect, the salesperson closes the
    deal: each in the browser, as itself."""

    def test_aftersign_tour(self):
        request = self._create_request()
        self._to_state("in_execution", request)
        prepayment, final = self._lines(request)
        self._pay(self._invoice(prepayment))
        url = f"/odoo/action-crm_agency_sales.crm_contract_request_action/{request.id}"
        self.start_tour(url, "agency_aftersign_project_tour", login=self.user_project.login)
        self.assertEqual(request.state, "delivered")
        self.assertEqual(request.delivered_by_id, self.user_project)
        self.assertEqual(request.acceptance_attachment_ids.mapped("name"), ["acceptance-act.pdf"])
        invoice = self._invoice(final)
        self.start_tour(url, "agency_aftersign_finance_tour", login=self.user_finance.login)
        self._pay(invoice)
        self.assertEqual(request.state, "paid")
        self.start_tour(url, "agency_aftersign_sales_tour", login=self.user_sales.login)
        self.assertEqual(request.state, "closed")
        self.assertEqual(request.closed_by_id, self.user_sales)
        invite = self.env["survey.user_input"].search([("agency_contract_request_id", "=", request.id)])
        self.assertEqual(len(invite), 1)
        self.assertEqual(invite.partner_id, self.customer)
        self.assertTrue(request.message_ids.filtered(lambda m: invite.access_token in (m.body or "")))
