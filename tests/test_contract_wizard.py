# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date

from psycopg2 import IntegrityError

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged, users
from odoo.tools import mute_logger

from .contract_common import VALID_COMPANY_ID, VALID_IBAN, VALID_NATIONAL_CODE, ContractCommon


@tagged("post_install", "-at_install", "agency_logic")
class TestContractWizard(ContractCommon):

    @users("agency_sales")
    def test_wizard_prefilled_from_quotation(self):
        action = self.order.with_env(self.env).action_open_contract_request_wizard()
        self.assertEqual(action["res_model"], "crm.contract.request.wizard")
        wizard = self.env["crm.contract.request.wizard"].with_context(
            **action["context"]
        ).create({})
        self.assertEqual(wizard.order_id, self.order)
        self.assertEqual(wizard.lead_id, self.lead)
        action = wizard.action_confirm()
        self.assertEqual(action["res_model"], "crm.contract.request")
        request = self.env["crm.contract.request"].browse(action["res_id"])
        self.assertEqual(request.state, "draft")
        self.assertEqual(request.partner_id, self.customer)
        self.assertEqual(request.order_id, self.order)
        self.assertEqual(request.lead_id, self.lead)
        self.assertEqual(request.user_id, self.user_sales)
        self.assertEqual(request.party_type, "company")
        self.assertEqual(request.legal_name, "Setareh Cosmetics")
        self.assertEqual(request.registration_number, "123456")
        self.assertEqual(request.city, "Tehran")
        self.assertEqual(request.mobile, "+989121234567")
        self.assertEqual(request.amount, 10000.0)
        self.assertEqual(request.payment_line_ids.mapped("percent"), [50.0, 50.0])
        self.assertEqual(sum(request.payment_line_ids.mapped("amount")), 10000.0)
        self.assertTrue(request.payment_line_ids[0].is_prepayment)

    def test_wizard_prefills_signatories_and_bank(self):
        """A company's contacts with a position are its signatories; its
        first bank account (an Iranian IBAN) is the request's."""
        bank = self.env["res.bank"].create({"name": "Bank Melli"})
        self.customer.write({
            "child_ids": [Command.create({"name": "Reza Rahimi", "function": "CEO"}),
                          Command.create({"name": "Office", "type": "invoice", "function": "Billing"}),
                          Command.create({"name": "Sara Karimi"})],
            "bank_ids": [Command.create({"acc_number": VALID_IBAN, "bank_id": bank.id})],
        })
        request = self._new_draft()
        self.assertEqual(request.signatory_ids.mapped("name"), ["Reza Rahimi"])
        self.assertEqual(request.signatory_ids.position, "CEO")
        self.assertEqual(request.bank_name, "Bank Melli")
        self.assertEqual(request.bank_iban, VALID_IBAN)

    @users("agency_sales")
    def test_wizard_lead_without_customer_refused(self):
        lead = self._create_lead(step="contract", partner_id=False)
        wizard = self.env["crm.contract.request.wizard"].with_context(
            **lead.with_env(self.env).action_open_contract_request_wizard()["context"]
        ).create({})
        self.assertFalse(wizard.order_id)
        with self.assertRaisesRegex(UserError, "Set the customer"):
            wizard.action_confirm()
        self.assertFalse(self.env["crm.contract.request"].search([("lead_id", "=", lead.id)]))

    def test_wizard_default_schedule_adds_up(self):
        order = self._create_order(self._create_lead(step="contract"), qty=1)
        order.order_line.price_unit = 10000.03
        request = self._create_request(order=order)
        self.assertEqual(request.amount, 10000.03)
        self.assertEqual(request.payment_line_ids.mapped("amount"), [5000.02, 5000.01])

    @users("agency_sales")
    def test_wizard_prefilled_from_lead(self):
        action = self.lead.with_env(self.env).action_open_contract_request_wizard()
        wizard = self.env["crm.contract.request.wizard"].with_context(
            **action["context"]
        ).create({})
        self.assertEqual(wizard.order_id, self.order, "the lead's quotation is found")
        request = self.env["crm.contract.request"].browse(wizard.action_confirm()["res_id"])
        self.assertEqual(request.order_id, self.order)
        self.assertEqual(request.amount, self.order.amount_total)

    @users("agency_sales")
    def test_wizard_person_party(self):
        person = self.env["res.partner"].create({"name": "Ali Ahmadi", "city": "Shiraz", "phone": "+98711"})
        order = self._create_order(self._create_lead(partner_id=person.id))
        request = self._new_draft(order=order, subject="SEO", date_start=date(2027, 1, 1),
                                  date_end=date(2027, 2, 1))
        self.assertEqual(request.party_type, "person")
        with self.assertRaises(UserError) as err, self.env.cr.savepoint():
            request.national_id = "0084575949"
        self.assertIn("national code 0084575949 is not valid", str(err.exception))
        with self.assertRaises(UserError) as err:
            request.action_submit()
        self.assertIn("The national code of the person is missing.", str(err.exception))
        self.assertNotIn("signatory", str(err.exception))
        request.national_id = VALID_NATIONAL_CODE
        request.action_submit()
        self.assertEqual(request.state, "submitted")
        self.assertEqual(request.party_type, "person")
        self.assertEqual(request.national_id, VALID_NATIONAL_CODE)

    @users("agency_sales")
    def test_wizard_lists_every_problem_and_creates_nothing(self):
        """A draft may be incomplete: submitting it lists every missing item
        and submits nothing; a wrong identifier or date is refused when it is
        typed, every wrong value in one message, and nothing is written."""
        request = self._new_draft()
        with self.assertRaises(UserError) as err, self.env.cr.savepoint():
            request.write({
                "company_national_id": "10380284791",
                "bank_iban": "IR1234",
                "date_start": date(2027, 6, 1),
                "date_end": date(2027, 1, 1),
            })
        message = str(err.exception)
        for expected in (
            "The national identifier 10380284791 is not valid.",
            "The IBAN IR1234 is not valid",
            "The end date is before the start date.",
        ):
            self.assertIn(expected, message)
        request.invalidate_recordset()
        self.assertFalse(request.company_national_id or request.bank_iban or request.date_start)
        request.write({"legal_name": False, "subject": False})
        request.payment_line_ids[1].percent = 30.0
        with self.assertRaises(UserError) as err:
            request.action_submit()
        message = str(err.exception)
        for expected in (
            "The legal name is missing.",
            "The subject of the contract is missing.",
            "A company needs at least one authorised signatory.",
            "The payment lines add up to 80.0%, not 100%.",
            "not to the amount",
            "The national identifier of the company is missing.",
            "The start date is missing.",
        ):
            self.assertIn(expected, message)
        self.assertEqual(request.state, "draft", "nothing is submitted")
        self.assertFalse(request.submitted_on)

    @users("agency_sales")
    def test_wizard_missing_dates_and_signatory_details(self):
        request = self._new_draft(**dict(
            self._wizard_form_values(),
            date_start=False, date_end=False,
            signatory_ids=[Command.create({"name": "Reza Rahimi"}),
                           Command.create({"name": "Sara", "position": "CFO", "national_id": "123"})],
        ))
        with self.assertRaises(UserError) as err:
            request.action_submit()
        message = str(err.exception)
        self.assertIn("The start date is missing.", message)
        self.assertIn("The end date is missing.", message)
        self.assertIn("The signatory Reza Rahimi has no position.", message)
        self.assertIn("The national code 123 of the signatory Sara is not valid.", message)
        self.assertEqual(request.state, "draft")
        # a signatory without a name is not stored at all
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"), self.env.cr.savepoint():
            request.write({
                "signatory_ids": [Command.create({"position": "CFO"})],
            })
            request.env.flush_all()
        self.assertEqual(len(request.signatory_ids), 2)

    @users("agency_sales")
    def test_wizard_payment_amounts_must_add_up(self):
        request = self._create_request()
        request.payment_line_ids[0].amount = 4000.0  # percent still says 50%
        with self.assertRaises(UserError) as err:
            request.action_submit()
        self.assertIn("The payment lines add up to 9000.0, not to the amount 10000.0.", str(err.exception))
        self.assertEqual(request.state, "draft")

    @users("agency_sales")
    def test_wizard_creates_draft_request(self):
        request = self._create_request()
        self.assertEqual(request.state, "draft")
        self.assertTrue(request.name.startswith("CR/"))
        self.assertEqual(request.order_id, self.order)
        self.assertEqual(request.lead_id, self.lead)
        self.assertEqual(request.user_id, self.user_sales)
        self.assertEqual(request.amount, 10000.0)
        self.assertEqual(request.company_national_id, VALID_COMPANY_ID)
        self.assertEqual(request.signatory_ids.mapped("position"), ["CEO"])
        self.assertEqual(request.payment_line_ids.mapped("amount"), [5000.0, 5000.0])
        self.assertEqual(request.payment_line_ids.mapped("is_prepayment"), [True, False])
        self.assertEqual(self.lead.contract_request_count, 1)
        self.assertEqual(self.order.contract_request_count, 1)
        self.assertEqual(self.lead.with_env(self.env).action_view_contract_requests()["res_id"], request.id)
        self.assertEqual(self.order.with_env(self.env).action_view_contract_requests()["res_id"], request.id)

    @users("agency_sales")
    def test_wizard_refuses_second_request_for_quotation(self):
        request = self._create_request()
        request.action_submit()
        with self.assertRaises(UserError) as err:
            self._create_request()
        self.assertIn(request.name, str(err.exception))

    def test_wizard_reopens_the_unfinished_draft(self):
        """The wizard opened again on a quotation whose draft request was left
        unfinished opens that draft: no second request, no refusal."""
        draft = self._new_draft()
        action = self._new_wizard().action_confirm()
        self.assertEqual(action["res_id"], draft.id)
        self.assertEqual(self.order.contract_request_count, 1)

    def test_wizard_only_for_salespeople(self):
        with self.assertRaises(AccessError):
            self._new_wizard(user=self.user_finance)

    @users("agency_sales")
    def test_request_model_validates_formats(self):
        """RPC safety: a request written directly is validated too."""
        request = self._create_request()
        with self.assertRaises(ValidationError):
            request.national_id = "1234567890"
        with self.assertRaises(ValidationError):
            request.date_end = date(2026, 1, 1)
        with self.assertRaises(ValidationError):
            request.bank_iban = "IR940170000000110810500002"
        request.signatory_ids.unlink()
        with self.assertRaises(UserError) as err:
            request.action_submit()
        self.assertIn("A company needs at least one authorised signatory.", str(err.exception))
        self.assertEqual(request.state, "draft")
