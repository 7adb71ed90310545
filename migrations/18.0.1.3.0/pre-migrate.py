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

The three wizards renamed without the word "wizard" (transient models) need
nothing: Odoo drops the old models and their tables at the end of the update.
"""

RENAMED_VIEWS = {
    "crm_lead_view_kanban_agency_overview": "crm_lead_view_kanban",
    "crm_lead_view_list": "crm_lead_view_list_opportunity",
    "crm_lead_view_search": "crm_lead_view_search_opportunity",
}
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
