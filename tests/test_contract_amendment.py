# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Amendments (addenda) of a signed contract: requested by the salesperson
from the signed contract, approved by another sales manager, drafted and
numbered by finance as ``<number>-A1``, signed, archived next to the
original; the original stays untouched."""
import base64
import uuid

from psycopg2.errors import LockNotAvailable, SerializationFailure

from odoo import SUPERUSER_ID, Command, api
from odoo.exceptions import AccessError, UserError
from odoo.modules.registry import Registry
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tests.common import BaseCase, get_db_name
from odoo.tools import mute_logger

from ..models.crm_contract_request import TRANSITION_KEY
from ..tools.internal import internal_context

from .contract_common import ContractCommon
from .rpc_common import AgencyRpcMixin
from . import test_contract_report
from .test_contract_report import REPORT
from .test_ux_buttons import HeaderMixin

MODEL = "crm.contract.request"
SUMMARY = "Add SEO services for six months; the final payment moves to March."
APPROVAL_TYPE = "crm_agency_sales.mail_activity_type_contract_amendment_approval"


class AmendmentCommon(ContractCommon):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Request = cls.env[MODEL]
        cls.user_manager_2 = new_test_user(
            cls.env, login="agency_manager2", name="Majid Manager",
            groups="sales_team.group_sale_manager", email="majid@example.com",
        )

    # helpers ---------------------------------------------------------

    def _as(self, user, request):
        return request.with_user(user)

    def _scan(self, request, user=None):
        return self.env["ir.attachment"].with_user(user or self.user_sales).create({
            "name": "signed.pdf",
            "datas": base64.b64encode(b"%PDF-1.4 signed"),
            "res_model": MODEL,
            "res_id": request.id,
        })

    def _sign(self, request):
        """From drafted to signed, as the salesperson."""
        sales = self._as(self.user_sales, request)
        sales.action_mark_sent()
        sales.action_book_signing()
        sales.write({
            "signed_attachment_ids": [Command.link(self._scan(request).id)],
            "check_pages_signed": True,
            "check_pages_stamped": True,
            "check_authorized_signatories": True,
        })
        sales.action_sign()
        return request

    def _signed_contract(self, archive=True, order=None):
        request = self._create_request(order=order)
        self._as(self.user_sales, request).action_submit()
        self._as(self.user_finance, request).action_drafted()
        self._sign(request)
        if archive:
            self._as(self.user_finance, request).action_register_legal_archive(physical_location="Cabinet A")
        return request

    def _amend(self, original, user=None, summary=SUMMARY, amount=15000.0):
        wizard = self.env["crm.contract.request.amend"].with_user(user or self.user_sales).with_context(
            default_request_id=original.id,
        ).create({"amendment_summary": summary, "amount": amount})
        action = wizard.action_confirm()
        return self.Request.browse(action["res_id"])

    def _approved(self, amendment, manager=None):
        self._as(self.user_sales, amendment).action_submit()
        self._as(manager or self.user_manager, amendment).action_approve_amendment()
        return amendment

    def _drafted(self, amendment):
        self._approved(amendment)
        self._as(self.user_finance, amendment).action_drafted()
        return amendment

    def _original_fields(self, request):
        """Every field of a request but its list of amendments (the
        inverse of the amendments' link: not a field of its own row)."""
        return [
            name for name, field in request._fields.items()
            if field.store and name != "amendment_ids"
            and not name.startswith(("message_", "activity_"))
        ]

    def _snapshot(self, request):
        request.invalidate_recordset()
        return request.sudo().read(self._original_fields(request))


@tagged("post_install", "-at_install", "agency_logic")
class TestContractAmendment(AmendmentCommon):

    def setUp(self):
        super().setUp()
        # a signed contract, archived by finance
        self.original = self._signed_contract()

    # ------------------------------------------------------------
    # THE WHOLE PATH, ROLE BY ROLE
    # ------------------------------------------------------------

    def test_full_amendment_path(self):
        original = self.original
        original_archive = original.legal_archive_id
        before = self._snapshot(original)

        # the salesperson requests the amendment from the signed contract
        action = self._as(self.user_sales, original).action_open_amend_wizard()
        self.assertEqual(action["res_model"], "crm.contract.request.amend")
        amendment = self._amend(original)
        self.assertEqual(amendment.original_request_id, original)
        self.assertEqual(amendment.state, "draft")
        self.assertEqual(amendment.amendment_approval_state, "draft")
        self.assertEqual(amendment.amendment_summary, SUMMARY)
        self.assertEqual(amendment.amount, 15000.0)
        self.assertEqual(amendment.user_id, self.user_sales)
        # the contract's data are copied, not the quotation (one per order)
        self.assertEqual(amendment.partner_id, original.partner_id)
        self.assertEqual(amendment.legal_name, original.legal_name)
        self.assertEqual(amendment.company_national_id, original.company_national_id)
        self.assertEqual(amendment.lead_id, original.lead_id)
        self.assertFalse(amendment.order_id)
        self.assertEqual(amendment.signatory_ids.mapped("name"), original.signatory_ids.mapped("name"))
        self.assertEqual(amendment.payment_line_ids.mapped("percent"), original.payment_line_ids.mapped("percent"))
        self.assertAlmostEqual(sum(amendment.payment_line_ids.mapped("amount")), 15000.0)
        self.assertFalse(amendment.contract_number)
        self.assertNotEqual(amendment.name, original.name)
        self.assertEqual(original.amendment_count, 1)
        self.assertTrue(original.with_user(self.user_sales).can_request_amendment)

        # the salesperson submits it: a sales manager approves first
        self._as(self.user_sales, amendment).action_submit()
        self.assertEqual(amendment.state, "draft")
        self.assertEqual(amendment.amendment_approval_state, "to_approve")
        self.assertEqual(amendment.amendment_requested_by_id, self.user_sales)
        approvals = amendment.activity_ids.filtered(
            lambda a: a.activity_type_id == self.env.ref(APPROVAL_TYPE))
        self.assertIn(self.user_manager, approvals.user_id)
        self.assertNotIn(self.user_sales, approvals.user_id)
        self.assertTrue(amendment.with_user(self.user_manager).can_decide_amendment)

        # the manager approves: it goes to finance
        self._as(self.user_manager, amendment).action_approve_amendment()
        self.assertEqual(amendment.amendment_approval_state, "approved")
        self.assertEqual(amendment.amendment_decided_by_id, self.user_manager)
        self.assertTrue(amendment.amendment_decided_on)
        self.assertEqual(amendment.state, "submitted")
        self.assertEqual(amendment.submitted_by_id, self.user_sales)
        self.assertFalse(amendment.activity_ids.filtered(
            lambda a: a.activity_type_id == self.env.ref(APPROVAL_TYPE)))
        self.assertTrue(amendment.activity_ids.filtered(lambda a: a.user_id == self.user_finance))

        # finance drafts and numbers it as the first addendum
        self._as(self.user_finance, amendment).action_start_drafting()
        self._as(self.user_finance, amendment).action_drafted()
        self.assertEqual(amendment.state, "drafted")
        self.assertEqual(amendment.amendment_number, 1)
        self.assertEqual(amendment.contract_number, "%s-A1" % original.contract_number)
        self.assertTrue(amendment.contract_attachment_id)

        # the salesperson signs it; finance archives it next to the original
        self._sign(amendment)
        self.assertEqual(amendment.state, "signed")
        self._as(self.user_finance, amendment).action_register_legal_archive()
        self.assertEqual(amendment.state, "archived")
        archive = amendment.legal_archive_id
        self.assertEqual(archive.contract_number, amendment.contract_number)
        self.assertEqual(archive.original_archive_id, original_archive)
        self.assertEqual(original_archive.amendment_archive_ids, archive)
        self.assertEqual(archive.physical_location, "Cabinet A")

        # the original is untouched, whatever happened to its addendum
        self.assertEqual(self._snapshot(original), before)

    def test_numbering_a1_a2(self):
        original = self.original
        first = self._amend(original, summary="First change")
        second = self._amend(original, summary="Second change")
        self._approved(first)
        self._approved(second)
        # drafted in the other order: the number follows the drafting
        self._as(self.user_finance, second).action_drafted()
        self._as(self.user_finance, first).action_drafted()
        self.assertEqual(second.contract_number, "%s-A1" % original.contract_number)
        self.assertEqual(first.contract_number, "%s-A2" % original.contract_number)
        self.assertEqual((second | first).mapped("amendment_number"), [1, 2])
        # a cancelled addendum keeps its number: the next one is A3
        self._as(self.user_sales, second).action_cancel("The customer withdrew it")
        third = self._drafted(self._amend(original, summary="Third change"))
        self.assertEqual(third.contract_number, "%s-A3" % original.contract_number)
        # the contract sequence is not used by addenda
        self.assertNotIn("-A", original.contract_number)

    def test_amend_signed_not_yet_archived(self):
        """A signed contract is amended before its archive; the addendum's
        archive finds the original's archive once it exists."""
        original = self._signed_contract(archive=False, order=self._create_order(self.lead))
        amendment = self._drafted(self._amend(original))
        self._sign(amendment)
        self._as(self.user_finance, amendment).action_register_legal_archive()
        self.assertFalse(amendment.legal_archive_id.original_archive_id)
        self._as(self.user_finance, original).action_register_legal_archive()
        self.assertEqual(amendment.legal_archive_id.original_archive_id, original.legal_archive_id)

    # ------------------------------------------------------------
    # REFUSALS
    # ------------------------------------------------------------

    def test_amend_refused_before_signing(self):
        request = self._create_request(order=self._create_order(self.lead))
        steps = [
            (None, None),
            ("action_submit", self.user_sales),
            ("action_drafted", self.user_finance),
            ("action_mark_sent", self.user_sales),
            ("action_book_signing", self.user_sales),
        ]
        for method, user in steps:
            if method:
                getattr(self._as(user, request), method)()
            with self.subTest(state=request.state):
                with self.assertRaisesRegex(UserError, "cannot be amended"):
                    self._as(self.user_sales, request).action_open_amend_wizard()
                with self.assertRaisesRegex(UserError, "cannot be amended"):
                    self._amend(request)
                self.assertFalse(request.with_user(self.user_sales).can_request_amendment)
        self.assertFalse(request.amendment_ids)
        self._as(self.user_sales, request).action_cancel("Customer gone")
        with self.assertRaises(UserError):
            self._amend(request)

    def test_amend_refused_for_other_roles_and_of_an_amendment(self):
        original = self.original
        for user in (self.user_finance, self.user_project):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self._amend(original, user=user)
        with self.assertRaises(AccessError):
            self._amend(original, user=self.user_sales_2)
        amendment = self._drafted(self._amend(original))
        self._sign(amendment)
        with self.assertRaisesRegex(UserError, "itself an amendment"):
            self._amend(amendment)
        self.assertFalse(amendment.can_request_amendment)
        self.assertEqual(original.amendment_count, 1)

    def test_summary_required(self):
        original = self.original
        for summary in ("", "   \n "):
            with self.subTest(summary=summary), self.assertRaisesRegex(UserError, "summary is required"):
                self.env["crm.contract.request.amend"].with_user(self.user_sales).create({
                    "request_id": original.id, "amendment_summary": summary,
                }).action_confirm()
        self.assertFalse(original.amendment_ids)
        # cleared in the amendment's form: submitting is refused
        amendment = self._amend(original)
        self._as(self.user_sales, amendment).amendment_summary = False
        with self.assertRaisesRegex(UserError, "summary is required"):
            self._as(self.user_sales, amendment).action_submit()
        self.assertEqual(amendment.amendment_approval_state, "draft")

    def test_finance_drafting_refused_before_approval(self):
        amendment = self._amend(self.original)
        for step in ("draft", "to_approve"):
            if step == "to_approve":
                self._as(self.user_sales, amendment).action_submit()
            for method in ("action_drafted", "action_start_drafting"):
                with self.subTest(step=step, method=method), \
                        self.assertRaisesRegex(UserError, "not approved by a sales manager"):
                    getattr(self._as(self.user_finance, amendment), method)()
        self.assertFalse(amendment.contract_number)
        self.assertFalse(amendment.drafting_start_on)
        self.assertEqual(amendment.state, "draft")

    def test_approval_refused_for_non_managers_and_own(self):
        amendment = self._amend(self.original)
        self._as(self.user_sales, amendment).action_submit()
        for user in (self.user_sales, self.user_sales_2, self.user_finance, self.user_project):
            for method in ("action_approve_amendment", "action_refuse_amendment"):
                with self.subTest(user=user.login, method=method), self.assertRaises(AccessError):
                    getattr(amendment.with_user(user), method)()
        self.assertEqual(amendment.amendment_approval_state, "to_approve")
        # a manager who asked for the approval does not decide on it
        other = self._amend(self.original, user=self.user_manager)
        self._as(self.user_manager, other).action_submit()
        self.assertEqual(other.amendment_requested_by_id, self.user_manager)
        with self.assertRaisesRegex(AccessError, "your own amendment"):
            self._as(self.user_manager, other).action_approve_amendment()
        self.assertFalse(other.with_user(self.user_manager).can_decide_amendment)
        # nor a manager who is the amendment's salesperson
        own = self._signed_contract_for(self.user_manager)
        mine = self._amend(own, user=self.user_manager)
        self._as(self.user_manager, mine).action_submit()
        with self.assertRaisesRegex(AccessError, "your own amendment"):
            self._as(self.user_manager, mine).action_approve_amendment()
        # another manager does
        self._as(self.user_manager_2, other).action_approve_amendment()
        self.assertEqual(other.amendment_approval_state, "approved")
        self.assertEqual(other.state, "submitted")
        # and a decided amendment is not decided again
        with self.assertRaisesRegex(UserError, "not waiting for an approval"):
            self._as(self.user_manager_2, other).action_approve_amendment()
        # a contract that is not an amendment has no amendment approval
        with self.assertRaisesRegex(UserError, "not an amendment"):
            self._as(self.user_manager, self.original).action_approve_amendment()

    def _signed_contract_for(self, user):
        lead = self._create_lead(user=user, step="contract")
        order = self._create_order(lead, user=user)
        request = self._create_request(user=user, order=order)
        self._as(user, request).action_submit()
        self._as(self.user_finance, request).action_drafted()
        sales = self._as(user, request)
        sales.action_mark_sent()
        sales.action_book_signing()
        sales.write({
            "signed_attachment_ids": [Command.link(self._scan(request, user=user).id)],
            "check_pages_signed": True, "check_pages_stamped": True,
            "check_authorized_signatories": True,
        })
        sales.action_sign()
        return request

    def test_refuse_then_submit_again(self):
        amendment = self._amend(self.original)
        self._as(self.user_sales, amendment).action_submit()
        # frozen while the manager decides
        with self.assertRaisesRegex(UserError, "waiting for a sales manager's approval"):
            self._as(self.user_sales, amendment).amount = 20000.0
        with self.assertRaises(UserError):
            self._as(self.user_sales, amendment.payment_line_ids[:1]).percent = 10.0
        with self.assertRaisesRegex(UserError, "already waiting"):
            self._as(self.user_sales, amendment).action_submit()
        manager = self._as(self.user_manager, amendment)
        # no reason: the wizard asks for it; an empty reason is refused
        action = manager.action_refuse_amendment()
        self.assertEqual(action["res_model"], "crm.contract.request.amendment.refuse")
        with self.assertRaisesRegex(UserError, "reason"):
            manager.action_refuse_amendment(reason="  ")
        self.assertEqual(amendment.amendment_approval_state, "to_approve")
        self.env["crm.contract.request.amendment.refuse"].with_user(self.user_manager).create({
            "request_id": amendment.id, "reason": "The new amount is below our tariff.",
        }).action_confirm()
        self.assertEqual(amendment.amendment_approval_state, "refused")
        self.assertEqual(amendment.amendment_refuse_reason, "The new amount is below our tariff.")
        self.assertEqual(amendment.state, "draft")
        self.assertTrue(amendment.activity_ids.filtered(lambda a: a.user_id == self.user_sales))
        self.assertFalse(amendment.activity_ids.filtered(
            lambda a: a.activity_type_id == self.env.ref(APPROVAL_TYPE)))
        with self.assertRaisesRegex(UserError, "not approved"):
            self._as(self.user_finance, amendment).action_drafted()
        # the salesperson corrects it and submits it again
        self._as(self.user_sales, amendment).amount = 20000.0
        self._as(self.user_sales, amendment).action_submit()
        self.assertEqual(amendment.amendment_approval_state, "to_approve")
        self.assertFalse(amendment.amendment_refuse_reason)
        self._as(self.user_manager, amendment).action_approve_amendment()
        self.assertEqual(amendment.state, "submitted")

    def test_protected_fields(self):
        """The original of an amendment, its number and its approval are
        the server's: a client neither creates nor writes them."""
        original = self.original
        vals = {"partner_id": self.customer.id, "original_request_id": original.id}
        with self.assertRaisesRegex(UserError, "original_request_id"):
            self.Request.with_user(self.user_sales).create(vals)
        amendment = self._amend(original)
        for fname, value in (
            ("original_request_id", False),
            ("amendment_approval_state", "approved"),
            ("amendment_number", 7),
            ("amendment_decided_by_id", self.user_manager.id),
        ):
            for user in (self.user_sales, self.user_manager):
                with self.subTest(field=fname, user=user.login), self.assertRaises(UserError):
                    amendment.with_user(user).write({fname: value})
        self.assertEqual(amendment.original_request_id, original)
        self.assertEqual(amendment.amendment_approval_state, "draft")
        # a normal request cannot be made an amendment afterwards
        request = self._create_request(order=self._create_order(self.lead))
        with self.assertRaises(UserError):
            self._as(self.user_sales, request).write({"original_request_id": original.id})

    def test_original_locked_amendment_data_follow_workflow(self):
        original = self.original
        before = self._snapshot(original)
        amendment = self._drafted(self._amend(original))
        # finance corrects the addendum's summary while drafting: the
        # document is made again, the original is still untouched
        attachment = amendment.contract_attachment_id
        self._as(self.user_finance, amendment).amendment_summary = "Corrected summary"
        self.assertNotEqual(amendment.contract_attachment_id, attachment)
        self._sign(amendment)
        with self.assertRaises(UserError):
            self._as(self.user_sales, amendment).amendment_summary = "Changed after signing"
        with self.assertRaises(UserError):
            self._as(self.user_sales, original).amount = 1.0
        self.assertEqual(self._snapshot(original), before)

    # ------------------------------------------------------------
    # THE ADDENDUM DOCUMENT
    # ------------------------------------------------------------

    def test_report_addendum_html(self):
        original = self.original
        amendment = self._drafted(self._amend(original))
        html, _format = self.env["ir.actions.report"]._render_qweb_html(REPORT, amendment.ids)
        html = " ".join(html.decode().split())
        date = self.env["report.crm_agency_sales.report_contract"].format_contract_date(
            original.contract_date, "en_US")
        self.assertIn("Addendum No. 1 to contract No. %s of %s" % (original.contract_number, date), html)
        self.assertIn("Changes Made by this Addendum", html)
        self.assertIn("Add SEO services for six months", html)
        self.assertIn("Amount of the contract after this addendum", html)
        self.assertIn(amendment.contract_number, html)
        self.assertIn("Agency signature", html)
        self.assertIn("Agency stamp", html)
        # the contract's sections follow, numbered after the changes
        self.assertIn("2. Parties", html)
        # a contract keeps its own title
        html, _format = self.env["ir.actions.report"]._render_qweb_html(REPORT, original.ids)
        self.assertNotIn("Addendum No.", html.decode())


@tagged("post_install", "-at_install", "agency_logic")
class TestAmendmentButtons(HeaderMixin, AmendmentCommon):
    """The form's header shows each role its step of the amendment."""

    def test_amendment_buttons_per_step_and_role(self):
        original = self._signed_contract(archive=False)
        self.assertHeader(original, self.user_sales, [], visible=["Request Amendment"])
        self.assertHeader(original, self.user_finance, ["Register in Legal Archive"], hidden=["Request Amendment"])
        amendment = self._amend(original)
        self.assertHeader(amendment, self.user_sales, ["Submit for Approval"],
                          hidden=["Submit to Finance", "Request Amendment", "Approve Amendment"])
        self._as(self.user_sales, amendment).action_submit()
        self.assertHeader(amendment, self.user_sales, [],
                          hidden=["Submit for Approval", "Approve Amendment"])
        self.assertHeader(amendment, self.user_manager, ["Approve Amendment"],
                          visible=["Refuse Amendment"])
        self.assertHeader(amendment, self.user_finance, [], hidden=["Contract Drafted"])
        self._as(self.user_manager, amendment).action_approve_amendment()
        self.assertHeader(amendment, self.user_manager, [], hidden=["Approve Amendment"])
        self.assertHeader(amendment, self.user_finance, ["Contract Drafted"])
        # the smart buttons link the contract and its addenda
        self.assertEqual(original.action_view_amendments()["res_id"], amendment.id)
        self.assertEqual(amendment.action_view_original_request()["res_id"], original.id)


@tagged("post_install", "-at_install", "agency_pdf")
class TestContractAmendmentPdf(AmendmentCommon, HttpCase):
    """The addendum's PDF for real: its addendum line, and the signature
    boxes and the stamp box on every page."""

    _render_pdf = test_contract_report.TestContractReportPdf._render_pdf
    _pages_text = test_contract_report.TestContractReportPdf._pages_text

    def test_pdf_addendum(self):
        original = self._signed_contract()
        amendment = self._drafted(self._amend(original))
        pages = self._pages_text(self._render_pdf(amendment))
        self.assertTrue(pages)
        first = " ".join(pages[0].split())
        self.assertIn("Addendum No. 1 to contract No. %s" % original.contract_number, first)
        self.assertIn("Add SEO services for six months", first)
        for number, text in enumerate(pages, 1):
            text = " ".join(text.split())
            with self.subTest(page=number):
                self.assertIn("Agency signature", text)
                self.assertIn("Client signature", text)
                self.assertIn("Reza Rahimi - CEO", text)
                self.assertIn("Agency stamp", text)
                self.assertIn("Page %d of %d" % (number, len(pages)), text)


@tagged("post_install", "-at_install", "agency_rpc")
class TestRpcContractAmendment(AgencyRpcMixin, AmendmentCommon):
    """The amendment's rules over JSON-RPC, as each role."""

    def setUp(self):
        super().setUp()
        self.original = self._signed_contract()

    def _rpc_amend(self, user, original, summary=SUMMARY, amount=15000.0):
        wizard_id = self.rpc(user, "crm.contract.request.amend", "create", {
            "request_id": original.id, "amendment_summary": summary, "amount": amount,
        })
        return wizard_id

    def test_rpc_amendment_path(self):
        fnames = self._original_fields(self.original)
        before = self.snapshot(self.original, fnames)
        wizard_id = self._rpc_amend(self.user_sales, self.original)
        action = self.rpc(self.user_sales, "crm.contract.request.amend", "action_confirm", [wizard_id])
        amendment = self.Request.browse(action["res_id"])
        self.rpc(self.user_sales, MODEL, "action_submit", [amendment.id])
        self.rpc(self.user_manager, MODEL, "action_approve_amendment", [amendment.id])
        self.rpc(self.user_finance, MODEL, "action_drafted", [amendment.id])
        self.assertEqual(amendment.state, "drafted")
        self.assertEqual(amendment.contract_number, "%s-A1" % self.original.contract_number)
        self.assertEqual(self.snapshot(self.original, fnames), before)

    def test_rpc_amend_unsigned_refused(self):
        request = self._create_request(order=self._create_order(self.lead))
        self.rpc(self.user_sales, MODEL, "action_submit", [request.id])
        self.assertRpcRefused(
            self.user_sales, MODEL, "action_open_amend_wizard", [request.id],
            records=request, error="UserError", message="cannot be amended",
        )
        wizard_id = self._rpc_amend(self.user_sales, request)
        self.assertRpcRefused(
            self.user_sales, "crm.contract.request.amend", "action_confirm", [wizard_id],
            records=request, error="UserError", message="cannot be amended",
        )
        self.assertFalse(self.Request.search([("original_request_id", "=", request.id)]))

    def test_rpc_create_amendment_directly_refused(self):
        self.assertRpcRefused(
            self.user_sales, MODEL, "create", {
                "partner_id": self.customer.id, "original_request_id": self.original.id,
                "amendment_summary": SUMMARY,
            }, records=self.original, error="UserError", message="original_request_id",
        )
        # not with the server's context key either
        self.assertRpcRefused(
            self.user_sales, MODEL, "create", {
                "partner_id": self.customer.id, "original_request_id": self.original.id,
            }, records=self.original, error="UserError",
            context={"agency_contract_transition": True},
        )
        self.assertFalse(self.original.amendment_ids)

    def test_rpc_missing_summary_refused(self):
        wizard_id = self._rpc_amend(self.user_sales, self.original, summary="   ")
        self.assertRpcRefused(
            self.user_sales, "crm.contract.request.amend", "action_confirm", [wizard_id],
            records=self.original, error="UserError", message="summary is required",
        )
        self.assertFalse(self.original.amendment_ids)

    def test_rpc_finance_drafting_before_approval_refused(self):
        amendment = self._amend(self.original)
        self._as(self.user_sales, amendment).action_submit()
        for context in (None, {"agency_contract_transition": True}):
            self.assertRpcRefused(
                self.user_finance, MODEL, "action_drafted", [amendment.id],
                records=amendment, error="UserError", message="not approved by a sales manager",
                context=context,
            )
        self.assertRpcRefused(
            self.user_finance, MODEL, "action_start_drafting", [amendment.id],
            records=amendment, error="UserError", message="not approved by a sales manager",
        )

    def test_rpc_approval_by_non_manager_or_own_refused(self):
        amendment = self._amend(self.original)
        self._as(self.user_sales, amendment).action_submit()
        for user in (self.user_sales, self.user_finance):
            self.assertRpcRefused(
                user, MODEL, "action_approve_amendment", [amendment.id],
                records=amendment, error="AccessError",
            )
        # the approval state is not written directly
        self.assertRpcRefused(
            self.user_sales, MODEL, "write", [amendment.id], {"amendment_approval_state": "approved"},
            records=amendment, error="UserError",
        )
        own = self._amend(self.original, user=self.user_manager)
        self._as(self.user_manager, own).action_submit()
        self.assertRpcRefused(
            self.user_manager, MODEL, "action_approve_amendment", [own.id],
            records=own, error="AccessError", message="your own amendment",
        )
        self.assertRpcRefused(
            self.user_manager, MODEL, "action_refuse_amendment", [own.id], reason="No",
            records=own, error="AccessError", message="your own amendment",
        )

    def test_rpc_original_untouched(self):
        """Writing the signed original is refused; amending it leaves it as
        it was."""
        fnames = self._original_fields(self.original)  # write_date included
        before = self.snapshot(self.original, fnames)
        self.assertRpcRefused(
            self.user_sales, MODEL, "write", [self.original.id], {"amount": 1.0},
            records=self.original, error="UserError",
        )
        self._drafted(self._amend(self.original))
        self.assertEqual(self.snapshot(self.original, fnames), before)


@tagged("post_install", "-at_install", "agency_race")
class TestAmendmentNumberingRace(BaseCase):
    """Finance drafts two addenda of one contract at the same moment: the
    second waits for the first (row lock on the original), then is retried
    on the state the first left and becomes A2. The data is committed so
    that two real transactions see it, and deleted at the end."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.registry = Registry(get_db_name())

    def setUp(self):
        super().setUp()
        suffix = uuid.uuid4().hex[:8]
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            partner = env["res.partner"].create({"name": "Race customer %s" % suffix})
            Request = env[MODEL].with_context(**internal_context(TRANSITION_KEY))
            original = Request.create({
                "partner_id": partner.id, "party_type": "person", "amount": 1000.0,
                "state": "signed", "contract_number": "RACE-%s" % suffix,
            })
            amendments = Request.create([{
                "partner_id": partner.id, "party_type": "person", "amount": 2000.0,
                "original_request_id": original.id, "amendment_summary": "Change %d" % index,
                "amendment_approval_state": "approved", "state": "submitted",
            } for index in (1, 2)])
            self.data = {"partner": partner.id, "original": original.id, "amendments": amendments.ids}
        self.addCleanup(self._clean_up)

    def _clean_up(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            requests = env[MODEL].browse(self.data["amendments"] + [self.data["original"]])
            requests._transition({"state": "draft"})
            requests[:2].unlink()
            requests[2:].unlink()
            env["res.partner"].browse(self.data["partner"]).unlink()

    def _numbers(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            return env[MODEL].browse(self.data["amendments"]).mapped("contract_number")

    @mute_logger("odoo.sql_db")
    def test_second_drafting_waits_then_is_retried(self):
        first_id, second_id = self.data["amendments"]
        with self.registry.cursor() as cr1, self.registry.cursor() as cr2:
            env1 = api.Environment(cr1, SUPERUSER_ID, {})
            env2 = api.Environment(cr2, SUPERUSER_ID, {})
            # the second transaction's snapshot predates the first number
            env2[MODEL].search_count([])
            env1[MODEL].browse(first_id).action_drafted()
            # the original's row is locked: the second waits
            cr2.execute("SET LOCAL lock_timeout = '500ms'")
            with self.assertRaises(LockNotAvailable):
                env2[MODEL].browse(second_id).action_drafted()
            cr2.rollback()
            env2.invalidate_all()
            env2[MODEL].search_count([])
            cr1.commit()  # pylint: disable=invalid-commit
            # after the first commits, the stale snapshot cannot number: a
            # serialization failure, which the server retries
            with self.assertRaises(SerializationFailure):
                env2[MODEL].browse(second_id).action_drafted()
            cr2.rollback()
            env2.invalidate_all()
            # the retry sees A1 and takes A2
            env2[MODEL].browse(second_id).action_drafted()
            cr2.commit()  # pylint: disable=invalid-commit
        original = "RACE-%s" % self._numbers()[0].split("-")[1]
        self.assertEqual(self._numbers(), ["%s-A1" % original, "%s-A2" % original])
