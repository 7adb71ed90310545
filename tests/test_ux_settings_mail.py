# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import tagged
from odoo.tools import html2plaintext

from .common import AgencyCommon


@tagged("post_install", "-at_install", "agency_logic")
class TestTariffSettings(AgencyCommon):
    """A tariff price list keeps Odoo's price-list feature on: saving the
    settings never archives the tariff."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.admin = cls.env.ref("base.user_admin")
        cls.Settings = cls.env["res.config.settings"].with_user(cls.admin)
        cls.user_group = cls.env.ref("base.group_user")
        cls.pricelist_group = cls.env.ref("product.group_product_pricelist")
        # start with the feature off and no tariff (as on a fresh database)
        cls.Settings.create({"group_product_pricelist": False, "agency_tariff_pricelist_id": False}).execute()
        cls.tariff = cls.env["product.pricelist"].create({"name": "Agency Tariff test"})

    def _feature_on(self):
        self.env.invalidate_all()
        return self.pricelist_group in self.user_group.implied_ids and self.admin.has_group(
            "product.group_product_pricelist"
        )

    def test_setting_a_tariff_turns_pricelists_on(self):
        self.assertFalse(self._feature_on())
        self.Settings.create({"agency_tariff_pricelist_id": self.tariff.id}).execute()
        self.assertTrue(self._feature_on())
        self.assertTrue(self.tariff.active)
        self.assertEqual(self.company.agency_tariff_pricelist_id, self.tariff)
        # open the settings again and save without changes: nothing archived
        settings = self.Settings.create({})
        self.assertTrue(settings.group_product_pricelist)
        settings.execute()
        self.assertTrue(self._feature_on())
        self.assertTrue(self.tariff.active)

    def test_tariff_set_without_the_feature(self):
        """The demo's case: the company has a tariff, the feature is off. The
        settings open with the feature on, and a plain save keeps the tariff."""
        self.company.agency_tariff_pricelist_id = self.tariff
        self.assertFalse(self._feature_on())
        settings = self.Settings.create({})
        self.assertTrue(settings.group_product_pricelist)
        settings.execute()
        self.assertTrue(self._feature_on())
        self.assertTrue(self.tariff.active)

    def test_unticking_pricelists_keeps_the_tariff(self):
        self.Settings.create({"agency_tariff_pricelist_id": self.tariff.id}).execute()
        settings = self.Settings.new({
            "agency_tariff_pricelist_id": self.tariff.id, "group_product_pricelist": False,
        })
        result = settings._onchange_agency_tariff_pricelist_id()
        self.assertTrue(settings.group_product_pricelist)
        self.assertIn("needs the price lists", result["warning"]["message"])
        # a client that sends it anyway: the server keeps the feature on
        self.Settings.create({"group_product_pricelist": False}).execute()
        self.assertTrue(self._feature_on())
        self.assertTrue(self.tariff.active)
        # without a tariff the feature may be turned off (Odoo's behaviour)
        self.Settings.create({"agency_tariff_pricelist_id": False, "group_product_pricelist": False}).execute()
        self.assertFalse(self._feature_on())


@tagged("post_install", "-at_install", "agency_logic")
class TestSalesDocumentsGreeting(AgencyCommon):
    """The covering email greets a company by its name and a person as
    before."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.template = cls.env.ref("crm_agency_sales.mail_template_agency_sales_documents")

    def _greeting(self, **values):
        lead = self._create_lead(contact_origin="warm", **values)
        body = self.template._render_field("body_html", lead.ids)[lead.id]
        lines = [line.strip() for line in html2plaintext(body).split("\n") if line.strip()]
        return lines[0]

    def test_company_greeted_by_name(self):
        bakery = self.env["res.partner"].create({"name": "Behnam Bakery", "is_company": True})
        self.assertEqual(self._greeting(partner_id=bakery.id), "Dear Behnam Bakery team,")
        # a lead without customer, with only the company name
        self.assertEqual(
            self._greeting(partner_id=False, partner_name="Behnam Bakery", email_from="b@example.com"),
            "Dear Behnam Bakery team,",
        )

    def test_person_greeted_as_before(self):
        madam = self.env.ref("base.res_partner_title_madam")
        person = self.env["res.partner"].create({"name": "Shirin Ahmadi", "title": madam.id})
        self.assertEqual(
            self._greeting(partner_id=person.id), "Dear %s Shirin Ahmadi" % (madam.shortcut or madam.name)
        )
        untitled = self.env["res.partner"].create({"name": "Nima Rahimi"})
        self.assertEqual(self._greeting(partner_id=untitled.id), "Dear Ms./Mr. Nima Rahimi")
        # the contact person of a company is greeted as a person
        bakery = self.env["res.partner"].create({"name": "Behnam Bakery", "is_company": True})
        self.assertEqual(
            self._greeting(partner_id=bakery.id, contact_name="Reza Behnam"), "Dear Ms./Mr. Reza Behnam"
        )
