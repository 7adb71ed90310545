# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The lead side of the process over JSON-RPC, as each role: stage gates
(won included), objections, personal data, bad input and the sales-documents
template. Each refused call leaves the data as it was."""

from lxml import etree

from odoo import Command
from odoo.tests import new_test_user, tagged

from ..tools.internal import internal_context
from .contract_common import VALID_COMPANY_ID, VALID_NATIONAL_CODE, ContractCommon
from .rpc_common import AgencyRpcMixin

PERSIAN = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
ARABIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
IDENTITY = ["national_id", "birthdate", "gender", "marital_status", "company_national_id",
            "economic_code", "registration_date", "legal_form", "employee_count"]


@tagged("post_install", "-at_install", "agency_rpc")
class TestRpcProcess(AgencyRpcMixin, ContractCommon):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.reason_other = cls.env["crm.objection.reason"].search([("kind", "in", ("other", "both"))], limit=1)
        cls.person = cls.env["res.partner"].create({
            "name": "Reza Rahimi",
            "national_id": VALID_NATIONAL_CODE,
            "gender": "male",
            "marital_status": "married",
            "birthdate": "1980-05-01",
        })
        cls.customer.write({"company_national_id": VALID_COMPANY_ID, "annual_turnover": 5000.0})

    # helpers ---------------------------------------------------------

    def _lead(self, step="qualify", **values):
        return self._create_lead(step=step, **values)

    def _lead_count(self):
        return self.env["crm.lead"].with_context(active_test=False).search_count([])

    def _objection(self, lead=None, **values):
        vals = {"lead_id": (lead or self.lead).id, "kind": "other", "reason_id": self.reason_other.id}
        vals.update(values)
        return self.env["crm.objection"].with_user(self.user_sales).create(vals)

    def _signed_request(self):
        """A contract request of ``self.lead`` signed over RPC by the salesperson."""
        request = self._bring_to("signing", self._create_request())
        self._ready_to_sign(request)
        self.rpc(self.user_sales, "crm.contract.request", "action_sign", request.ids)
        return request

    # stage gates -----------------------------------------------------

    def test_rpc_gate_not_skipped_by_context_key(self):
        lead = self._lead()
        self.assertRpcRefused(
            self.user_sales, "crm.lead", "write", lead.ids, {"stage_id": self.stages["docs_sent"].id},
            records=lead, message="sales documents have not been sent",
            context={"agency_skip_stage_gates": True},
        )

    def test_rpc_gate_on_create_not_skipped_by_context_key(self):
        before = self._lead_count()
        self.assertRpcRefused(
            self.user_sales, "crm.lead", "create", [{
                "name": "Straight to assessment", "type": "opportunity", "team_id": self.team.id,
                "stage_id": self.stages["assessment"].id,
            }],
            message="Missing", context={"agency_skip_stage_gates": True},
        )
        self.assertEqual(self._lead_count(), before)

    def test_rpc_gate_on_import(self):
        """The web client's import (``load``) obeys the gates."""
        before = self._lead_count()
        result = self.rpc(
            self.user_sales, "crm.lead", "load",
            ["name", "type", "team_id/.id", "stage_id/.id"],
            [["Imported lead", "opportunity", str(self.team.id), str(self.stages["negotiation"].id)]],
            context={"agency_skip_stage_gates": True},
        )
        self.assertFalse(result["ids"])
        self.assertTrue(any("Missing" in message["message"] for message in result["messages"]), result)
        self.assertEqual(self._lead_count(), before)

    def test_rpc_gate_on_mass_edit(self):
        leads = self._lead(name="First") | self._lead(name="Second")
        exc = self.assertRpcRefused(
            self.user_sales, "crm.lead", "write", leads.ids, {"stage_id": self.stages["assessment"].id},
            records=leads,
        )
        self.assertIn("First", exc.message)
        self.assertIn("Second", exc.message)

    def test_rpc_gate_passes_when_met(self):
        lead = self._lead(contact_origin="warm")
        lead.with_context(**internal_context("agency_lead_flow")).sales_docs_sent_on = "2026-11-20 09:00:00"
        self.rpc(self.user_sales, "crm.lead", "write", lead.ids, {"stage_id": self.stages["assessment"].id})
        self.assertEqual(lead.stage_id, self.stages["assessment"])

    def test_rpc_won_refused_while_quotation_awaits_approval(self):
        self.company.agency_approval_mode = "always"
        lead = self._lead(step="negotiation")
        order = self._create_order(lead)
        order.with_user(self.user_sales).action_request_approval()
        self.assertEqual(order.approval_state, "to_approve")
        self.assertRpcRefused(
            self.user_sales, "crm.lead", "action_set_won", lead.ids,
            records=lead, message="no contract of the lead has been signed",
        )
        self.assertRpcRefused(
            self.user_manager, "crm.lead", "action_set_won_rainbowman", lead.ids,
            records=lead, message="no contract of the lead has been signed",
        )

    def test_rpc_won_refused_without_quotation(self):
        lead = self._lead(step="negotiation")
        self.assertRpcRefused(
            self.user_sales, "crm.lead", "action_set_won_rainbowman", lead.ids,
            records=lead, message="cannot be marked as won",
            context={"agency_skip_stage_gates": True},
        )

    def test_rpc_move_to_won_stage_refused(self):
        self.assertRpcRefused(
            self.user_sales, "crm.lead", "write", self.lead.ids, {"stage_id": self.stages["won"].id},
            records=self.lead, message="no contract of the lead has been signed",
        )

    def test_rpc_won_through_shared_won_stage_refused(self):
        """A won stage without a process step shared by every team is no
        way around the won step's gate for the agency's leads."""
        shared = self.env["crm.stage"].create({"name": "Won (shared)", "is_won": True, "sequence": 99})
        self.assertRpcRefused(
            self.user_sales, "crm.lead", "write", self.lead.ids, {"stage_id": shared.id},
            records=self.lead, message="no contract of the lead has been signed",
        )

    def test_rpc_won_after_contract_signed(self):
        """Signing the contract (as the salesperson) wins the lead."""
        self._signed_request()
        self.assertEqual(self.lead.stage_id, self.stages["won"])
        self.assertEqual(self.lead.probability, 100)

    def test_rpc_set_won_after_contract_signed(self):
        self._signed_request()
        self.lead.with_context(**internal_context("agency_skip_stage_gates")).stage_id = self.stages["contract"]
        self.rpc(self.user_sales, "crm.lead", "action_set_won_rainbowman", self.lead.ids)
        self.assertTrue(self.lead.stage_id.is_won)

    def test_rpc_stock_pipeline_won_untouched(self):
        stock_team = self.env["crm.team"].create({"name": "Stock team", "member_ids": [Command.link(self.user_sales.id)]})
        won = self.env["crm.stage"].create({"name": "Stock won", "is_won": True, "team_id": stock_team.id})
        self.env["crm.stage"].create({"name": "Stock new", "team_id": stock_team.id, "sequence": 0})
        lead = self.env["crm.lead"].create({
            "name": "Stock lead", "type": "opportunity", "team_id": stock_team.id, "user_id": self.user_sales.id,
        })
        self.assertFalse(lead.process_step)
        self.rpc(self.user_sales, "crm.lead", "action_set_won", lead.ids)
        self.assertEqual(lead.stage_id, won)

    def test_rpc_gate_fields_not_writable(self):
        lead = self._lead()
        for vals in (
            {"sales_docs_sent_on": "2026-11-20 09:00:00"},
            {"sales_docs_channel": "email"},
            {"knowledge_done": True},
            {"process_step": "contract"},
            {"objection_attempts": 0},
            {"file_number": "X-1"},
        ):
            with self.subTest(vals=vals):
                self.assertRpcRefused(
                    self.user_sales, "crm.lead", "write", lead.ids, vals,
                    records=lead, message="set by the sales process itself",
                    context={"agency_lead_flow": True},
                )

    def test_rpc_gate_fields_not_set_on_create(self):
        before = self._lead_count()
        self.assertRpcRefused(
            self.user_sales, "crm.lead", "create", [{
                "name": "Sent already", "type": "opportunity", "team_id": self.team.id,
                "stage_id": self.stages["new"].id, "sales_docs_sent_on": "2026-11-20 09:00:00",
            }],
            message="set by the sales process itself",
        )
        self.assertEqual(self._lead_count(), before)

    def test_rpc_file_number_on_create_by_manager_only(self):
        """A salesperson cannot choose a sales-file number (it could take one
        the sequence draws later); a sales manager importing leads can."""
        vals = {"name": "Imported", "type": "opportunity", "team_id": self.team.id,
                "stage_id": self.stages["new"].id, "file_number": "OLD-0001"}
        before = self._lead_count()
        self.assertRpcRefused(self.user_sales, "crm.lead", "create", [vals],
                              message="set by the sales process itself")
        self.assertEqual(self._lead_count(), before)
        lead = self.env["crm.lead"].browse(self.rpc(self.user_manager, "crm.lead", "create", [vals]))
        self.assertEqual(lead.file_number, "OLD-0001")
        self.assertEqual(self._lead_count(), before + 1)

    # objections ------------------------------------------------------

    def test_rpc_objection_outcome_not_writable_with_context(self):
        objection = self._objection()
        for vals in ({"outcome": "resolved"}, {"attempt": 0}, {"closed_on": "2026-01-01 00:00:00"},
                     {"closed_by_id": self.user_sales.id}, {"revision_order_id": self.order.id}):
            with self.subTest(vals=vals):
                self.assertRpcRefused(
                    self.user_sales, "crm.objection", "write", objection.ids, vals,
                    records=objection, message="only through its actions",
                    context={"agency_objection_flow": True},
                )

    def test_rpc_failed_attempt_count_not_reset(self):
        objection = self._objection()
        objection.with_user(self.user_sales).action_fail()
        self.assertEqual(self.lead.objection_attempts, 1)
        self.assertRpcRefused(
            self.user_manager, "crm.objection", "write", objection.ids, {"attempt": 0, "outcome": "open"},
            records=objection, context={"agency_objection_flow": True},
        )
        self.assertRpcRefused(
            self.user_sales, "crm.lead", "write", self.lead.ids, {"objection_attempts": 0},
            records=objection,
        )
        self.assertEqual(self.lead.objection_attempts, 1)

    def test_rpc_objection_create_with_outcome_refused(self):
        self.assertRpcRefused(
            self.user_sales, "crm.objection", "create",
            [{"lead_id": self.lead.id, "kind": "other", "reason_id": self.reason_other.id, "outcome": "failed"}],
            records=self.lead, message="only through its actions",
            context={"agency_objection_flow": True},
        )
        self.assertFalse(self.lead.objection_ids)

    def test_rpc_objection_create_with_attempt_refused(self):
        self.assertRpcRefused(
            self.user_sales, "crm.objection", "create",
            [{"lead_id": self.lead.id, "kind": "other", "reason_id": self.reason_other.id, "attempt": 7}],
            records=self.lead, message="counted by the system",
        )
        self.assertFalse(self.lead.objection_ids)

    def test_rpc_objection_create_closed_refused(self):
        for vals in ({"closed_by_id": self.user_sales.id}, {"closed_on": "2026-01-01 00:00:00"},
                     {"revision_order_id": self.order.id}):
            with self.subTest(vals=vals):
                self.assertRpcRefused(
                    self.user_sales, "crm.objection", "create",
                    [dict(vals, lead_id=self.lead.id, kind="price", reason_id=self.reason_other.id)],
                    records=self.lead, message="only through its actions",
                )
        self.assertFalse(self.lead.objection_ids)

    def test_rpc_objection_defaults_accepted(self):
        """A client sending the default values (outcome open, attempt 1) is not refused."""
        objection_id = self.rpc(
            self.user_sales, "crm.objection", "create",
            [{"lead_id": self.lead.id, "kind": "other", "reason_id": self.reason_other.id,
              "outcome": "open", "attempt": 1}],
        )[0]
        objection = self.env["crm.objection"].browse(objection_id)
        self.assertEqual((objection.outcome, objection.attempt), ("open", 1))

    def test_rpc_failed_objection_not_deleted_by_salesperson(self):
        objection = self._objection()
        objection.with_user(self.user_sales).action_fail()
        self.assertRpcRefused(
            self.user_sales, "crm.objection", "unlink", objection.ids,
            records=objection, error=("AccessError", "UserError"),
        )
        self.assertTrue(objection.exists())

    def test_rpc_closed_objection_not_deleted_with_force_unlink(self):
        # ``_force_unlink`` (Odoo's uninstall mark, sendable by any client)
        # does not lift the guard: the attempt count cannot be reset
        objection = self._objection()
        objection.with_user(self.user_sales).action_fail()
        self.assertRpcRefused(
            self.user_manager, "crm.objection", "unlink", objection.ids,
            records=objection, message="cannot be deleted", context={"_force_unlink": True},
        )
        self.assertTrue(objection.exists())

    def test_rpc_closed_objection_not_deleted_by_manager(self):
        objection = self._objection()
        objection.with_user(self.user_sales).action_fail()
        self.assertRpcRefused(
            self.user_manager, "crm.objection", "unlink", objection.ids,
            records=objection, message="cannot be deleted",
        )
        resolved = self._objection()
        resolved.with_user(self.user_sales).action_resolve()
        self.assertRpcRefused(
            self.user_manager, "crm.objection", "unlink", resolved.ids,
            records=resolved, message="cannot be deleted",
        )
        self.assertEqual(self.lead.objection_attempts, 1)

    def test_rpc_objection_flow_through_actions(self):
        objection_id = self.rpc(
            self.user_sales, "crm.objection", "create",
            [{"lead_id": self.lead.id, "kind": "other", "reason_id": self.reason_other.id}],
        )[0]
        self.rpc(self.user_sales, "crm.objection", "action_fail", [objection_id])
        objection = self.env["crm.objection"].browse(objection_id)
        self.assertEqual((objection.outcome, objection.attempt, objection.closed_by_id),
                         ("failed", 1, self.user_sales))
        self.assertEqual(self.lead.objection_attempts, 1)

    def test_rpc_objection_bad_values(self):
        for vals in ("x", {"lead_id": "abc", "kind": "other", "reason_id": self.reason_other.id},
                     {"lead_id": [1, 2], "kind": "other", "reason_id": self.reason_other.id}):
            with self.subTest(vals=vals):
                self.assertRpcRefused(
                    self.user_sales, "crm.objection", "create", vals if isinstance(vals, list) else [vals],
                    records=self.lead, error=("UserError", "ValidationError"),
                )
        objection = self._objection()
        self.assertRpcRefused(
            self.user_sales, "crm.objection", "write", objection.ids, "x",
            records=objection, error=("UserError", "ValidationError"),
        )

    # personal data ---------------------------------------------------

    def test_rpc_employee_cannot_read_identity(self):
        for fname in IDENTITY + ["annual_turnover"]:
            with self.subTest(field=fname):
                self.assertRpcRefused(
                    self.user_employee, "res.partner", "read", (self.person | self.customer).ids, [fname],
                    error="AccessError",
                )

    def test_rpc_portal_and_project_cannot_read_identity(self):
        self.user_portal.partner_id.sudo().national_id = "0499370899"
        self.assertRpcRefused(
            self.user_portal, "res.partner", "read", self.user_portal.partner_id.ids, ["national_id"],
            error="AccessError",
        )
        self.assertRpcRefused(
            self.user_project, "res.partner", "read", self.person.ids, ["national_id", "birthdate"],
            error="AccessError",
        )
        self.assertRpcRefused(
            self.user_employee, "res.partner", "search", [("national_id", "=", VALID_NATIONAL_CODE)],
            error="AccessError",
        )

    def test_rpc_identity_read_by_sales_finance_manager(self):
        for user in (self.user_sales, self.user_finance, self.user_manager):
            values = self.rpc(user, "res.partner", "read", self.person.ids, ["national_id", "gender"])
            self.assertEqual(values[0]["national_id"], VALID_NATIONAL_CODE)
        self.lead.company_national_id = VALID_COMPANY_ID
        for user in (self.user_sales, self.user_finance, self.user_manager):
            values = self.rpc(user, "crm.lead", "read", self.lead.ids, ["company_national_id"])
            self.assertEqual(values[0]["company_national_id"], VALID_COMPANY_ID)

    def test_rpc_employee_opens_contact_form(self):
        result = self.rpc(self.user_employee, "res.partner", "get_views", [[False, "form"], [False, "list"]])
        for view_type in ("form", "list"):
            arch = etree.fromstring(result["views"][view_type]["arch"])
            shown = {node.get("name") for node in arch.iter("field")}
            self.assertFalse(shown & set(IDENTITY + ["annual_turnover"]), view_type)
        fields_info = result["models"]["res.partner"]["fields"]
        arch = etree.fromstring(result["views"]["form"]["arch"])
        spec = {node.get("name"): {} for node in arch.iter("field")
                if node.get("name") in fields_info
                and fields_info[node.get("name")]["type"] not in ("one2many", "many2many")}
        values = self.rpc(self.user_employee, "res.partner", "web_read", self.person.ids, specification=spec)
        self.assertEqual(values[0]["name"], "Reza Rahimi")
        # finding a contact by name still works for them
        found = self.rpc(self.user_employee, "res.partner", "name_search", "Reza")
        self.assertIn(self.person.id, [row[0] for row in found])

    def test_rpc_employee_duplicates_contact(self):
        """An employee who manages contacts (not the identity data) may
        duplicate one: the copy has no identity data."""
        contact_manager = new_test_user(
            self.env, login="agency_contacts", name="Cyrus Contacts",
            groups="base.group_user,base.group_partner_manager",
        )
        copy_id = self.rpc(contact_manager, "res.partner", "copy", self.person.ids)[0]
        copy = self.env["res.partner"].browse(copy_id)
        self.assertFalse(copy.national_id)
        self.assertEqual(self.person.national_id, VALID_NATIONAL_CODE)

    def test_rpc_sales_finds_contact_by_national_code(self):
        found = self.rpc(self.user_sales, "res.partner", "name_search",
                         VALID_NATIONAL_CODE.translate(PERSIAN))
        self.assertIn(self.person.id, [row[0] for row in found])

    # bad input -------------------------------------------------------

    def test_rpc_persian_and_arabic_digits_stored_latin(self):
        partner_id = self.rpc(self.user_sales, "res.partner", "create", [{
            "name": "Persian digits",
            "national_id": VALID_NATIONAL_CODE.translate(PERSIAN),
            "phone": "+98 21 8877 6655".translate(ARABIC),
        }])[0]
        partner = self.env["res.partner"].browse(partner_id)
        self.assertEqual(partner.national_id, VALID_NATIONAL_CODE)
        self.assertEqual(partner.phone, "+98 21 8877 6655")
        company_id = self.rpc(self.user_sales, "res.partner", "create", [{
            "name": "Arabic digits company", "is_company": True,
            "company_national_id": VALID_COMPANY_ID.translate(ARABIC),
            "economic_code": "411111111111".translate(PERSIAN),
            "company_registry": "12345/6".translate(PERSIAN),
        }])[0]
        company = self.env["res.partner"].browse(company_id)
        self.assertEqual(
            (company.company_national_id, company.economic_code, company.company_registry),
            (VALID_COMPANY_ID, "411111111111", "12345/6"),
        )
        lead = self._lead()
        self.rpc(self.user_sales, "crm.lead", "write", lead.ids, {
            "national_id": VALID_NATIONAL_CODE.translate(ARABIC),
            "economic_code": "۴۱۱۱۱",
            "company_registry": "۹۸۷۶۵",
            "mobile": "+98 912 123 4567".translate(PERSIAN),
        })
        self.assertEqual(
            (lead.national_id, lead.economic_code, lead.company_registry, lead.mobile),
            (VALID_NATIONAL_CODE, "41111", "98765", "+98 912 123 4567"),
        )

    def test_rpc_invalid_identifiers_clear_error(self):
        lead = self._lead()
        for vals in ({"national_id": "۱۲۳"}, {"national_id": "12345678x9"},
                     {"company_national_id": "1" * 10_000}, {"economic_code": "abc"},
                     {"employee_count": -3}, {"birthdate": "2999-01-01"}):
            with self.subTest(vals=vals):
                self.assertRpcRefused(
                    self.user_sales, "crm.lead", "write", lead.ids, vals,
                    records=lead, error="ValidationError",
                )
                self.assertRpcRefused(
                    self.user_sales, "res.partner", "write", self.person.ids, vals,
                    records=self.person, error="ValidationError",
                )

    def test_rpc_long_texts(self):
        long_text = "ب" * 10_000
        lead_id = self.rpc(self.user_sales, "crm.lead", "create", [{
            "name": long_text, "description": long_text, "type": "opportunity",
            "team_id": self.team.id, "stage_id": self.stages["new"].id,
            "refused_by_name": long_text, "contact_name": long_text,
        }])[0]
        lead = self.env["crm.lead"].browse(lead_id)
        self.assertEqual(len(lead.name), 10_000)
        self.rpc(self.user_sales, "crm.lead", "write", [lead_id], {"name": long_text + "x"})
        partner_id = self.rpc(self.user_sales, "res.partner", "create", [{"name": long_text, "comment": long_text}])[0]
        self.assertEqual(len(self.env["res.partner"].browse(partner_id).name), 10_000)
        objection_id = self.rpc(self.user_sales, "crm.objection", "create", [{
            "lead_id": self.lead.id, "kind": "other", "reason_id": self.reason_other.id,
            "description": long_text, "resolution_note": long_text,
        }])[0]
        self.rpc(self.user_sales, "crm.objection", "action_resolve", [objection_id])
        self.assertEqual(self.env["crm.objection"].browse(objection_id).outcome, "resolved")

    def test_rpc_wrong_types_on_lead(self):
        lead = self._lead()
        for vals in ("x", ["stage_id"], {"stage_id": "abc"}, {"stage_id": [1, 2]}, {"stage_id": {"id": 1}}):
            with self.subTest(vals=vals):
                self.assertRpcRefused(
                    self.user_sales, "crm.lead", "write", lead.ids, vals,
                    records=lead, error=("UserError", "ValidationError"),
                )
        self.assertRpcRefused(
            self.user_sales, "crm.lead", "create", ["not a dict"], error=("UserError", "ValidationError"),
        )

    # sales documents template -----------------------------------------

    def test_rpc_sales_documents_without_template(self):
        lead = self._lead(contact_origin="warm", email_from="buyer@setareh.example.com")
        self.company.agency_sales_doc_template_id = False
        self.env.ref("crm_agency_sales.mail_template_agency_sales_documents").unlink()
        for method in ("action_send_sales_documents", "action_send_sales_documents_telegram"):
            with self.subTest(method=method):
                self.assertRpcRefused(
                    self.user_sales, "crm.lead", method, lead.ids,
                    records=lead, message="no message template",
                )

    def test_rpc_sales_documents_flag_obeys_prerequisites(self):
        """The composer's flag, sent by any client with a message, does not
        record the documents of a cold lead without its customer-knowledge form."""
        lead = self._lead(contact_origin="cold", email_from="buyer@setareh.example.com")
        self.assertRpcRefused(
            self.user_sales, "crm.lead", "message_post", lead.ids,
            body="Here are our documents", message_type="comment", subtype_xmlid="mail.mt_comment",
            records=lead, message="customer-knowledge form",
            context={"agency_mark_sales_docs_sent": True},
        )
