# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Identity checks that fit the party's country: the Iranian formats
(10-digit national code, 11-digit national identifier, economic code of
digits, IBAN "Sheba" IR + 24 digits) hold for an Iranian party (country Iran,
or no country while the company is in Iran or has none); a foreign party's
identifiers (passport, INN, OGRN, KPP...) are free text with their digits
normalised, its IBAN passes the ISO 13616 mod-97 check, and a contract
request still needs a person's identity number and a company's
registration number."""
from contextlib import contextmanager
from datetime import date

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import BaseCase, tagged

from ..tools import iran_id
from .contract_common import VALID_IBAN, VALID_NATIONAL_CODE, ContractCommon
from .rpc_common import AgencyRpcMixin

MODEL = "crm.contract.request"
PERSIAN = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
ARABIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
# Russian identifiers: a passport (series and number), a company's INN
# (tax number), OGRN (state registration number) and KPP
PASSPORT = "4510 123456"
SIGNATORY_PASSPORT = "4511 654321"
INN = "7707083893"
OGRN = "1027700132195"
KPP = "773601001"
# an IBAN of a German bank account (the ISO 13616 example) and the same
# with a typing error in its last digit
FOREIGN_IBAN = "DE89 3704 0044 0532 0130 00"
BAD_FOREIGN_IBAN = "DE89370400440532013001"
# a Russian account number (Russia has no IBAN)
RU_ACCOUNT = "40702810412345678901"


class TestIdentityCountryTools(BaseCase):
    """tools/iran_id.py: whose rules apply, and the IBAN checks."""

    def test_is_iranian_party(self):
        self.assertTrue(iran_id.is_iranian_party("IR"))
        self.assertTrue(iran_id.is_iranian_party("ir"))
        self.assertFalse(iran_id.is_iranian_party("RU"))
        self.assertFalse(iran_id.is_iranian_party("DE"))
        # no country: the Iranian rules, as before countries counted
        self.assertTrue(iran_id.is_iranian_party(None))
        self.assertTrue(iran_id.is_iranian_party(False))

    def test_check_iban(self):
        for iban in (FOREIGN_IBAN, "GB82 WEST 1234 5698 7654 32", "FR1420041010050500013M02606",
                     "de89370400440532013000", VALID_IBAN, "DE89370400440532013000".translate(PERSIAN)):
            with self.subTest(iban=iban):
                self.assertIsNone(iran_id.check_iban(iban))
        self.assertEqual(iran_id.check_iban(BAD_FOREIGN_IBAN), iran_id.PROBLEM_CHECKSUM)
        self.assertEqual(iran_id.check_iban("IR940170000000110810500002"), iran_id.PROBLEM_CHECKSUM)
        for iban in ("12345", "DE", "DEXX370400440532013000", "DE89-3704/0044", "X" * 40, "",
                     "IR1234", "IR94017000000011081050000A"):
            with self.subTest(iban=iban):
                self.assertEqual(iran_id.check_iban(iban), iran_id.PROBLEM_FORMAT)
        # the mod-97 check passes but the length is not Germany's
        self.assertEqual(iran_id.check_iban("DE5137040044053201300"), iran_id.PROBLEM_FORMAT)
        # a country python-stdnum's registry does not list: the mod-97 check
        self.assertIsNone(iran_id.check_iban("ZZ1812345678901234"))
        self.assertEqual(iran_id.check_iban("ZZ1912345678901234"), iran_id.PROBLEM_CHECKSUM)

    def test_iran_iban(self):
        self.assertTrue(iran_id.is_valid_iran_iban(VALID_IBAN))
        self.assertTrue(iran_id.is_valid_iran_iban(("ir" + VALID_IBAN[2:]).translate(ARABIC)))
        self.assertFalse(iran_id.is_valid_iran_iban("IR940170000000110810500002"))
        self.assertFalse(iran_id.is_valid_iran_iban("DE89370400440532013000"))
        self.assertFalse(iran_id.is_valid_iran_iban(False))


class IdentityCountryCommon(ContractCommon):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.russia = cls.env.ref("base.ru")
        cls.iran = cls.env.ref("base.ir")
        cls.neva = cls.env["res.partner"].create({
            "name": "Dmitry Ivanov (Neva Travel)",
            "is_company": False,
            "country_id": cls.russia.id,
            "street": "28 Nevsky Prospekt",
            "city": "Saint Petersburg",
            "phone": "+7 921 460 3456",
            "email": "dmitry@nevatravel.example.com",
        })
        cls.ural = cls.env["res.partner"].create({
            "name": "Ural Print LLC",
            "is_company": True,
            "country_id": cls.russia.id,
            "street": "44 Malysheva St.",
            "city": "Yekaterinburg",
            "phone": "+7 343 210 4455",
            "email": "office@uralprint.example.com",
        })

    def _russian_draft(self, partner, **values):
        """A draft request of a new quotation of ``partner``, as the
        salesperson fills it."""
        lead = self._create_lead(step="contract", partner_id=partner.id)
        order = self._create_order(lead)
        vals = {
            "legal_name": partner.name,
            "subject": "Website and social media",
            "date_start": date(2027, 1, 1),
            "date_end": date(2027, 6, 30),
        }
        vals.update(values)
        return self._new_draft(order=order, **vals)

    @contextmanager
    def _refused(self, exception, message):
        """``assertRaises`` (the savepoint of Odoo's TransactionCase rolls
        the refused write back) and the message."""
        with self.assertRaises(exception) as caught:
            yield
        self.assertIn(message, str(caught.exception))

    def _company_values(self, **values):
        vals = {
            "company_national_id": INN,
            "registration_number": OGRN,
            "economic_code": KPP,
            "bank_name": "Sberbank",
            "bank_account": RU_ACCOUNT,
            "signatory_ids": [Command.create({
                "name": "Olga Smirnova", "position": "General Director",
                "national_id": SIGNATORY_PASSPORT,
            })],
        }
        vals.update(values)
        return vals


@tagged("post_install", "-at_install", "agency_logic")
class TestIdentityCountry(IdentityCountryCommon):

    # contacts and leads ----------------------------------------------

    def test_foreign_partner_identifiers_are_free(self):
        """A Russian person keeps a passport number, a Russian company its
        INN and KPP: no Iranian format, digits still normalised."""
        neva = self.neva.with_user(self.user_sales)
        neva.write({"national_id": PASSPORT})
        self.assertEqual(neva.national_id, "4510123456")
        ural = self.ural.with_user(self.user_sales)
        ural.write({
            "company_national_id": INN.translate(PERSIAN),
            "economic_code": "KPP " + KPP,
            "company_registry": OGRN.translate(ARABIC),
        })
        self.assertEqual(ural.company_national_id, INN)
        self.assertEqual(ural.economic_code, "KPP" + KPP)
        self.assertEqual(ural.company_registry, OGRN)
        # a contact of the Russian company without a country of its own
        contact = self.env["res.partner"].with_user(self.user_sales).create({
            "name": "Olga Smirnova", "parent_id": self.ural.id, "national_id": SIGNATORY_PASSPORT,
        })
        self.assertEqual(contact.national_id, "4511654321")

    def test_iranian_partner_still_checked(self):
        """Iran, or no country in a company without one: the checksum holds,
        and the message says how to enter a foreign identifier."""
        Partner = self.env["res.partner"].with_user(self.user_sales)
        for country in (self.iran, self.env["res.country"]):
            with self.subTest(country=country.code), self.assertRaises(ValidationError) as error:
                Partner.create({"name": "Ali", "country_id": country.id, "national_id": PASSPORT})
            self.assertIn("check digit", str(error.exception))
            self.assertIn("set its country", str(error.exception))
            with self.subTest(country=country.code), self.assertRaises(ValidationError) as error:
                Partner.create({"name": "Co", "is_company": True, "country_id": country.id,
                                "company_national_id": INN})
            self.assertIn("exactly 11 digits", str(error.exception))
            with self.subTest(country=country.code), self.assertRaises(ValidationError):
                Partner.create({"name": "Co", "is_company": True, "country_id": country.id,
                                "economic_code": "KPP" + KPP})
        partner = Partner.create({"name": "Ali", "country_id": self.iran.id,
                                  "national_id": VALID_NATIONAL_CODE.translate(PERSIAN)})
        self.assertEqual(partner.national_id, VALID_NATIONAL_CODE)

    def test_country_change_rechecks(self):
        """Moving a Russian person with a passport number to Iran is
        refused: the Iranian code would be invalid; nothing is written."""
        self.neva.national_id = PASSPORT
        with self.assertRaises(ValidationError):
            self.neva.with_user(self.user_sales).write({"country_id": self.iran.id})
        self.neva.invalidate_recordset()
        self.assertEqual(self.neva.country_id, self.russia)
        # a contact manager who may not read identity data changes the
        # country: the check still runs (and reads the code for itself)
        self.user_employee.groups_id += self.env.ref("base.group_partner_manager")
        self.assertFalse(self.env["res.partner"].with_user(self.user_employee)._agency_identity_readable())
        self.ural.company_national_id = INN
        with self.assertRaises(ValidationError):
            self.ural.with_user(self.user_employee).write({"country_id": False})
        self.ural.with_user(self.user_employee).write({"country_id": self.env.ref("base.de").id})

    def test_no_country_keeps_iranian_rules(self):
        """A party without a country keeps the Iranian rules whatever the
        company's country (Odoo's main company is in the United States by
        default): the message tells to set the party's country."""
        for country in (self.russia, self.env.ref("base.us"), self.env["res.country"]):
            self.env.company.country_id = country
            with self.subTest(company_country=country.code), self.assertRaises(ValidationError):
                self.env["res.partner"].with_user(self.user_sales).create({
                    "name": "Anna", "national_id": PASSPORT, "company_id": self.env.company.id,
                })

    def test_lead_of_foreign_customer(self):
        """A lead of a Russian customer takes a passport number; a lead in
        Iran does not."""
        lead = self._create_lead(partner_id=self.neva.id)
        self.assertEqual(lead.country_id, self.russia)
        lead.with_user(self.user_sales).write({"national_id": PASSPORT})
        self.assertEqual(lead.national_id, "4510123456")
        with self.assertRaises(ValidationError):
            self._create_lead(partner_id=False, country_id=self.iran.id, national_id=PASSPORT)

    # contract requests -------------------------------------------------

    def test_russian_person_submits(self):
        """A Russian person: passport number, a Russian account without
        IBAN; the request goes to finance."""
        request = self._russian_draft(
            self.neva, party_type="person", national_id=PASSPORT,
            bank_name="Sberbank", bank_account=RU_ACCOUNT,
        )
        self.assertEqual(request.country_id, self.russia)
        self.assertEqual(request.national_id, "4510123456")
        self.assertFalse(request.bank_iban)
        request.with_user(self.user_sales).action_submit()
        self.assertEqual(request.state, "submitted")

    def test_russian_person_needs_identity_number(self):
        request = self._russian_draft(self.neva, party_type="person")
        with self._refused(UserError, "identity number of the person"):
            request.with_user(self.user_sales).action_submit()
        self.assertEqual(request.state, "draft")

    def test_russian_company_submits(self):
        """A Russian company: INN, OGRN, KPP, a signatory with a passport
        number and a foreign IBAN; finance gets it."""
        request = self._russian_draft(self.ural, **self._company_values(bank_iban=FOREIGN_IBAN))
        self.assertEqual(request.party_type, "company")
        self.assertEqual(request.bank_iban, "DE89370400440532013000")
        self.assertEqual(request.signatory_ids.national_id, "4511654321")
        request.with_user(self.user_sales).action_submit()
        self.assertEqual(request.state, "submitted")

    def test_russian_company_needs_registration_number(self):
        """A foreign company needs its registration number; its national
        identifier (INN) is optional."""
        request = self._russian_draft(
            self.ural, **self._company_values(company_national_id=False, registration_number=False)
        )
        with self.assertRaises(UserError) as error:
            request.with_user(self.user_sales).action_submit()
        self.assertIn("registration number of the company is missing", str(error.exception))
        self.assertNotIn("national identifier", str(error.exception))
        request.with_user(self.user_sales).write({"registration_number": OGRN})
        request.with_user(self.user_sales).action_submit()
        self.assertEqual(request.state, "submitted")

    def test_bad_foreign_iban_refused(self):
        request = self._russian_draft(self.ural, **self._company_values())
        with self._refused(ValidationError, "check digits do not match"):
            request.with_user(self.user_sales).write({"bank_iban": BAD_FOREIGN_IBAN})
        with self._refused(ValidationError, "length and layout"):
            request.with_user(self.user_sales).write({"bank_iban": "DE51 3704 0044 0532 0130 0"})
        request.invalidate_recordset()
        self.assertFalse(request.bank_iban)

    def test_iranian_party_still_checked(self):
        """The customer of the fixture (no country, company without one) and
        a request whose country is Iran: the Iranian formats hold."""
        request = self._create_request()
        self.assertTrue(request._is_iranian())
        for vals, message in (
            ({"national_id": PASSPORT}, "national code 4510123456 is not valid"),
            ({"company_national_id": INN}, "national identifier 7707083893 is not valid"),
            ({"bank_iban": FOREIGN_IBAN}, "IR followed by 24 digits"),
        ):
            with self.subTest(vals=vals), self._refused(ValidationError, message):
                request.with_user(self.user_sales).write(vals)
        # a signatory's code is checked at submission
        request.signatory_ids.with_user(self.user_sales).write({"national_id": PASSPORT})
        with self._refused(UserError, "signatory Reza Rahimi is not valid"):
            request.with_user(self.user_sales).action_submit()
        # the request's country Iran wins over a Russian customer
        russian = self._russian_draft(self.ural, **self._company_values())
        with self._refused(ValidationError, "national identifier 7707083893 is not valid"):
            russian.with_user(self.user_sales).write({"country_id": self.iran.id})
        russian.invalidate_recordset()
        self.assertEqual(russian.country_id, self.russia)

    def test_foreign_request_country_without_customer_country(self):
        """The request's own country decides when the customer has none."""
        request = self._create_request()
        request.with_user(self.user_sales).write({
            "country_id": self.russia.id, "company_national_id": INN,
            "bank_iban": FOREIGN_IBAN,
            "signatory_ids": [Command.update(request.signatory_ids.id, {"national_id": PASSPORT})],
        })
        self.assertEqual(request.company_national_id, INN)
        request.with_user(self.user_sales).action_submit()
        self.assertEqual(request.state, "submitted")


