# Copyright 2026 crm_agency_sales authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Agency Sales Process",
    "summary": "A digital-marketing agency's sales process in CRM and Sales: "
    "knowledge and needs forms, sales documents, approved quotations, "
    "objections, contract requests, signing and the legal archive.",
    "version": "18.0.1.0.0",
    "category": "Sales/CRM",
    "website": "https://github.com/crm-agency-sales/crm_agency_sales",
    "author": "crm_agency_sales authors",
    "license": "LGPL-3",
    "application": False,
    "installable": True,
    "depends": [
        "crm",
        "sale_crm",
        "sale_management",
        "calendar",
        "mail",
    ],
    "external_dependencies": {
        "python": ["num2words", "xlsxwriter", "python-dateutil", "jdatetime"],
    },
    "data": [
        "security/crm_agency_sales_security.xml",
        "security/ir.model.access.csv",
        "security/crm_objection_security.xml",
        "data/ir_sequence_data.xml",
        "data/crm_stage_data.xml",
        "data/crm_objection_reason_data.xml",
        "data/ir_cron_data.xml",
        "data/mail_activity_type_data.xml",
        "views/crm_stage_views.xml",
        "views/mail_activity_plan_views.xml",
        "views/crm_lead_views.xml",
        "views/res_config_settings_views.xml",
        "views/sale_order_views.xml",
        "views/sale_portal_templates.xml",
        "wizards/sale_order_reject_wizard_views.xml",
        "views/crm_agency_sales_menus.xml",
        "views/crm_objection_views.xml",
        "views/crm_objection_reason_views.xml",
        "wizards/crm_objection_wizard_views.xml",
        "wizards/crm_lead_lost_views.xml",
    ],
    "demo": [
        "demo/product_demo.xml",
        "demo/crm_team_demo.xml",
        "demo/crm_lead_demo.xml",
        "demo/crm_objection_demo.xml",
        "demo/sale_approval_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "crm_agency_sales/static/tests/tours/agency_quotation_approval_tour.js",
        ],
    },
}
