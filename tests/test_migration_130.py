# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import importlib.util

from odoo.tests import TransactionCase, tagged
from odoo.tools import file_path


@tagged("post_install", "-at_install")
class TestMigration130(TransactionCase):
    """18.0.1.3.0 renames the legal-archive button's method in stored views,
    keeps the inheriting views under their new xml ids and deletes the
    extensions merged into one view per parent."""

    def _migrate(self):
        path = file_path("crm_agency_sales/migrations/18.0.1.3.0/pre-migrate.py")
        spec = importlib.util.spec_from_file_location("agency_pre_migrate_130", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        self.env.flush_all()
        module.migrate(self.env.cr, "18.0.1.2.0")
        self.env.registry.clear_cache()
        self.env.invalidate_all()

    def test_views_migrated(self):
        kanban = self.env.ref("crm_agency_sales.crm_lead_view_kanban")
        form = self.env.ref("crm_agency_sales.sale_order_view_form")
        # stand for a database of 18.0.1.2.0: the kanban's old xml id, a
        # merged extension of the sale order form, a stored view that calls
        # the old method name (written in SQL: the ORM would refuse it)
        self.env.cr.execute(
            "UPDATE ir_model_data SET name = 'crm_lead_view_kanban_agency_overview' "
            "WHERE module = 'crm_agency_sales' AND name = 'crm_lead_view_kanban'"
        )
        merged = form.copy({"inherit_id": form.inherit_id.id})
        self.env["ir.model.data"].create({
            "module": "crm_agency_sales", "name": "sale_order_view_form_customer_decision",
            "model": "ir.ui.view", "res_id": merged.id,
        })
        archive_form = self.env.ref("crm_agency_sales.crm_contract_request_view_form_legal_archive")
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE ir_ui_view SET arch_db = replace(arch_db::text, 'action_register_legal_archive', "
            "'action_archive_contract')::jsonb WHERE id = %s",
            (archive_form.id,),
        )
        self.env.invalidate_all()
        self.assertIn("action_archive_contract", archive_form.arch_db)

        self._migrate()

        self.assertEqual(self.env.ref("crm_agency_sales.crm_lead_view_kanban"), kanban)
        self.assertFalse(self.env.ref(
            "crm_agency_sales.crm_lead_view_kanban_agency_overview", raise_if_not_found=False))
        self.assertFalse(merged.exists())
        self.assertFalse(self.env.ref(
            "crm_agency_sales.sale_order_view_form_customer_decision", raise_if_not_found=False))
        self.assertNotIn("action_archive_contract", archive_form.arch_db)
        self.assertIn("action_register_legal_archive", archive_form.arch_db)
