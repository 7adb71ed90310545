# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The contract side of the agency's rules over JSON-RPC, as each role: the
contract request's workflow, its data after submission, its deletion, the
signed documents, one request per quotation, the legal archive, the
payment lines, digits typed in Persian, large amounts and long texts, and
the contract PDF of a contract with many signatories and long terms."""
import base64
import io
import threading
import time
import uuid

from psycopg2.errors import LockNotAvailable

from odoo import SUPERUSER_ID, Command, api
from odoo.exceptions import UserError, ValidationError
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger
from odoo.tools.pdf import PdfFileReader

from .contract_common import VALID_COMPANY_ID, VALID_IBAN, VALID_NATIONAL_CODE, ContractCommon
from .race_common import RaceCommon
from .rpc_common import AgencyRpcMixin
from .test_contract_report import REPORT, ContractReportCommon

MODEL = "crm.contract.request"
PERSIAN = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
ARABIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


@tagged("post_install", "-at_install", "agency_rpc")
class TestRpcContract(AgencyRpcMixin, ContractCommon):

    def setUp(self):
        super().setUp()
        self.request = self._create_request()

    # workflow fields: only the actions ------------------------------

    def test_rpc_salesperson_cannot_write_state_even_with_context_key(self):
        self.assertRpcRefused(
            self.user_sales, MODEL, "write", self.request.ids, {"state": "signed"},
            records=self.request, error="UserError", message="only through its actions",
            context={"agency_contract_transition": True},
        )

    def test_rpc_manager_cannot_write_who_and_when(self):
        self.assertRpcRefused(
            self.user_manager, MODEL, "write", self.request.ids,
            {"submitted_by_id": self.user_manager.id, "submitted_on": "2026-01-01 10:00:00",
             "signed_on": "2026-01-02 10:00:00", "signed_by_id": self.user_manager.id},
            records=self.request, error="UserError", context={"agency_contract_transition": 1},
        )

    def test_rpc_finance_cannot_write_contract_number(self):
        self._bring_to("submitted")
        self.assertRpcRefused(
            self.user_finance, MODEL, "write", self.request.ids,
            {"contract_number": "CT/FORGED", "drafting_end_on": "2026-01-01 10:00:00"},
            records=self.request, error="UserError",
        )

    def test_rpc_project_cannot_write_execution_fields(self):
        self._bring_to("archived")
        self.assertRpcRefused(
            self.user_project, MODEL, "write", self.request.ids,
            {"execution_started_on": "2026-01-01 10:00:00",
             "execution_started_by_id": self.user_project.id, "state": "in_execution"},
            records=self.request, error="UserError", context={"agency_contract_transition": True},
        )

    def test_rpc_cannot_set_contract_document_event_or_reason(self):
        other = self.env["ir.attachment"].create({"name": "fake.pdf", "raw": b"%PDF fake"})
        event = self.env["calendar.event"].create({
            "name": "Fake signing", "start": "2027-01-01 09:00:00", "stop": "2027-01-01 10:00:00",
        })
        for vals in ({"contract_attachment_id": other.id}, {"signing_event_id": event.id},
                     {"cancel_reason": "none"}, {"name": "CR/FORGED"}):
            with self.subTest(field=list(vals)[0]):
                self.assertRpcRefused(
                    self.user_sales, MODEL, "write", self.request.ids, vals,
                    records=self.request, error="UserError",
                )

    def test_rpc_create_with_workflow_fields_refused(self):
        order = self._create_order(self.lead)
        count = self.env[MODEL].search_count([])
        for vals in ({"state": "signed"}, {"signed_on": "2026-01-01 10:00:00"},
                     {"contract_number": "CT/X"}):
            with self.subTest(vals=vals):
                self.assertRpcRefused(
                    self.user_sales, MODEL, "create",
                    dict(vals, partner_id=self.customer.id, order_id=order.id),
                    error="UserError", context={"agency_contract_transition": True},
                )
        self.assertEqual(self.env[MODEL].search_count([]), count)

    def test_rpc_actions_keep_their_roles(self):
        self.assertRpcRefused(self.user_finance, MODEL, "action_submit", self.request.ids,
                              records=self.request, error="AccessError")
        self.assertRpcRefused(self.user_sales_2, MODEL, "action_submit", self.request.ids,
                              records=self.request, error="AccessError")
        self._bring_to("submitted")
        for user in (self.user_sales, self.user_project, self.user_manager):
            with self.subTest(user=user.login):
                self.assertRpcRefused(user, MODEL, "action_drafted", self.request.ids,
                                      records=self.request, error="AccessError")

    def test_rpc_actions_keep_their_states(self):
        self.assertRpcRefused(self.user_sales, MODEL, "action_sign", self.request.ids,
                              records=self.request, error="UserError", message="cannot be signed")
        self.assertRpcRefused(self.user_finance, MODEL, "action_register_legal_archive", self.request.ids,
                              records=self.request, error="UserError")
        self.assertRpcRefused(self.user_project, MODEL, "action_start_execution", self.request.ids,
                              records=self.request, error="UserError")

    def test_rpc_proper_actions_work(self):
        """The whole process, each step by its role over RPC."""
        request = self.request
        self.rpc(self.user_sales, MODEL, "action_submit", request.ids)
        self.rpc(self.user_finance, MODEL, "action_start_drafting", request.ids)
        self.rpc(self.user_finance, MODEL, "action_drafted", request.ids)
        self.assertEqual(request.state, "drafted")
        self.assertTrue(request.contract_attachment_id)
        self.rpc(self.user_sales, MODEL, "action_mark_sent", request.ids)
        self.rpc(self.user_sales, MODEL, "action_book_signing", request.ids)
        self.assertTrue(request.signing_event_id)
        scan_id = self.rpc(self.user_sales, "ir.attachment", "create", {
            "name": "signed.pdf", "datas": base64.b64encode(b"%PDF-1.4 signed").decode(),
            "res_model": MODEL, "res_id": request.id,
        })
        self.rpc(self.user_sales, MODEL, "write", request.ids, {
            "signed_attachment_ids": [Command.link(scan_id)],
            "check_pages_signed": True, "check_pages_stamped": True,
            "check_authorized_signatories": True,
        })
        self.rpc(self.user_sales, MODEL, "action_sign", request.ids)
        self.assertEqual(request.state, "signed")
        self.assertEqual(request.signed_by_id, self.user_sales)
        self.assertEqual(self.order.state, "sale")
        self.rpc(self.user_finance, MODEL, "action_register_legal_archive", request.ids)
        self.assertEqual(request.state, "archived")
        self.assertTrue(request.legal_archive_id)
        self.rpc(self.user_project, MODEL, "action_start_execution", request.ids)
        self.assertEqual(request.state, "in_execution")
        self.assertEqual(request.execution_started_by_id, self.user_project)

    def test_rpc_cancel_with_reason(self):
        self._bring_to("submitted")
        self.assertRpcRefused(self.user_sales, MODEL, "action_cancel", self.request.ids, "   ",
                              records=self.request, error="UserError", message="reason")
        self.assertRpcRefused(self.user_finance, MODEL, "action_cancel", self.request.ids, "no",
                              records=self.request, error="AccessError")
        self.rpc(self.user_sales, MODEL, "action_cancel", self.request.ids, "Customer withdrew")
        self.assertEqual(self.request.state, "cancelled")
        self.assertEqual(self.request.cancel_reason, "Customer withdrew")

    # the contract's data after submission -----------------------------

    def test_rpc_salesperson_cannot_change_data_after_submit(self):
        self._bring_to("submitted")
        for vals in ({"amount": 1.0}, {"legal_name": "Other Co."}, {"bank_iban": VALID_IBAN},
                     {"party_type": "person"}, {"email": "x@example.com"},
                     {"date_end": "2030-01-01"}, {"terms": "<p>new terms</p>"},
                     {"executor_id": self.user_sales_2.id}):
            with self.subTest(field=list(vals)[0]):
                self.assertRpcRefused(
                    self.user_sales, MODEL, "write", self.request.ids, vals,
                    records=self.request, error="UserError", message="only finance corrects",
                    context={"agency_contract_transition": True},
                )

    def test_rpc_salesperson_cannot_change_signatories_after_submit(self):
        self._bring_to("submitted")
        signatory = self.request.signatory_ids
        self.assertRpcRefused(
            self.user_sales, "crm.contract.signatory", "write", signatory.ids, {"name": "Someone"},
            records=signatory, error="UserError",
        )
        self.assertRpcRefused(
            self.user_sales, "crm.contract.signatory", "unlink", signatory.ids,
            records=signatory, error="UserError",
        )
        self.assertRpcRefused(
            self.user_sales, "crm.contract.signatory", "create",
            {"request_id": self.request.id, "name": "Extra", "position": "CFO"},
            records=self.request, error="UserError",
        )
        self.assertRpcRefused(
            self.user_sales, MODEL, "write", self.request.ids,
            {"signatory_ids": [Command.create({"name": "Extra", "position": "CFO"})]},
            records=signatory, error="UserError",
        )

    def test_rpc_salesperson_cannot_change_payment_schedule_after_submit(self):
        self._bring_to("submitted")
        lines = self.request.payment_line_ids
        self.assertRpcRefused(
            self.user_sales, "crm.contract.payment.line", "write", lines[:1].ids, {"percent": 90},
            records=lines, error="UserError",
        )
        self.assertRpcRefused(
            self.user_sales, "crm.contract.payment.line", "create",
            {"request_id": self.request.id, "label": "Extra", "percent": 10},
            records=lines, error="UserError",
        )
        self.assertRpcRefused(
            self.user_sales, "crm.contract.payment.line", "unlink", lines.ids,
            records=lines, error="UserError",
        )

    def test_rpc_manager_and_project_cannot_change_submitted_data(self):
        self._bring_to("submitted")
        for user in (self.user_manager, self.user_project):
            with self.subTest(user=user.login):
                self.assertRpcRefused(
                    user, MODEL, "write", self.request.ids, {"subject": "Changed"},
                    records=self.request, error="UserError", message="only finance corrects",
                )

    def test_rpc_project_and_finance_cannot_fill_a_draft(self):
        for user in (self.user_project, self.user_finance):
            with self.subTest(user=user.login):
                self.assertRpcRefused(
                    user, MODEL, "write", self.request.ids, {"subject": "Changed"},
                    records=self.request, error="AccessError",
                )

    def test_rpc_finance_corrects_drafted_contract_and_pdf_is_made_again(self):
        self._bring_to("drafted")
        document = self.request.contract_attachment_id
        self.assertTrue(document)
        self.rpc(self.user_finance, MODEL, "write", self.request.ids,
                 {"legal_name": "Setareh Cosmetics Private Joint Stock Co.", "amount": 10000.0})
        self.assertEqual(self.request.legal_name, "Setareh Cosmetics Private Joint Stock Co.")
        new_document = self.request.contract_attachment_id
        self.assertNotEqual(new_document, document)
        self.assertIn(b"Setareh Cosmetics Private Joint Stock Co.", new_document.raw)
        # a corrected signatory makes it again too
        self.rpc(self.user_finance, "crm.contract.signatory", "write",
                 self.request.signatory_ids.ids, {"position": "Chief Executive Officer"})
        self.assertNotEqual(self.request.contract_attachment_id, new_document)
        self.assertIn(b"Chief Executive Officer", self.request.contract_attachment_id.raw)
        self.assertEqual(self.request.state, "drafted")

    def test_rpc_finance_corrects_while_submitted(self):
        self._bring_to("submitted")
        self.rpc(self.user_finance, MODEL, "write", self.request.ids, {"subject": "Corrected subject"})
        self.assertEqual(self.request.subject, "Corrected subject")
        self.assertFalse(self.request.contract_attachment_id)

    def test_rpc_finance_cannot_change_data_once_sent(self):
        self._bring_to("sent")
        self.assertRpcRefused(
            self.user_finance, MODEL, "write", self.request.ids, {"amount": 5.0},
            records=self.request, error="UserError", message="cancel it with a reason",
        )

    def test_rpc_signed_contract_frozen_for_every_role(self):
        self._bring_to("signed")
        for user in (self.user_sales, self.user_manager, self.user_finance, self.user_project):
            with self.subTest(user=user.login):
                self.assertRpcRefused(
                    user, MODEL, "write", self.request.ids, {"subject": "Changed"},
                    records=self.request, error="UserError",
                    context={"agency_contract_transition": True},
                )

    # deletion ---------------------------------------------------------

    def test_rpc_submitted_request_cannot_be_deleted(self):
        self._bring_to("submitted")
        for user in (self.user_sales, self.user_manager):
            with self.subTest(user=user.login):
                self.assertRpcRefused(
                    user, MODEL, "unlink", self.request.ids, records=self.request,
                    error="UserError", message="cancel it with a reason instead",
                )

    def test_rpc_cancelled_request_cannot_be_deleted(self):
        self._bring_to("submitted")
        self._as(self.user_sales).action_cancel("Customer withdrew")
        self.assertRpcRefused(self.user_manager, MODEL, "unlink", self.request.ids,
                              records=self.request, error="UserError")

    def test_rpc_draft_deleted_by_its_salesperson_only(self):
        self.assertRpcRefused(self.user_sales_2, MODEL, "unlink", self.request.ids,
                              records=self.request, error="AccessError")
        self.assertRpcRefused(self.user_finance, MODEL, "unlink", self.request.ids,
                              records=self.request, error="AccessError")
        self.rpc(self.user_sales, MODEL, "unlink", self.request.ids)
        self.assertFalse(self.request.exists())

    def test_rpc_force_unlink_context_deletes_nothing(self):
        """Odoo skips ``@api.ondelete(at_uninstall=False)`` guards when the
        context carries ``_force_unlink``; a client can send it, so the
        addon's guards hold whatever the context says."""
        force = {"_force_unlink": True}
        self._bring_to("signed")
        scan = self.request.signed_attachment_ids
        for user in (self.user_sales, self.user_manager):
            with self.subTest(user=user.login):
                self.assertRpcRefused(
                    user, MODEL, "unlink", self.request.ids, records=self.request,
                    error="UserError", message="cancel it with a reason instead", context=force,
                )
                self.assertRpcRefused(user, "ir.attachment", "unlink", scan.ids, records=scan,
                                      error="UserError", message="cannot be deleted", context=force)
        self._archive(self.request)
        entry = self.request.legal_archive_ids
        self.assertTrue(entry)
        for user in (self.user_finance, self.user_manager):
            with self.subTest(user=user.login):
                self.assertRpcRefused(user, "legal.archive", "unlink", entry.ids, records=entry,
                                      error=("UserError", "AccessError"), context=force)
        self.assertTrue(self.request.exists() and scan.exists() and entry.exists())

    # the signed documents ---------------------------------------------

    def test_rpc_signed_scan_cannot_be_deleted(self):
        self._bring_to("signed")
        scan = self.request.signed_attachment_ids
        for user in (self.user_sales, self.user_manager):
            with self.subTest(user=user.login):
                self.assertRpcRefused(user, "ir.attachment", "unlink", scan.ids,
                                      records=scan, error="UserError", message="cannot be deleted")

    def test_rpc_signed_scan_cannot_be_replaced_or_moved(self):
        self._bring_to("signed")
        scan = self.request.signed_attachment_ids
        other = self._create_request(order=self._create_order(self.lead))
        for vals in ({"datas": base64.b64encode(b"forged").decode()}, {"raw": "forged"},
                     {"res_id": other.id}, {"res_model": "res.partner", "res_id": self.customer.id}):
            with self.subTest(field=list(vals)):
                self.assertRpcRefused(self.user_sales, "ir.attachment", "write", scan.ids, vals,
                                      records=scan, error="UserError", message="cannot be changed")
        with self.assertRaises(UserError):
            scan.sudo().unlink()

    def test_rpc_signed_scans_stay_linked_to_the_request(self):
        self._bring_to("signed")
        other = self._signed_scan(self.request)
        for command in ([Command.clear()], [Command.unlink(self.request.signed_attachment_ids.id)],
                        [Command.set([other.id])]):
            with self.subTest(command=command):
                self.assertRpcRefused(
                    self.user_manager, MODEL, "write", self.request.ids,
                    {"signed_attachment_ids": command}, records=self.request, error="UserError",
                )
        with self.assertRaises(UserError):
            self.request.sudo().signed_attachment_ids = [Command.clear()]

    def test_rpc_contract_document_of_signed_request_protected(self):
        self._bring_to("signed")
        document = self.request.contract_attachment_id
        self.assertTrue(document)
        self.assertRpcRefused(self.user_finance, "ir.attachment", "unlink", document.ids,
                              records=document, error="UserError")
        self.assertRpcRefused(self.user_manager, "ir.attachment", "write", document.ids,
                              {"raw": "forged"}, records=document, error="UserError")

    # one request per quotation ---------------------------------------

    def test_rpc_second_request_for_quotation_refused(self):
        count = self.env[MODEL].search_count([("order_id", "=", self.order.id)])
        self.assertRpcRefused(
            self.user_sales, MODEL, "create",
            {"partner_id": self.customer.id, "order_id": self.order.id, "subject": "Again"},
            error="UserError", message="already has the contract request",
        )
        self.assertRpcRefused(self.user_sales, MODEL, "copy", self.request.ids,
                              records=self.request, error="UserError")
        other = self._create_request(order=self._create_order(self.lead))
        self.assertRpcRefused(self.user_sales, MODEL, "write", other.ids, {"order_id": self.order.id},
                              records=other, error="UserError")
        self.assertEqual(self.env[MODEL].search_count([("order_id", "=", self.order.id)]), count)

    def test_rpc_new_request_once_the_first_is_cancelled(self):
        self._as(self.user_sales).action_cancel("Wrong customer data")
        new_id = self.rpc(self.user_sales, MODEL, "create",
                          {"partner_id": self.customer.id, "order_id": self.order.id})
        self.assertEqual(self.env[MODEL].browse(new_id).order_id, self.order)

    # legal archive -----------------------------------------------------

    def test_rpc_legal_archive_create_refused_to_finance(self):
        self._bring_to("signed")
        for context in (None, {"agency_legal_archive": True}, {"agency_contract_transition": True}):
            with self.subTest(context=context):
                self.assertRpcRefused(
                    self.user_finance, "legal.archive", "create", {"request_id": self.request.id},
                    records=self.request, error="UserError", message="archive action",
                    context=context,
                )
        self.assertFalse(self.env["legal.archive"].search([("request_id", "=", self.request.id)]))
        self.assertEqual(self.request.state, "signed")

    def test_rpc_legal_archive_create_refused_to_other_roles(self):
        self._bring_to("signed")
        admin = self.env.ref("base.user_admin")
        admin.password = "adminxxx"
        admin.login = "admin"
        for user in (self.user_sales, self.user_manager, self.user_project, admin):
            with self.subTest(user=user.login):
                self.assertRpcRefused(
                    user, "legal.archive", "create", {"request_id": self.request.id},
                    records=self.request, error=("AccessError", "UserError"),
                    context={"agency_legal_archive": True},
                )
        # nor through the request's one2many
        self.assertRpcRefused(
            self.user_finance, MODEL, "write", self.request.ids,
            {"legal_archive_ids": [Command.create({"request_id": self.request.id})]},
            records=self.request, error="UserError",
        )
        self.assertFalse(self.env["legal.archive"].search([("request_id", "=", self.request.id)]))

    # payments ----------------------------------------------------------

    def _other_invoice(self):
        order = self._create_order(self._create_lead(name="Other deal"))
        order.action_confirm()
        return order._create_invoices()

    def test_rpc_payment_line_invoice_not_writable(self):
        self._bring_to("signed")
        line = self.request.payment_line_ids[:1]
        invoice = self._other_invoice()
        for user in (self.user_sales, self.user_manager, self.user_finance):
            with self.subTest(user=user.login):
                self.assertRpcRefused(
                    user, "crm.contract.payment.line", "write", line.ids,
                    {"invoice_id": invoice.id}, records=line, error="UserError",
                    context={"agency_contract_invoice": True},
                )

    def test_rpc_payment_line_created_with_invoice_refused(self):
        invoice = self._other_invoice()
        self.assertRpcRefused(
            self.user_sales, "crm.contract.payment.line", "create",
            {"request_id": self.request.id, "label": "Forged", "invoice_id": invoice.id},
            records=self.request.payment_line_ids, error="UserError",
        )

    def test_payment_line_links_an_invoice_of_its_order_only(self):
        self._bring_to("signed")
        line = self.request.payment_line_ids[:1]
        with self.assertRaises(ValidationError):
            line.sudo().invoice_id = self._other_invoice()
        action = line.with_user(self.user_sales).action_create_invoice_for_line()
        self.assertEqual(line.invoice_id.id, action["res_id"])
        self.assertIn(line.invoice_id, self.order.invoice_ids)

    def test_reversed_invoice_is_not_paid(self):
        self._bring_to("signed")
        line = self.request.payment_line_ids[:1]
        line.with_user(self.user_sales).action_create_invoice_for_line()
        invoice = line.invoice_id
        invoice.action_post()
        self.assertFalse(line._is_paid())
        invoice._reverse_moves(cancel=True)
        invoice.invalidate_recordset()
        self.assertEqual(invoice.payment_state, "reversed")
        self.assertFalse(line._is_paid())

    # digits and bad input ----------------------------------------------

    def test_rpc_persian_and_arabic_digits_stored_latin(self):
        self.rpc(self.user_sales, MODEL, "write", self.request.ids, {
            "party_type": "person",
            "national_id": VALID_NATIONAL_CODE.translate(PERSIAN),
            "company_national_id": VALID_COMPANY_ID.translate(ARABIC),
            "registration_number": "۱۲۳۴۵۶",
            "economic_code": "٤١١١١١١١١١١١",
            "bank_iban": ("ir" + VALID_IBAN[2:]).translate(PERSIAN),
            "phone": "+۹۸ ۲۱ ۸۸۷۷ ۶۶۵۵",
            "mobile": "٠٩١٢١٢٣٤٥٦٧",
            "signatory_ids": [Command.update(self.request.signatory_ids.id, {
                "national_id": VALID_NATIONAL_CODE.translate(ARABIC)})],
        })
        request = self.request
        self.assertEqual(request.national_id, VALID_NATIONAL_CODE)
        self.assertEqual(request.company_national_id, VALID_COMPANY_ID)
        self.assertEqual(request.registration_number, "123456")
        self.assertEqual(request.economic_code, "411111111111")
        self.assertEqual(request.bank_iban, VALID_IBAN)
        self.assertEqual(request.phone, "+98 21 8877 6655")
        self.assertEqual(request.mobile, "09121234567")
        self.assertEqual(request.signatory_ids.national_id, VALID_NATIONAL_CODE)
        # a signatory written directly too
        self.rpc(self.user_sales, "crm.contract.signatory", "create", {
            "request_id": request.id, "name": "Ali", "position": "CFO",
            "national_id": "۰۰۸۴۵۷۵۹۴۸",
        })
        self.assertEqual(request.signatory_ids[-1:].national_id, "0084575948")

    def test_contract_prints_latin_digits(self):
        """Even a value stored before the normalisation prints in Latin
        digits in the English contract."""
        self.env.cr.execute(
            "UPDATE crm_contract_request SET company_national_id = %s, bank_iban = %s WHERE id = %s",
            (VALID_COMPANY_ID.translate(PERSIAN), VALID_IBAN.translate(ARABIC), self.request.id),
        )
        self.request.invalidate_recordset()
        html, _format = self.env["ir.actions.report"]._render_qweb_html(REPORT, self.request.ids)
        html = html.decode()
        self.assertIn(VALID_COMPANY_ID, html)
        self.assertIn(VALID_IBAN, html)
        self.assertNotIn(VALID_COMPANY_ID.translate(PERSIAN), html)

    def test_rpc_wizard_stores_latin_digits(self):
        """The draft the wizard makes stores the identifiers the salesperson
        types in Persian digits with ASCII digits."""
        order = self._create_order(self.lead)
        wizard_id = self.rpc(self.user_sales, "crm.contract.request.wizard", "create", {},
                             context={"default_order_id": order.id, "default_lead_id": self.lead.id})
        action = self.rpc(self.user_sales, "crm.contract.request.wizard", "action_confirm", [wizard_id])
        request = self.env[MODEL].browse(action["res_id"])
        self.assertEqual(request.order_id, order)
        self.rpc(self.user_sales, MODEL, "write", request.ids, {
            "company_national_id": VALID_COMPANY_ID.translate(PERSIAN),
            "bank_iban": VALID_IBAN.translate(PERSIAN),
            "mobile": "۰۹۱۲۱۲۳۴۵۶۷",
            "signatory_ids": [Command.create({"name": "Reza Rahimi", "position": "CEO",
                                              "national_id": VALID_NATIONAL_CODE.translate(PERSIAN)})],
            "legal_name": "Setareh", "subject": "Site", "date_start": "2027-01-01",
            "date_end": "2027-06-30",
        })
        request.invalidate_recordset()
        self.assertEqual(request.company_national_id, VALID_COMPANY_ID)
        self.assertEqual(request.bank_iban, VALID_IBAN)
        self.assertEqual(request.mobile, "09121234567")
        self.assertEqual(request.signatory_ids.national_id, VALID_NATIONAL_CODE)
        self.rpc(self.user_sales, MODEL, "action_submit", request.ids)
        self.assertEqual(request.state, "submitted")

    def test_rpc_amount_out_of_range_refused(self):
        for amount in (10.0 ** 15, 1e300, -1e16):
            with self.subTest(amount=amount):
                self.assertRpcRefused(
                    self.user_sales, MODEL, "write", self.request.ids, {"amount": amount},
                    records=self.request, error="ValidationError", message="out of range",
                )

    def test_rpc_large_amount_contract_in_every_language(self):
        amount = 10 ** 12 + 0.99
        self.rpc(self.user_sales, MODEL, "write", self.request.ids, {
            "amount": amount,
            "payment_line_ids": [Command.clear(), Command.create({
                "label": "All", "percent": 100, "due_date": "2027-01-01"})],
        })
        self.assertEqual(self.request.amount, amount)
        Report = self.env["report.crm_agency_sales.report_contract"]
        for lang in ("en_US", "fa_IR", "ru_RU"):
            self.env["res.lang"]._activate_lang(lang)
            for currency in ("base.USD", "base.IRR", "base.RUB", "base.EUR"):
                for value in (amount, 10 ** 15 - 0.01, 999999999999999.0, 10 ** 15, 1e300):
                    with self.subTest(lang=lang, currency=currency, value=value):
                        words = Report.amount_in_words(value, self.env.ref(currency), lang)
                        self.assertTrue(words)
            self.customer.lang = lang
            html, _format = self.env["ir.actions.report"]._render_qweb_html(REPORT, self.request.ids)
            self.assertIn(b"o_agency_page", html)
        self.assertIn("trillion", Report.amount_in_words(amount, self.env.ref("base.USD"), "en_US"))
        self.assertIn("too large", Report.amount_in_words(1e300, self.env.ref("base.USD"), "en_US"))

    def test_rpc_very_long_texts(self):
        terms = ContractReportCommon._long_terms(articles=100)
        self.rpc(self.user_sales, MODEL, "write", self.request.ids, {
            "subject": "Website design " * 667,
            "legal_name": "Setareh Cosmetics " * 295,
            "terms": terms,
        })
        self.assertEqual(len(self.request.subject), len("Website design " * 667))
        Report = self.env["report.crm_agency_sales.report_contract"]
        start = time.time()
        pages = Report._contract_pages(self.request)
        self.assertLess(time.time() - start, 30)
        self.assertLess(len(pages), 150)
        words = " ".join(
            " ".join(block.get("lines", [])) for page in pages for block in page
        ).split()
        self.assertEqual(words.count("Website"), 667)
        html, _format = self.env["ir.actions.report"]._render_qweb_html(REPORT, self.request.ids)
        self.assertEqual(html.count(b'class="o_agency_page_number"'), len(pages))


