# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import ValidationError
from odoo.tests import Form, HttpCase, tagged, users
from odoo.tests.common import BaseCase

from ..tools import iran_id
from .common import AgencyCommon

# check digits verified by hand and against published examples
VALID_NATIONAL_CODES = ["0499370899", "0084575948", "0013542419", "1234567891"]
VALID_COMPANY_IDS = ["10380284790", "14007650912", "10100387143", "77111986110"]


@tagged("post_install", "-at_install", "agency_logic")
class TestIranIdTools(BaseCase):
    """Pure functions of tools/iran_id.py (no database needed)."""

    def test_normalize_digits(self):
        self.assertEqual(iran_id.normalize_digits("۰۴۹۹۳۷۰۸۹۹"), "0499370899")
        self.assertEqual(iran_id.normalize_digits("٠٤٩٩٣٧٠٨٩٩"), "0499370899")
        self.assertEqual(iran_id.normalize_digits(" 049-937 ۰۸۹۹\u200c"), "0499370899")
        self.assertEqual(iran_id.normalize_digits("103\u201380284790"), "10380284790")
        self.assertEqual(iran_id.normalize_digits("AB-12"), "AB12")
        self.assertFalse(iran_id.normalize_digits(False))
        self.assertEqual(iran_id.normalize_digits(""), "")

    def test_national_code(self):
        for code in VALID_NATIONAL_CODES:
            self.assertTrue(iran_id.is_valid_national_code(code), code)
            self.assertIsNone(iran_id.check_national_code(code), code)
        self.assertTrue(iran_id.is_valid_national_code("۰۴۹۹۳۷۰۸۹۹"))
        self.assertTrue(iran_id.is_valid_national_code("٠٤٩٩-٣٧٠-٨٩٩"))
        # each wrong check digit is refused
        for check in "012345678":
            self.assertFalse(iran_id.is_valid_national_code("049937089" + check))
        self.assertEqual(iran_id.check_national_code("0499370898"), iran_id.PROBLEM_CHECKSUM)
        self.assertEqual(iran_id.check_national_code("049937089"), iran_id.PROBLEM_LENGTH)
        self.assertEqual(iran_id.check_national_code("04993708990"), iran_id.PROBLEM_LENGTH)
        self.assertEqual(iran_id.check_national_code("04993708a9"), iran_id.PROBLEM_DIGITS)
        # all-identical digits satisfy the arithmetic but are not issued
        self.assertEqual(iran_id.check_national_code("1111111111"), iran_id.PROBLEM_CHECKSUM)
        self.assertEqual(iran_id.check_national_code("0000000000"), iran_id.PROBLEM_CHECKSUM)
        # remainder below 2: the check digit is the remainder itself
        self.assertTrue(iran_id.is_valid_national_code("0000000140"))  # remainder 0
        self.assertTrue(iran_id.is_valid_national_code("0000000231"))  # remainder 1
        self.assertFalse(iran_id.is_valid_national_code("0000000239"))
        for value in (False, None, "", 499370899):
            self.assertFalse(iran_id.is_valid_national_code(value))

    def test_company_national_id(self):
        for code in VALID_COMPANY_IDS:
            self.assertTrue(iran_id.is_valid_company_national_id(code), code)
        self.assertTrue(iran_id.is_valid_company_national_id("۱۰۳۸۰۲۸۴۷۹۰"))
        self.assertTrue(iran_id.is_valid_company_national_id("١٠٣٨٠٢٨٤٧٩٠"))
        for check in "123456789":
            self.assertFalse(iran_id.is_valid_company_national_id("1038028479" + check))
        self.assertEqual(
            iran_id.check_company_national_id("10380284791"), iran_id.PROBLEM_CHECKSUM
        )
        self.assertEqual(
            iran_id.check_company_national_id("10380285692"), iran_id.PROBLEM_CHECKSUM
        )
        self.assertEqual(iran_id.check_company_national_id("1038028479"), iran_id.PROBLEM_LENGTH)
        self.assertEqual(
            iran_id.check_company_national_id("1038028479x"), iran_id.PROBLEM_DIGITS
        )
        self.assertEqual(
            iran_id.check_company_national_id("11111111111"), iran_id.PROBLEM_CHECKSUM
        )
        # a person's 10-digit code is not a company identifier
        self.assertFalse(iran_id.is_valid_company_national_id("0499370899"))
        self.assertFalse(iran_id.is_valid_company_national_id(False))


