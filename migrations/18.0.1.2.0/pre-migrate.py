# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""18.0.1.2.0: the demo records' xml ids end in ``_demo`` (OCA's convention).
Rename them in a database that has the demo data, before the demo files are
loaded again: otherwise the update would create every demo record a second
time (and fail on the demo users' logins, which are unique)."""

# xml ids of the demo records before 18.0.1.2.0
OLD_DEMO_IDS = (
    "assessment_q_ads_channel", "assessment_q_ads_goal", "assessment_q_ads_months",
    "assessment_q_brd_logo", "assessment_q_brd_package", "assessment_q_brd_values",
    "assessment_q_knowledge_budget", "assessment_q_knowledge_business",
    "assessment_q_knowledge_contact", "assessment_q_knowledge_decision",
    "assessment_q_knowledge_goals", "assessment_q_knowledge_news",
    "assessment_q_knowledge_worries", "assessment_q_seo_keywords",
    "assessment_q_seo_market", "assessment_q_seo_months", "assessment_q_seo_website",
    "assessment_q_smm_content", "assessment_q_smm_followers",
    "assessment_q_smm_months", "assessment_q_smm_networks", "assessment_q_web_design",
    "assessment_q_web_existing", "assessment_q_web_kind", "assessment_q_web_languages",
    "assessment_q_web_pages", "assessment_template_advertising",
    "assessment_template_branding", "assessment_template_knowledge",
    "assessment_template_seo", "assessment_template_social_media",
    "assessment_template_website", "crm_contract_request_demo_baikal",
    "crm_contract_request_demo_hafez", "crm_lead_demo_01", "crm_lead_demo_02",
    "crm_lead_demo_03", "crm_lead_demo_04", "crm_lead_demo_05", "crm_lead_demo_06",
    "crm_lead_demo_07", "crm_lead_demo_08", "crm_lead_demo_09", "crm_lead_demo_10",
    "crm_lead_demo_11", "crm_lead_demo_story_baikal", "crm_lead_demo_story_hafez",
    "crm_lead_demo_story_tandis", "crm_objection_demo_07_1", "crm_objection_demo_07_2",
    "crm_objection_demo_10_1", "crm_objection_demo_10_2", "crm_objection_demo_10_3",
    "crm_objection_demo_story_tandis", "demo_sales_doc_catalogue",
    "demo_sales_doc_portfolio", "demo_sales_doc_resume",
    "needs_assessment_demo_branding_05", "needs_assessment_demo_knowledge_03",
    "needs_assessment_demo_knowledge_06", "needs_assessment_demo_website_06",
    "pricelist_agency_tariff", "pricelist_agency_tariff_ads",
    "pricelist_agency_tariff_all", "pricelist_agency_tariff_seo",
    "pricelist_agency_tariff_seo_6m", "pricelist_agency_tariff_social",
    "product_category_agency_services", "product_service_advertising",
    "product_service_branding", "product_service_seo", "product_service_social_media",
    "product_service_website", "res_partner_demo_baikal", "res_partner_demo_hafez",
    "res_partner_demo_kaveh_steel", "res_partner_demo_tandis",
    "sale_order_demo_approval", "sale_order_demo_story_baikal",
    "sale_order_demo_story_hafez", "sale_order_demo_story_tandis",
    "sale_order_line_demo_approval_seo", "sale_order_line_demo_approval_web",
    "user_demo_finance", "user_demo_project_control", "user_demo_salesperson",
    "user_demo_salesperson2", "user_demo_salesperson_fa",
)


def new_demo_id(name):
    """``crm_lead_demo_08`` -> ``crm_lead_08_demo``, ``demo_sales_doc_resume``
    -> ``sales_doc_resume_demo``, ``product_service_seo`` ->
    ``product_service_seo_demo``."""
    if name.startswith("demo_"):
        return name[len("demo_"):] + "_demo"
    if "_demo_" in name:
        return name.replace("_demo_", "_", 1) + "_demo"
    return name + "_demo"


# xml ids Odoo gives the parent record of an _inherits model (a user's
# partner, a product's template): "<xml id>_<parent table>"
PARENT_SUFFIXES = ("", "_res_partner", "_product_template")


def migrate(cr, version):
    if not version:
        return
    for old, suffix in ((name, suffix) for name in OLD_DEMO_IDS for suffix in PARENT_SUFFIXES):
        name, new = old + suffix, new_demo_id(old) + suffix
        cr.execute(
            """
            UPDATE ir_model_data SET name = %s
             WHERE module = 'crm_agency_sales' AND name = %s
               AND NOT EXISTS (SELECT 1 FROM ir_model_data
                                WHERE module = 'crm_agency_sales' AND name = %s)
            """,
            (new, name, new),
        )