@tagged("post_install", "-at_install", "agency_pdf")
class TestContractReportManySignatories(ContractReportCommon, HttpCase):
    """200 signatories and 50 pages of terms: the PDF is made within a
    minute, every page keeps its bounded footer, the signatories sign an
    annex."""

    def test_pdf_200_signatories_50_pages_of_terms(self):
        request = self._contract(
            "en_US", terms=self._long_terms(articles=100),
            signatory_ids=[Command.clear()] + [
                Command.create({"name": "Signatory %d" % i, "position": "Board member",
                                "national_id": VALID_NATIONAL_CODE}) for i in range(1, 201)
            ],
        )
        self.assertEqual(len(request.signatory_ids), 200)
        laid_out = self.Report._contract_pages(request)
        self.assertLess(len(laid_out), 120)
        start = time.time()
        pdf = self._render_pdf(request)
        self.assertLess(time.time() - start, 60)
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        count = reader.getNumPages()
        self.assertEqual(count, len(laid_out))
        self.assertGreaterEqual(count, 40)
        texts = [" ".join(reader.getPage(i).extractText().split()) for i in range(count)]
        for number, text in enumerate(texts, 1):
            if number not in (1, count // 2, count):
                continue
            with self.subTest(page=number):
                self.assertIn("Agency signature", text)
                self.assertIn("Client signature", text)
                self.assertIn("Agency stamp", text)
                self.assertIn("annex of signatories", text)
                self.assertIn("Page %d of %d" % (number, count), text)
        self.assertIn("Signatory 200", " ".join(texts[-3:]))


@tagged("post_install", "-at_install", "agency_race")
class TestContractRequestRace(RaceCommon):
    """Two users confirm a contract request for the same quotation at the
    same moment: one request is made, the other is refused. The data is
    committed so that two real transactions see it, and deleted at the end."""

    def setUp(self):
        super().setUp()
        suffix = uuid.uuid4().hex[:8]
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            partner = env["res.partner"].create({"name": "Race customer %s" % suffix})
            order = env["sale.order"].create({"partner_id": partner.id})
            self.data = {"partner_id": partner.id, "order_id": order.id}
        self.addCleanup(self._clean_up)

    def _clean_up(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            requests = env[MODEL].search([("order_id", "=", self.data["order_id"])])
            requests.filtered(lambda r: r.state == "draft").unlink()
            env["sale.order"].browse(self.data["order_id"]).unlink()
            env["res.partner"].browse(self.data["partner_id"]).unlink()

    def _vals(self):
        return {"partner_id": self.data["partner_id"], "order_id": self.data["order_id"],
                "user_id": SUPERUSER_ID}

    def _count(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            return env[MODEL].search_count([("order_id", "=", self.data["order_id"])])

    @mute_logger("odoo.sql_db")
    def test_second_transaction_waits_then_is_refused(self):
        with self.registry.cursor() as cr1, self.registry.cursor() as cr2:
            env1 = api.Environment(cr1, SUPERUSER_ID, {})
            env2 = api.Environment(cr2, SUPERUSER_ID, {})
            env1[MODEL].create(self._vals())
            # the second does not see the first, uncommitted: the index
            # makes it wait for the first transaction
            cr2.execute("SET LOCAL lock_timeout = '500ms'")
            with self.assertRaises(LockNotAvailable):
                env2[MODEL].create(self._vals())
            cr2.rollback()
            cr1.commit()  # pylint: disable=invalid-commit
            env2.invalidate_all()
            with self.assertRaisesRegex(UserError, "already has"):
                env2[MODEL].create(self._vals())
            cr2.rollback()
        self.assertEqual(self._count(), 1)

    @mute_logger("odoo.sql_db")
    def test_two_users_confirm_at_once(self):
        barrier = threading.Barrier(2)
        results = []
        envs = [api.Environment(self.registry.cursor(), SUPERUSER_ID, {}) for _i in range(2)]

        def confirm(env):
            env[MODEL].search_count([])  # the transaction's snapshot, before the race
            try:
                barrier.wait(timeout=10)
            except threading.BrokenBarrierError:
                results.append("barrier")
                return
            try:
                env[MODEL].create(self._vals())
                env.cr.commit()  # pylint: disable=invalid-commit
                results.append("created")
            except UserError:
                env.cr.rollback()
                results.append("refused")

        self._run_at_once(confirm, envs)
        self.assertEqual(sorted(results), ["created", "refused"])
        self.assertEqual(self._count(), 1)
