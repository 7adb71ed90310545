# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""18.0.1.3.0: names in Odoo's conventions.

Before the views are loaded again:
- the legal-archive button's method is ``action_register_legal_archive``
  (it was ``action_archive_contract``, which read like Odoo's archiving):
  the stored views that call it, the module's and any an admin derived from
  them, are rewritten, or reloading the contract request's form would fail
  on the old inheriting view;
- the inheriting views keep their records under their new xml ids, and the
  extensions now merged into one view per parent are deleted (the merged
  view adds the same elements).

The three wizards are renamed without the word "wizard"; Odoo removes the
old models at the end of the update but leaves their tables (they are no
longer in the registry): their tables hold only transient records and go.
"""

RENAMED_VIEWS = {
    "crm_lead_view_kanban_agency_overview": "crm_lead_view_kanban",
    "crm_lead_view_list": "crm_lead_view_list_opportunity",
    "crm_lead_view_search": "crm_lead_view_search_opportunity",
}
OLD_WIZARD_TABLES = (
    "crm_objection_wizard", "sale_order_reject_wizard",
    "sale_order_sale_order_reject_wizard_rel", "crm_agency_workbook_wizard",
    "crm_agency_workbook_wizard_crm_lead_rel",
)
MERGED_VIEWS = (
    "sale_order_view_form_customer_decision",
    "sale_order_view_form_contract_request",
    "sale_order_view_list_quotation_customer_decision",
)


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        """
        UPDATE ir_ui_view
           SET arch_db = replace(arch_db::text, 'action_archive_contract',
                                 'action_register_legal_archive')::jsonb
         WHERE arch_db::text LIKE '%%action_archive_contract%%'
        """
    )
    for old, new in RENAMED_VIEWS.items():
        cr.execute(
            """
            UPDATE ir_model_data SET name = %s
             WHERE module = 'crm_agency_sales' AND name = %s AND model = 'ir.ui.view'
               AND NOT EXISTS (SELECT 1 FROM ir_model_data
                                WHERE module = 'crm_agency_sales' AND name = %s)
            """,
            (new, old, new),
        )
    cr.execute(
        """
        DELETE FROM ir_ui_view
         WHERE id IN (SELECT res_id FROM ir_model_data
                       WHERE module = 'crm_agency_sales' AND model = 'ir.ui.view'
                         AND name IN %s)
        """,
        (MERGED_VIEWS,),
    )
    cr.execute(
        "DELETE FROM ir_model_data WHERE module = 'crm_agency_sales' AND model = 'ir.ui.view' AND name IN %s",
        (MERGED_VIEWS,),
    )
    for table in OLD_WIZARD_TABLES:
        # names from the constant above, never from input
        cr.execute('DROP TABLE IF EXISTS "%s" CASCADE' % table)  # pylint: disable=sql-injection
