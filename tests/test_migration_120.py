# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import importlib.util

from odoo.tests import TransactionCase, tagged
from odoo.tools import file_path


@tagged("post_install", "-at_install", "agency_logic")
class TestMigration120(TransactionCase):
    """18.0.1.2.0 renames the demo records' xml ids of a database installed
    with the demo data, so that the update does not create them again."""

    def _migrate(self):
        path = file_path("crm_agency_sales/migrations/18.0.1.2.0/pre-migrate.py")
        spec = importlib.util.spec_from_file_location("agency_pre_migrate_120", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        self.env.flush_all()
        module.migrate(self.env.cr, "18.0.1.1.0")
        self.env.registry.clear_cache()
        self.env.invalidate_all()

    def _old_xml_id(self, name, new_name, record):
        # a database with the demo data already has the new names: drop them
        # (rolled back with the test) to stand for a database of 18.0.1.1.0
        self.env.cr.execute(
            "DELETE FROM ir_model_data WHERE module = 'crm_agency_sales' AND name = %s",
            (new_name,),
        )
        self.env["ir.model.data"].create({
            "module": "crm_agency_sales", "name": name,
            "model": record._name, "res_id": record.id, "noupdate": True,
        })

    def test_demo_xml_ids_renamed(self):
        user = self.env["res.users"].with_context(no_reset_password=True).create({
            "name": "Old demo salesperson", "login": "old_demo_salesperson",
        })
        lead = self.env["crm.lead"].create({"name": "Old demo lead"})
        self._old_xml_id("user_demo_salesperson", "user_salesperson_demo", user)
        self._old_xml_id(
            "user_demo_salesperson_res_partner", "user_salesperson_demo_res_partner", user.partner_id
        )
        self._old_xml_id("crm_lead_demo_08", "crm_lead_08_demo", lead)
        self._migrate()
        self.assertEqual(self.env.ref("crm_agency_sales.user_salesperson_demo"), user)
        self.assertEqual(self.env.ref("crm_agency_sales.user_salesperson_demo_res_partner"), user.partner_id)
        self.assertEqual(self.env.ref("crm_agency_sales.crm_lead_08_demo"), lead)
        for old in ("user_demo_salesperson", "user_demo_salesperson_res_partner", "crm_lead_demo_08"):
            self.assertFalse(self.env.ref("crm_agency_sales.%s" % old, raise_if_not_found=False))