@tagged("post_install", "-at_install", "agency_rpc")
class TestRpcIdentityCountry(AgencyRpcMixin, IdentityCountryCommon):

    def test_rpc_russian_company_request_submits(self):
        """Over JSON-RPC as the salesperson: Russian identifiers typed with
        Persian digits and a foreign IBAN, then the submission."""
        request = self._russian_draft(self.ural, signatory_ids=[Command.create({
            "name": "Olga Smirnova", "position": "General Director",
        })])
        self.rpc(self.user_sales, MODEL, "write", request.ids, {
            "company_national_id": INN.translate(PERSIAN),
            "registration_number": OGRN,
            "economic_code": KPP,
            "bank_iban": FOREIGN_IBAN.translate(ARABIC),
        })
        self.rpc(self.user_sales, MODEL, "action_submit", request.ids)
        self.assertEqual(request.state, "submitted")
        self.assertEqual(request.company_national_id, INN)
        self.assertEqual(request.bank_iban, "DE89370400440532013000")

    def test_rpc_russian_person_passport(self):
        request = self._russian_draft(self.neva, party_type="person")
        self.rpc(self.user_sales, MODEL, "write", request.ids, {"national_id": PASSPORT})
        self.rpc(self.user_sales, MODEL, "action_submit", request.ids)
        self.assertEqual(request.state, "submitted")
        self.assertEqual(request.national_id, "4510123456")

    def test_rpc_bad_foreign_iban_refused(self):
        request = self._russian_draft(self.ural, **self._company_values())
        self.assertRpcRefused(
            self.user_sales, MODEL, "write", request.ids, {"bank_iban": BAD_FOREIGN_IBAN},
            records=request, error="ValidationError", message="check digits do not match",
        )

    def test_rpc_iranian_party_checksum_refused(self):
        """An Iranian party still gets the checksum, whatever the context
        the client sends."""
        request = self._create_request()
        self.assertRpcRefused(
            self.user_sales, MODEL, "write", request.ids, {"national_id": PASSPORT},
            records=request, error="ValidationError", message="is not valid",
            context={"agency_foreign_party": True},
        )
        partner = self.env["res.partner"].create({"name": "Ali", "country_id": self.iran.id})
        self.assertRpcRefused(
            self.user_sales, "res.partner", "write", partner.ids, {"national_id": PASSPORT},
            records=partner, error="ValidationError", message="check digit",
        )

    def test_rpc_russian_partner_passport(self):
        partner_id = self.rpc(self.user_sales, "res.partner", "create", {
            "name": "Ivan Petrov", "country_id": self.russia.id, "national_id": PASSPORT,
        })
        self.assertEqual(self.env["res.partner"].browse(partner_id).national_id, "4510123456")
