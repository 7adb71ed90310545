# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .contract_common import VALID_COMPANY_ID, VALID_NATIONAL_CODE, ContractCommon


@tagged("post_install", "-at_install")
class TestContractWizard(ContractCommon):

    def _count_requests(self):
        return self.env["crm.contract.request"].search_count([])

    def test_wizard_prefilled_from_quotation(self):
        action = self.order.with_user(self.user_sales).action_open_contract_request_wizard()
        self.assertEqual(action["res_model"], "crm.contract.request.wizard")
        wizard = self.env["crm.contract.request.wizard"].with_user(self.user_sales).with_context(
            **action["context"]
        ).create({})
        self.assertEqual(wizard.partner_id, self.customer)
        self.assertEqual(wizard.order_id, self.order)
        self.assertEqual(wizard.lead_id, self.lead)
        self.assertEqual(wizard.user_id, self.user_sales)
        self.assertEqual(wizard.party_type, "company")
        self.assertEqual(wizard.legal_name, "Setareh Cosmetics")
        self.assertEqual(wizard.registration_number, "123456")
        self.assertEqual(wizard.city, "Tehran")
        self.assertEqual(wizard.mobile, "+989121234567")
        self.assertEqual(wizard.amount, 10000.0)
        self.assertEqual(wizard.payment_line_ids.mapped("percent"), [50.0, 50.0])
        self.assertEqual(sum(wizard.payment_line_ids.mapped("amount")), 10000.0)
        self.assertTrue(wizard.payment_line_ids[0].is_prepayment)

    def test_wizard_default_schedule_adds_up(self):
        order = self._create_order(self._create_lead(step="contract"), qty=1)
        order.order_line.price_unit = 10000.03
        request = self._create_request(order=order)
        self.assertEqual(request.amount, 10000.03)
        self.assertEqual(request.payment_line_ids.mapped("amount"), [5000.02, 5000.01])

    def test_wizard_prefilled_from_lead(self):
        action = self.lead.with_user(self.user_sales).action_open_contract_request_wizard()
        wizard = self.env["crm.contract.request.wizard"].with_user(self.user_sales).with_context(
            **action["context"]
        ).create({})
        self.assertEqual(wizard.order_id, self.order, "the lead's quotation is found")
        self.assertEqual(wizard.amount, self.order.amount_total)

    def test_wizard_person_party(self):
        person = self.env["res.partner"].create({"name": "Ali Ahmadi", "city": "Shiraz", "phone": "+98711"})
        order = self._create_order(self._create_lead(partner_id=person.id))
        wizard = self._new_wizard(order=order)
        self.assertEqual(wizard.party_type, "person")
        wizard.write({"subject": "SEO", "date_start": date(2027, 1, 1), "date_end": date(2027, 2, 1),
                      "national_id": "0084575949"})
        with self.assertRaises(UserError) as err:
            wizard.action_confirm()
        self.assertIn("national code 0084575949 is not valid", str(err.exception))
        self.assertNotIn("signatory", str(err.exception))
        wizard.national_id = VALID_NATIONAL_CODE
        action = wizard.action_confirm()
        request = self.env["crm.contract.request"].browse(action["res_id"])
        self.assertEqual(request.party_type, "person")
        self.assertEqual(request.national_id, VALID_NATIONAL_CODE)

    def test_wizard_lists_every_problem_and_creates_nothing(self):
        before = self._count_requests()
        wizard = self._new_wizard(
            legal_name=False,
            subject=False,
            company_national_id="10380284791",
            bank_iban="IR1234",
            date_start=date(2027, 6, 1),
            date_end=date(2027, 1, 1),
        )
        wizard.payment_line_ids[1].percent = 30.0
        with self.assertRaises(UserError) as err:
            wizard.action_confirm()
        message = str(err.exception)
        for expected in (
            "The legal name is missing.",
            "The subject of the contract is missing.",
            "A company needs at least one authorised signatory.",
            "The payment lines add up to 80.0%, not 100%.",
            "not to the amount",
            "The national identifier 10380284791 is not valid.",
            "The IBAN IR1234 is not valid",
            "The end date is before the start date.",
        ):
            self.assertIn(expected, message)
        self.assertEqual(self._count_requests(), before, "nothing is created")

    def test_wizard_missing_dates_and_signatory_details(self):
        wizard = self._new_wizard(**dict(
            self._wizard_form_values(),
            date_start=False, date_end=False,
            signatory_ids=[Command.create({"name": "Reza Rahimi"}),
                           Command.create({"position": "CFO", "national_id": "123"})],
        ))
        with self.assertRaises(UserError) as err:
            wizard.action_confirm()
        message = str(err.exception)
        self.assertIn("The start date is missing.", message)
        self.assertIn("The end date is missing.", message)
        self.assertIn("The signatory Reza Rahimi has no position.", message)
        self.assertIn("Signatory 2 has no name.", message)
        self.assertIn("The national code 123 of the signatory 2 is not valid.", message)
        self.assertFalse(self.env["crm.contract.request"].search([("order_id", "=", self.order.id)]))

    def test_wizard_payment_amounts_must_add_up(self):
        wizard = self._new_wizard(**self._wizard_form_values())
        wizard.payment_line_ids[0].amount = 4000.0  # percent still says 50%
        with self.assertRaises(UserError) as err:
            wizard.action_confirm()
        self.assertIn("The payment lines add up to 9000.0, not to the amount 10000.0.", str(err.exception))

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
        self.assertEqual(self.lead.with_user(self.user_sales).action_view_contract_requests()["res_id"], request.id)
        self.assertEqual(self.order.with_user(self.user_sales).action_view_contract_requests()["res_id"], request.id)

    def test_wizard_refuses_second_request_for_quotation(self):
        request = self._create_request()
        with self.assertRaises(UserError) as err:
            self._create_request()
        self.assertIn(request.name, str(err.exception))

    def test_wizard_only_for_salespeople(self):
        with self.assertRaises(AccessError):
            self._new_wizard(user=self.user_finance)

    def test_request_model_validates_formats(self):
        """RPC safety: a request written directly is validated too."""
        request = self._create_request()
        with self.assertRaises(ValidationError):
            request.with_user(self.user_sales).national_id = "1234567890"
        with self.assertRaises(ValidationError):
            request.with_user(self.user_sales).date_end = date(2026, 1, 1)
        with self.assertRaises(ValidationError):
            request.with_user(self.user_sales).bank_iban = "IR940170000000110810500002"
        request.with_user(self.user_sales).signatory_ids.unlink()
        with self.assertRaises(UserError) as err:
            request.with_user(self.user_sales).action_submit()
        self.assertIn("A company needs at least one authorised signatory.", str(err.exception))
        self.assertEqual(request.state, "draft")