@tagged("post_install", "-at_install", "agency_logic")
class TestPartnerIdentity(AgencyCommon):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.person = cls.env["res.partner"].create({"name": "Reza Rahimi"})
        cls.company_partner = cls.env["res.partner"].create(
            {"name": "Arian Trading", "is_company": True}
        )

    def test_person_identity_stored(self):
        self.person.write({
            "national_id": "0499370899",
            "birthdate": "1990-03-21",
            "gender": "male",
            "marital_status": "married",
            "fax": "+98 21 8888 0000",
        })
        self.assertEqual(self.person.national_id, "0499370899")
        self.assertEqual(self.person.gender, "male")
        self.assertEqual(self.person.marital_status, "married")
        self.assertEqual(self.person.fax, "+98 21 8888 0000")

    def test_national_code_normalised(self):
        partner = self.env["res.partner"].create(
            {"name": "Persian Digits", "national_id": "۰۴۹۹-۳۷۰ ۸۹۹"}
        )
        self.assertEqual(partner.national_id, "0499370899")
        partner.national_id = "٠٠٨٤٥٧٥٩٤٨"
        self.assertEqual(partner.national_id, "0084575948")
        self.assertTrue(partner.national_id.isascii())
        partner.national_id = "  "
        self.assertFalse(partner.national_id)

    def test_national_code_invalid(self):
        cases = {
            "0499370898": "check digit",
            "049937089": "exactly 10 digits",
            "04993708990": "exactly 10 digits",
            "04993708a9": "only digits",
            "1111111111": "check digit",
        }
        for code, message in cases.items():
            with self.subTest(code=code), self.assertRaises(ValidationError) as error:
                self.env["res.partner"].create({"name": "Wrong", "national_id": code})
            self.assertIn(message, str(error.exception))
            self.assertIn("National Code", str(error.exception))

    def test_company_identity_stored(self):
        industry = self.env["res.partner.industry"].create({"name": "Cosmetics"})
        self.company_partner.write({
            "company_national_id": "۱۰۳۸۰۲۸۴۷۹۰",
            "economic_code": "۴۱۱۱-۱۱۱۱-۱۱۱۱",
            "company_registry": "12345",
            "registration_date": "2010-05-01",
            "legal_form": "private_joint_stock",
            "employee_count": 42,
            "annual_turnover": 1500000.0,
            "industry_id": industry.id,
        })
        self.assertEqual(self.company_partner.company_national_id, "10380284790")
        self.assertEqual(self.company_partner.economic_code, "411111111111")
        self.assertEqual(self.company_partner.legal_form, "private_joint_stock")
        self.assertEqual(self.company_partner.employee_count, 42)
        self.assertEqual(self.company_partner.annual_turnover, 1500000.0)
        self.assertEqual(self.company_partner.turnover_currency_id, self.env.company.currency_id)

    def test_company_national_id_invalid(self):
        cases = {
            "10380284791": "check digit",
            "1038028479": "exactly 11 digits",
            "103802847900": "exactly 11 digits",
            "1038028479x": "only digits",
        }
        for code, message in cases.items():
            with self.subTest(code=code), self.assertRaises(ValidationError) as error:
                self.company_partner.write({"company_national_id": code})
            self.assertIn(message, str(error.exception))
            self.assertIn("Company National ID", str(error.exception))
        self.assertFalse(self.company_partner.company_national_id)

    def test_other_identity_checks(self):
        with self.assertRaises(ValidationError):
            self.company_partner.economic_code = "41-ABC"
        with self.assertRaises(ValidationError):
            self.company_partner.employee_count = -1
        with self.assertRaises(ValidationError):
            self.person.birthdate = "2999-01-01"

    def test_invalid_write_leaves_record_unchanged(self):
        self.person.write({"national_id": "0499370899", "gender": "female"})
        with self.assertRaises(ValidationError):
            self.person.write({
                "national_id": "0499370898",
                "gender": "male",
                "marital_status": "single",
            })
        self.person.invalidate_recordset()
        self.assertEqual(self.person.national_id, "0499370899")
        self.assertEqual(self.person.gender, "female")
        self.assertFalse(self.person.marital_status)

    @users("agency_sales")
    def test_salesperson_writes_identity(self):
        person = self.person.with_env(self.env)
        person.write({
            "national_id": "۰۰۱۳۵۴۲۴۱۹",
            "birthdate": "1988-01-01",
            "gender": "female",
            "marital_status": "single",
        })
        self.assertEqual(self.person.national_id, "0013542419")
        company = self.company_partner.with_env(self.env)
        company.write({"company_national_id": "14007650912", "legal_form": "limited_liability"})
        self.assertEqual(self.company_partner.company_national_id, "14007650912")
        with self.assertRaises(ValidationError):
            person.write({"national_id": "0013542418"})
        self.assertEqual(self.person.national_id, "0013542419")

    def test_partner_form(self):
        """The Identity tab is in the contact form and the form saves."""
        with Form(self.env["res.partner"]) as form:
            form.name = "Form Company"
            form.company_type = "company"
            form.company_national_id = "10380284790"
            form.legal_form = "cooperative"
            form.fax = "021-0000"
        partner = form.record
        self.assertEqual(partner.company_national_id, "10380284790")
        self.assertEqual(partner.legal_form, "cooperative")
        with Form(self.env["res.partner"]) as form:
            form.name = "Form Person"
            form.national_id = "0084575948"
            form.gender = "other"
        self.assertEqual(form.record.national_id, "0084575948")

    def test_find_by_national_code(self):
        """Duplicates are allowed but findable, by the search view and by
        name search."""
        self.person.national_id = "0499370899"
        duplicate = self.env["res.partner"].create(
            {"name": "Reza R.", "national_id": "0499370899"}
        )
        self.company_partner.company_national_id = "10380284790"
        found = self.env["res.partner"].search([("national_id", "=", "0499370899")])
        self.assertEqual(found, self.person + duplicate)
        self.assertIn(
            self.company_partner,
            self.env["res.partner"].search([("display_name", "ilike", "10380284790")]),
        )
        names = self.env["res.partner"].name_search("0499370899")
        self.assertEqual({pid for pid, _name in names}, set((self.person + duplicate).ids))

    def test_search_view_and_category_panel(self):
        arch = self.env["res.partner"].get_views([(False, "search")])["views"]["search"]["arch"]
        self.assertIn('name="national_id"', arch)
        self.assertIn('name="company_national_id"', arch)
        self.assertIn("<searchpanel", arch)
        self.assertIn('groupby="parent_id"', arch)
        # tags form a tree: the panel offers a tag with its parent
        parent = self.env["res.partner.category"].create({"name": "Customers"})
        child = self.env["res.partner.category"].create(
            {"name": "Cosmetics", "parent_id": parent.id}
        )
        self.person.category_id = child
        result = self.env["res.partner"].search_panel_select_multi_range(
            "category_id", group_by="parent_id", search_domain=[]
        )
        value = next(val for val in result["values"] if val["id"] == child.id)
        self.assertEqual(value["group_id"], parent.id)

    def test_export_preset(self):
        preset = self.env.ref("crm_agency_sales.ir_exports_partner_identity")
        self.assertEqual(preset.resource, "res.partner")
        fnames = preset.export_fields.mapped("name")
        for fname in ("name", "is_company", "national_id", "company_national_id",
                      "economic_code", "company_registry", "registration_date",
                      "legal_form", "birthdate", "gender", "marital_status", "phone",
                      "mobile", "fax", "email", "website", "street", "city",
                      "country_id", "industry_id", "category_id"):
            self.assertIn(fname, fnames)
        self.company_partner.write({
            "company_national_id": "10380284790",
            "economic_code": "411111111111",
            "legal_form": "public_joint_stock",
            "fax": "+982188880000",
            "category_id": [(0, 0, {"name": "VIP"})],
        })
        rows = self.company_partner.export_data(fnames)["datas"]
        self.assertEqual(len(rows), 1)
        row = dict(zip(fnames, rows[0]))
        self.assertEqual(row["name"], "Arian Trading")
        self.assertEqual(row["company_national_id"], "10380284790")
        self.assertEqual(row["economic_code"], "411111111111")
        self.assertEqual(row["legal_form"], "Public Joint Stock Company")
        self.assertEqual(row["fax"], "+982188880000")
        self.assertEqual(row["category_id"], "VIP")
        self.person.write({"national_id": "0499370899", "gender": "female"})
        row = dict(zip(fnames, self.person.export_data(fnames)["datas"][0]))
        self.assertEqual(row["national_id"], "0499370899")
        self.assertEqual(row["gender"], "Female")


@tagged("post_install", "-at_install", "agency_tour")
class TestPartnerCategoryPanel(HttpCase):
    """The contacts show their tags as a tree (children under their parent)
    in a search panel."""

    def test_contacts_category_search_panel(self):
        parent = self.env["res.partner.category"].create({"name": "Agency Parent Tag"})
        child = self.env["res.partner.category"].create(
            {"name": "Agency Child Tag", "parent_id": parent.id}
        )
        self.env["res.partner"].create({"name": "Tagged Contact", "category_id": child.ids})
        code = """
            const panel = document.querySelector('.o_search_panel');
            const header = [...panel.querySelectorAll('.o_search_panel_group_header')]
                .find((el) => el.innerText.includes('Agency Parent Tag'));
            const group = header && header.closest('.o_search_panel_filter_group');
            if (group && group.innerText.includes('Agency Child Tag')) {
                console.log('test successful');
            } else {
                console.error('tag tree not in the search panel: ' + panel.innerText);
            }
        """
        self.browser_js(
            "/odoo/action-contacts.action_contacts",
            code,
            ready="!!document.querySelector('.o_search_panel .o_search_panel_filter_value')",
            login="admin",
        )
