# Copyright 2026 crm_agency_sales authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Agency Sales Process",
    "summary": "A digital-marketing agency's sales process in CRM and Sales: "
    "knowledge and needs forms, sales documents, approved quotations, "
    "objections, contract requests, signing and the legal archive.",
    "version": "18.0.1.2.0",
    "category": "Sales/CRM",
    "website": "https://github.com/crm-agency-sales/crm_agency_sales",
    "author": "crm_agency_sales authors",
    "license": "LGPL-3",
    "application": False,
    "installable": True,
    "depends": [
        "crm",
        "sale_crm",
        # sale_management is used: its optional products (sale.order.option,
        # models/sale_order_option.py: changing the options offered withdraws
        # the quotation's approval) and its customer-portal controller
        # (controllers/portal.py: the portal refuses quotations not approved).
        "sale_management",
        "calendar",
        "mail",
    ],
    "external_dependencies": {
        # Odoo 18 checks the version specifiers at install
        # (odoo.modules.module.check_python_external_dependency): num2words
        # before 0.5.12 has no Persian (the contract's amount in words).
        # Each is imported by the addon (see requirements.txt).
        "python": ["num2words>=0.5.12", "xlsxwriter", "python-dateutil", "jdatetime"],
    },
    "data": [
        "security/crm_agency_sales_security.xml",
        "security/ir.model.access.csv",
        "security/crm_needs_assessment_security.xml",
        "data/ir_sequence_data.xml",
        "data/crm_stage_data.xml",
        "data/mail_template_data.xml",
        "data/mail_template_contract_data.xml",
        "security/legal_archive_security.xml",
        "security/crm_contract_request_security.xml",
        "data/mail_activity_type_data_contract.xml",
        "data/ir_cron_data_contract.xml",
        "security/crm_objection_security.xml",
        "security/crm_agency_report_security.xml",
        "data/crm_objection_reason_data.xml",
        "data/ir_cron_data.xml",
        "data/mail_activity_type_data.xml",
        "views/crm_stage_views.xml",
        "views/crm_team_views.xml",
        "views/mail_activity_plan_views.xml",
        "views/crm_assessment_template_views.xml",
        "views/crm_needs_assessment_views.xml",
        "views/crm_lead_views.xml",
        "views/res_partner_views.xml",
        "views/res_users_views.xml",
        "data/ir_exports_data.xml",
        "views/res_config_settings_views.xml",
        "views/crm_contract_request_views.xml",
        "wizards/crm_contract_request_cancel_views.xml",
        "wizards/crm_contract_request_mark_sent_views.xml",
        "wizards/crm_contract_request_wizard_views.xml",
        "views/sale_order_views.xml",
        "views/crm_agency_overview_views.xml",
        "views/crm_agency_sales_menus.xml",
        "report/crm_needs_assessment_report.xml",
        "views/legal_archive_views.xml",
        "report/contract_report.xml",
        "report/contract_report_templates.xml",
        "views/sale_portal_templates.xml",
        "wizards/sale_order_reject_wizard_views.xml",
        "views/crm_objection_views.xml",
        "views/crm_objection_reason_views.xml",
        "wizards/crm_objection_wizard_views.xml",
        "wizards/crm_lead_lost_views.xml",
        "report/crm_agency_process_report_views.xml",
        "views/crm_lead_jalali_views.xml",
        "wizards/crm_agency_workbook_wizard_views.xml",
        "views/crm_sales_target_views.xml",
        "views/crm_agency_followup_views.xml",
    ],
    "demo": [
        "demo/res_lang_demo.xml",
        "demo/product_demo.xml",
        "demo/crm_assessment_demo.xml",
        "demo/crm_team_demo.xml",
        "demo/sales_documents_demo.xml",
        "demo/crm_lead_demo.xml",
        "demo/crm_needs_assessment_demo.xml",
        "demo/crm_objection_demo.xml",
        "demo/sale_approval_demo.xml",
        "demo/crm_process_story_demo.xml",
    ],
    "assets": {
        "web.assets_backend": [
            "crm_agency_sales/static/src/js/agency_optional_float.js",
            # Jalali dates for the users who have them (see jalali_dates.js).
            "crm_agency_sales/static/src/jalali/*.js",
        ],
        "web.assets_tests": [
            "crm_agency_sales/static/tests/tours/agency_sales_documents_tour.js",
            "crm_agency_sales/static/tests/tours/agency_contract_request_tour.js",
            "crm_agency_sales/static/tests/tours/agency_quotation_approval_tour.js",
            "crm_agency_sales/static/tests/tours/agency_role_tours.js",
            "crm_agency_sales/static/tests/tours/agency_lead_buttons_tour.js",
            "crm_agency_sales/static/tests/tours/agency_jalali_tour.js",
        ],
        "web.assets_unit_tests": [
            "crm_agency_sales/static/tests/jalali/**/*",
        ],
    },
}
