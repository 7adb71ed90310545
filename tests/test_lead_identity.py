# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged, users

from .common import AgencyCommon


@tagged("post_install", "-at_install", "agency_logic")
class TestLeadIdentity(AgencyCommon):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.industry = cls.env["res.partner.industry"].create({"name": "Cosmetics Retail"})
        cls.person_values = {
            "national_id": "۰۴۹۹۳۷۰۸۹۹",
            "birthdate": "1985-06-01",
            "gender": "female",
            "marital_status": "married",
        }
        cls.company_values = {
            "company_national_id": "١٠٣٨٠٢٨٤٧٩٠",
            "economic_code": "411-111-111-111",
            "company_registry": "98765",
            "registration_date": "2012-09-10",
            "legal_form": "limited_liability",
            "employee_count": 35,
            "industry_id": cls.industry.id,
        }

    def _new_lead(self, **values):
        vals = {
            "name": "Identity lead",
            "type": "lead",
            "partner_id": False,
            "partner_name": "Narges Beauty Co",
            "contact_name": "Narges Karimi",
            "email_from": "narges.identity@example.com",
            "fax": "+982166660000",
            **self.person_values,
            **self.company_values,
        }
        vals.update(values)
        return self._create_lead(**vals)

    def _convert(self, lead, action, partner=None):
        wizard = Form(
            self.env["crm.lead2opportunity.partner"]
            .with_user(self.user_sales)
            .with_context(active_model="crm.lead", active_id=lead.id, active_ids=lead.ids)
        )
        self.assertEqual(wizard.name, "convert")
        wizard.action = action
        if partner:
            wizard.partner_id = partner
        wizard.save().action_apply()
        self.assertEqual(lead.type, "opportunity")

    def _assert_person(self, partner):
        self.assertEqual(partner.national_id, "0499370899")
        self.assertEqual(str(partner.birthdate), "1985-06-01")
        self.assertEqual(partner.gender, "female")
        self.assertEqual(partner.marital_status, "married")

    def _assert_company(self, partner):
        self.assertEqual(partner.company_national_id, "10380284790")
        self.assertEqual(partner.economic_code, "411111111111")
        self.assertEqual(partner.company_registry, "98765")
        self.assertEqual(str(partner.registration_date), "2012-09-10")
        self.assertEqual(partner.legal_form, "limited_liability")
        self.assertEqual(partner.employee_count, 35)
        self.assertEqual(partner.industry_id, self.industry)

    def test_lead_identity_normalised(self):
        lead = self._new_lead()
        self.assertEqual(lead.national_id, "0499370899")
        self.assertEqual(lead.company_national_id, "10380284790")
        self.assertEqual(lead.economic_code, "411111111111")
        lead.with_user(self.user_sales).national_id = "٠٠٨٤-٥٧٥-٩٤٨"
        self.assertEqual(lead.national_id, "0084575948")

    def test_lead_identity_invalid(self):
        with self.assertRaises(ValidationError) as error:
            self._new_lead(national_id="0499370898")
        self.assertIn("National Code", str(error.exception))
        with self.assertRaises(ValidationError) as error:
            self._new_lead(company_national_id="1038028479")
        self.assertIn("exactly 11 digits", str(error.exception))
        lead = self._new_lead()
        with self.assertRaises(ValidationError):
            lead.with_user(self.user_sales).write(
                {"company_national_id": "10380284791", "legal_form": "cooperative"}
            )
        self.assertEqual(lead.company_national_id, "10380284790")
        self.assertEqual(lead.legal_form, "limited_liability")

    @users("agency_sales")
    def test_lead_form_identity_page(self):
        lead = self._create_lead(name="Form lead")
        with Form(lead.with_env(self.env)) as form:
            form.national_id = "۰۰۱۳۵۴۲۴۱۹"
            form.company_national_id = "14007650912"
            form.legal_form = "ngo"
        self.assertEqual(lead.national_id, "0013542419")
        self.assertEqual(lead.company_national_id, "14007650912")

    def test_convert_wizard_create(self):
        """Converting with a new customer: company data to the company,
        person data to its contact."""
        lead = self._new_lead()
        self._convert(lead, "create")
        contact = lead.partner_id
        company = contact.parent_id
        self.assertFalse(contact.is_company)
        self.assertEqual(contact.name, "Narges Karimi")
        self.assertTrue(company.is_company)
        self.assertEqual(company.name, "Narges Beauty Co")
        self._assert_person(contact)
        self._assert_company(company)
        self.assertFalse(company.national_id)
        self.assertFalse(company.gender)
        self.assertFalse(contact.company_national_id)
        self.assertFalse(contact.legal_form)
        self.assertEqual(contact.fax, "+982166660000")
        self.assertEqual(company.fax, "+982166660000")

    def test_handle_partner_assignment_create_missing(self):
        lead = self._new_lead()
        lead._handle_partner_assignment(create_missing=True)
        self._assert_person(lead.partner_id)
        self._assert_company(lead.partner_id.parent_id)
        # company only
        lead_company = self._new_lead(contact_name=False, email_from="co@example.com")
        lead_company._handle_partner_assignment(create_missing=True)
        self.assertTrue(lead_company.partner_id.is_company)
        self._assert_company(lead_company.partner_id)
        self.assertFalse(lead_company.partner_id.national_id)
        # person only
        lead_person = self._new_lead(partner_name=False, email_from="pe@example.com")
        lead_person._handle_partner_assignment(create_missing=True)
        self.assertFalse(lead_person.partner_id.is_company)
        self._assert_person(lead_person.partner_id)
        self.assertFalse(lead_person.partner_id.company_national_id)

    def test_convert_wizard_link_existing(self):
        """Linking to an existing contact fills its empty identity fields
        (person on the contact, company on its company), never overwrites."""
        company = self.env["res.partner"].create({
            "name": "Existing Beauty Group",
            "is_company": True,
            "economic_code": "999999999999",
            "legal_form": "cooperative",
        })
        contact = self.env["res.partner"].create({
            "name": "Existing Narges",
            "parent_id": company.id,
            "gender": "other",
            "fax": "+982100000000",
        })
        lead = self._new_lead()
        self._convert(lead, "exist", partner=contact)
        self.assertEqual(lead.partner_id, contact)
        # filled
        self.assertEqual(contact.national_id, "0499370899")
        self.assertEqual(contact.marital_status, "married")
        self.assertEqual(company.company_national_id, "10380284790")
        self.assertEqual(company.employee_count, 35)
        self.assertEqual(company.industry_id, self.industry)
        # kept
        self.assertEqual(contact.gender, "other")
        self.assertEqual(contact.fax, "+982100000000")
        self.assertEqual(company.economic_code, "999999999999")
        self.assertEqual(company.legal_form, "cooperative")
        # nothing crossed over
        self.assertFalse(company.national_id)
        self.assertFalse(contact.legal_form)

    def test_link_existing_company(self):
        """Force-assigning an existing company: company data only."""
        company = self.env["res.partner"].create({
            "name": "Existing Company", "is_company": True, "employee_count": 3,
        })
        lead = self._new_lead()
        lead._handle_partner_assignment(force_partner_id=company.id, create_missing=False)
        self.assertEqual(lead.partner_id, company)
        self.assertEqual(company.company_national_id, "10380284790")
        self.assertEqual(company.employee_count, 3)
        self.assertFalse(company.national_id)
        self.assertFalse(company.gender)

    def test_lead_identity_from_customer(self):
        """A lead's empty identity fields are completed from its customer
        (person data from the person, company data from its company); what
        the lead already has is kept."""
        company = self.env["res.partner"].create({
            "name": "Customer Group",
            "is_company": True,
            "company_national_id": "14007650912",
            "legal_form": "public_joint_stock",
            "industry_id": self.industry.id,
        })
        contact = self.env["res.partner"].create({
            "name": "Customer Contact",
            "parent_id": company.id,
            "national_id": "0084575948",
            "gender": "male",
        })
        lead = self._create_lead(name="From customer", partner_id=contact.id)
        self.assertEqual(lead.national_id, "0084575948")
        self.assertEqual(lead.gender, "male")
        self.assertEqual(lead.company_national_id, "14007650912")
        self.assertEqual(lead.legal_form, "public_joint_stock")
        self.assertEqual(lead.industry_id, self.industry)

        # in the form, as a salesperson: kept values win over the customer's
        lead_2 = self._create_lead(name="Form customer", partner_id=False)
        with Form(lead_2.with_user(self.user_sales)) as form:
            form.legal_form = "cooperative"
            form.partner_id = contact
            self.assertEqual(form.national_id, "0084575948")
            self.assertEqual(form.company_national_id, "14007650912")
            self.assertEqual(form.legal_form, "cooperative")
        self.assertEqual(lead_2.national_id, "0084575948")
        self.assertEqual(lead_2.legal_form, "cooperative")
        self.assertEqual(lead_2.industry_id, self.industry)

        # a company customer gives no person data
        lead_3 = self._create_lead(name="Company customer", partner_id=company.id)
        self.assertEqual(lead_3.company_national_id, "14007650912")
        self.assertFalse(lead_3.national_id)
        self.assertFalse(lead_3.gender)

    def test_lead_search_by_identifier(self):
        lead = self._new_lead()
        for view in ("crm.view_crm_case_opportunities_filter", "crm.view_crm_case_leads_filter"):
            arch = self.env["crm.lead"].get_views(
                [(self.env.ref(view).id, "search")]
            )["views"]["search"]["arch"]
            self.assertIn('name="national_id"', arch)
            self.assertIn('name="company_national_id"', arch)
        found = self.env["crm.lead"].search([("company_national_id", "=", "10380284790")])
        self.assertEqual(found, lead)

    def test_merge_keeps_identity(self):
        lead_a = self._create_lead(
            name="Merge A", type="opportunity", company_national_id="10380284790",
            legal_form="cooperative",
        )
        lead_b = self._create_lead(
            name="Merge B", type="opportunity", national_id="0499370899",
            legal_form="ngo", fax="+982111111111",
        )
        merged = (lead_a + lead_b).merge_opportunity(auto_unlink=False)
        self.assertEqual(merged.company_national_id, "10380284790")
        self.assertEqual(merged.national_id, "0499370899")
        self.assertEqual(merged.fax, "+982111111111")
        self.assertIn(merged.legal_form, ("cooperative", "ngo"))
