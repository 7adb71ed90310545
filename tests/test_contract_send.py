# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Sending the drafted contract to the customer, and opening its PDF.

"Sent to Customer" opens the mail composer with the contract PDF and the
covering message in the customer's language; sending it records the step
(server-side, with the button's role and state checks). Handing it over in
person records the step with a note. The PDF opens from the request itself.
"""
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged, users

from .rpc_common import AgencyRpcMixin, test_password
from .test_legal_archive import LegalArchiveCommon

MODEL = "crm.contract.request"


class ContractSendCommon(LegalArchiveCommon):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("fa_IR")
        cls.customer.write({"email": "setareh@example.com", "lang": "en_US"})
        cls.template = cls.env.ref("crm_agency_sales.mail_template_agency_contract")

    @classmethod
    def _drafted(cls, **values):
        request = cls._create_request(state="drafted", scans=0, **values)
        request._generate_contract_document()
        return request

    def _composer(self, request, user=None):
        action = request.with_user(user or self.user_sales).action_send_contract()
        self.assertEqual(action["res_model"], "mail.compose.message")
        return self.env["mail.compose.message"].with_user(user or self.user_sales).with_context(
            **action["context"]).create({})


@tagged("post_install", "-at_install", "agency_logic")
class TestContractSend(ContractSendCommon):

    def test_composer_action(self):
        request = self._drafted()
        action = request.with_user(self.user_sales).action_send_contract()
        context = action["context"]
        self.assertEqual(action["target"], "new")
        self.assertEqual(context["default_model"], MODEL)
        self.assertEqual(context["default_res_ids"], request.ids)
        self.assertEqual(context["default_composition_mode"], "comment")
        self.assertEqual(context["default_template_id"], self.template.id)
        self.assertEqual(context["default_attachment_ids"], [(6, 0, request.contract_attachment_id.ids)])
        composer = self._composer(request)
        self.assertEqual(composer.template_id, self.template)
        self.assertEqual(composer.attachment_ids, request.contract_attachment_id)
        self.assertEqual(composer.partner_ids, self.customer)
        self.assertIn(request.contract_number, composer.subject)
        self.assertIn(request.contract_number, composer.body)
        # a company is greeted as a company
        self.assertIn("Setareh Cosmetics PJS team", composer.body)
        self.assertNotIn("Ms./Mr.", composer.body)

    def test_composer_in_customer_language(self):
        self.customer.lang = "fa_IR"
        request = self._drafted()
        composer = self._composer(request)
        self.assertEqual(self.template._render_lang(request.ids)[request.id], "fa_IR")
        self.assertEqual(composer.attachment_ids, request.contract_attachment_id)

    def test_send_records_the_step(self):
        request = self._drafted()
        composer = self._composer(request)
        composer.action_send_mail()
        self.assertEqual(request.state, "sent")
        self.assertEqual(request.sent_by_id, self.user_sales)
        self.assertTrue(request.sent_on)
        sent = request.message_ids.filtered(lambda m: m.attachment_ids)
        self.assertIn(request.contract_attachment_id, sent.attachment_ids)
        email = sent.filtered(lambda m: self.customer in m.partner_ids)
        self.assertTrue(email, "the email to the customer is on the chatter")
        self.assertEqual(email.attachment_ids, request.contract_attachment_id)
        self.assertNotIn(self.customer, request.message_partner_ids)
        self.assertTrue(request.message_ids.filtered(
            lambda m: "sent to the customer by email" in (m.body or "")))
        # the composer cannot be opened again: the step is done
        with self.assertRaises(UserError):
            request.with_user(self.user_sales).action_send_contract()

    @users("agency_sales")
    def test_send_without_contract_document_makes_it(self):
        request = self._create_request(state="drafted", scans=0)
        self.assertFalse(request.contract_attachment_id)
        action = request.with_env(self.env).action_send_contract()
        self.assertTrue(request.contract_attachment_id)
        self.assertEqual(action["context"]["default_attachment_ids"],
                         [(6, 0, request.contract_attachment_id.ids)])

    def test_send_refused_wrong_role_or_state(self):
        request = self._drafted()
        for user in (self.user_finance, self.user_project, self.user_sales_2):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                request.with_user(user).action_send_contract()
        for state in ("submitted", "sent", "signed"):
            other = self._drafted() if state != "submitted" else self._create_request(
                state="submitted", scans=0)
            other._transition({"state": state})
            with self.subTest(state=state), self.assertRaises(UserError):
                other.with_user(self.user_sales).action_send_contract()
        self.assertEqual(request.state, "drafted")

    def test_message_post_key_keeps_the_checks(self):
        """The composer's context key only asks for the checked step: from
        finance it is refused, on a request in another state it does
        nothing, a plain message does not mark anything."""
        request = self._drafted()
        request.with_user(self.user_sales).message_post(body="A question for finance")
        self.assertEqual(request.state, "drafted")
        with self.assertRaises(AccessError):
            request.with_user(self.user_finance).with_context(
                agency_mark_contract_sent=True).message_post(body="Sent?")
        self.assertEqual(request.state, "drafted")
        submitted = self._create_request(state="submitted", scans=0)
        submitted.with_user(self.user_sales).with_context(
            agency_mark_contract_sent=True).message_post(body="Here it is")
        self.assertEqual(submitted.state, "submitted")

    def test_mark_sent_in_person(self):
        request = self._drafted()
        action = request.with_user(self.user_sales).action_open_mark_sent_wizard()
        wizard = self.env[action["res_model"]].with_user(self.user_sales).with_context(
            **action["context"]).create({"note": "Handed to Mr. Karimi at <b>his office</b>."})
        wizard.action_confirm()
        self.assertEqual(request.state, "sent")
        self.assertEqual(request.sent_by_id, self.user_sales)
        note = request.message_ids.filtered(lambda m: "in person" in (m.body or ""))
        self.assertEqual(len(note), 1)
        self.assertIn("Handed to Mr. Karimi at &lt;b&gt;his office&lt;/b&gt;.", note.body)

    def test_mark_sent_in_person_refused(self):
        request = self._drafted()
        with self.assertRaises(AccessError):
            request.with_user(self.user_finance).action_open_mark_sent_wizard()
        wizard = self.env["crm.contract.request.mark.sent"].with_user(self.user_sales).create({
            "request_id": request.id, "note": "   ",
        })
        with self.assertRaises(UserError):
            wizard.action_confirm()
        self.assertEqual(request.state, "drafted")
        request.with_user(self.user_sales).action_mark_sent()
        self.assertEqual(request.state, "sent")
        with self.assertRaises(UserError):
            request.with_user(self.user_sales)._mark_sent_in_person("again")

    def test_open_contract_pdf_action(self):
        request = self._drafted()
        for user in (self.user_sales, self.user_finance):
            with self.subTest(user=user.login):
                action = request.with_user(user).action_open_contract_pdf()
                self.assertEqual(action["type"], "ir.actions.act_url")
                self.assertEqual(
                    action["url"],
                    "/web/content/%d?download=false" % request.contract_attachment_id.id,
                )
        empty = self._create_request(state="submitted", scans=0)
        with self.assertRaises(UserError):
            empty.with_user(self.user_finance).action_open_contract_pdf()


@tagged("post_install", "-at_install", "agency_rpc")
class TestContractSendRpc(AgencyRpcMixin, ContractSendCommon):

    def test_rpc_send_contract_refused_to_finance(self):
        request = self._drafted()
        self.assertRpcRefused(
            self.user_finance, MODEL, "action_send_contract", request.ids,
            records=request, error="AccessError",
        )

    def test_rpc_message_post_mark_sent_refused_to_finance(self):
        request = self._drafted()
        self.assertRpcRefused(
            self.user_finance, MODEL, "message_post", request.ids, body="Sent?",
            context={"agency_mark_contract_sent": True},
            records=request, fnames=["state", "sent_on", "sent_by_id"], error="AccessError",
        )

    def test_rpc_message_post_mark_sent_needs_drafted(self):
        request = self._create_request(state="submitted", scans=0)
        self.rpc(self.user_sales, MODEL, "message_post", request.ids, body="Here it is",
                 context={"agency_mark_contract_sent": True})
        request.invalidate_recordset()
        self.assertEqual(request.state, "submitted")
        self.assertFalse(request.sent_on)

    def test_rpc_message_post_mark_sent_as_the_button(self):
        request = self._drafted()
        # a log note with the key records nothing
        self.rpc(self.user_sales, MODEL, "message_post", request.ids, body="Internal note",
                 context={"agency_mark_contract_sent": True})
        request.invalidate_recordset()
        self.assertEqual(request.state, "drafted")
        self.rpc(self.user_sales, MODEL, "message_post", request.ids, body="The contract",
                 message_type="comment", subtype_xmlid="mail.mt_comment",
                 context={"agency_mark_contract_sent": True})
        request.invalidate_recordset()
        self.assertEqual(request.state, "sent")
        self.assertEqual(request.sent_by_id, self.user_sales)

    def test_rpc_mark_sent_wizard_refused_wrong_state(self):
        request = self._create_request(state="submitted", scans=0)
        wizard_id = self.rpc(self.user_sales, "crm.contract.request.mark.sent", "create",
                             {"request_id": request.id, "note": "Handed over"})
        self.assertRpcRefused(
            self.user_sales, "crm.contract.request.mark.sent", "action_confirm", [wizard_id],
            records=request, fnames=["state", "sent_on"], error="UserError",
        )

    def test_rpc_open_contract_pdf_refused_to_other_salesperson(self):
        request = self._drafted()
        self.assertRpcRefused(
            self.user_sales_2, MODEL, "action_open_contract_pdf", request.ids,
            error="AccessError",
        )

    def test_rpc_contract_pdf_url(self):
        """The URL of the action serves the PDF to the request's users, not
        to a salesperson who cannot read the request."""
        request = self._drafted()
        url = request.with_user(self.user_sales).action_open_contract_pdf()["url"]
        self.env.flush_all()
        self.authenticate(self.user_sales.login, test_password(self.user_sales))
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.content, request.contract_attachment_id.raw)
        self.assertIn("inline", response.headers.get("Content-Disposition", ""))
        self.authenticate(self.user_sales_2.login, test_password(self.user_sales_2))
        response = self.url_open(url)
        self.assertIn(response.status_code, (403, 404))
        self.assertNotEqual(response.content, request.contract_attachment_id.raw)
