# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The one fixture of the addon's tests.

``AgencyCommon`` builds on Odoo's ``TestSalesCommon`` (sales_team): its sales
team and users stay (``user_sales_manager``, ``user_sales_leads``,
``user_sales_salesman``, ``sales_team_1``) and are the stock side of the
database; the agency's own roles are added next to them under their own
names, one user per role from ``ROLES``, each with the groups of that role
only. ``contract_common.py``, ``assessment_common.py`` and ``rpc_common.py``
build on it.

Acting as a role: ``@users("agency_sales", ...)`` (odoo.tests.users) when a
test acts as one role throughout, or runs the same checks for several
roles (``self.env`` is that user's); ``record.with_user(user)`` when a test
plays several roles in turn (a flow), which reads better there.

Tags: every test class is ``@tagged("post_install", "-at_install", KIND)``,
KIND being one of

- ``agency_logic``: rules through the ORM (the default kind);
- ``agency_rpc``: rules driven over ``/jsonrpc`` as each role
  (``AgencyRpcMixin``; ``make test`` counts its ``test_rpc_*`` methods);
- ``agency_tour``: the web client in a browser (tours, JS unit tests);
- ``agency_pdf``: reports rendered to PDF by wkhtmltopdf, the CSS served by
  the test's HTTP server;
- ``agency_perf``: query counts, measured as the role that runs the
  operation (``assertQueryCount(agency_sales=...)``), never as the superuser;
- ``agency_race``: two real transactions at once (committed data);
- ``agency_screenshots``: screenshots for the documentation, with
  ``-standard`` (run only on demand: ``--test-tags=agency_screenshots``).

So ``--test-tags=/crm_agency_sales,-agency_tour`` skips the browser, and
``--test-tags=agency_rpc`` runs only the JSON-RPC cases.
"""
from odoo import Command
from odoo.tests import new_test_user

from odoo.addons.sales_team.tests.common import TestSalesCommon

from ..tools.internal import internal_context

# attribute, login, name, groups, e-mail, company ("main", "second" or None
# for new_test_user's default)
ROLES = [
    ("user_sales", "agency_sales", "Sara Salesperson",
     "sales_team.group_sale_salesman", "sara@example.com", "main"),
    ("user_sales_2", "agency_sales2", "Sam Salesperson",
     "sales_team.group_sale_salesman", "sam@example.com", None),
    ("user_manager", "agency_manager", "Mona Manager",
     "sales_team.group_sale_manager", "mona@example.com", None),
    ("user_finance", "agency_finance", "Farid Finance",
     "crm_agency_sales.group_agency_finance", "farid@example.com", None),
    ("user_project", "agency_project", "Parisa Project",
     "crm_agency_sales.group_agency_project_control", "parisa@example.com", None),
    ("user_employee", "agency_employee", "Elham Employee",
     "base.group_user", "elham@example.com", None),
    ("user_sales_c2", "agency_sales_c2", "Other Company Salesperson",
     "sales_team.group_sale_salesman", "other@example.com", "second"),
    ("user_portal", "agency_portal", "Shirin Setareh",
     "base.group_portal", "shirin@setareh.example.com", None),
]


class AgencyCommon(TestSalesCommon):
    """Ready users per role (``ROLES``), the agency pipeline and a customer.
    Gates are enforced for the main company."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=False))
        cls.company = cls.env.ref("base.main_company")
        cls.company.agency_enforce_stage_gates = True
        cls.company_2 = cls.env["res.company"].create({"name": "Second Agency"})
        companies = {"main": cls.company, "second": cls.company_2}
        for attribute, login, name, groups, email, company in ROLES:
            values = {}
            if company:
                values = {"company_id": companies[company].id,
                          "company_ids": [Command.set(companies[company].ids)]}
            setattr(cls, attribute, new_test_user(
                cls.env, login=login, name=name, groups=groups, email=email, **values,
            ))

        cls.team = cls.env.ref("crm_agency_sales.crm_team_agency")
        cls.team.write({
            "user_id": cls.user_manager.id,
            "member_ids": [Command.link(cls.user_sales.id), Command.link(cls.user_sales_2.id)],
        })
        Stage = cls.env["crm.stage"]
        cls.stages = {
            step: Stage.search([("process_step", "=", step), ("team_id", "=", cls.team.id)], limit=1)
            for step in ("new", "qualify", "docs_sent", "assessment", "quotation",
                         "negotiation", "contract", "won", "future")
        }
        cls.customer = cls.env["res.partner"].create({
            "name": "Setareh Cosmetics",
            "is_company": True,
            "email": "info@setareh.example.com",
            "mobile": "+989121234567",
        })

    @classmethod
    def _create_lead(cls, user=None, step="new", **values):
        vals = {
            "name": "Website for Setareh",
            "type": "opportunity",
            "team_id": cls.team.id,
            "user_id": (user or cls.user_sales).id,
            "partner_id": cls.customer.id,
            "stage_id": cls.stages[step].id,
        }
        vals.update(values)
        lead = cls.env["crm.lead"].with_context(**internal_context("agency_skip_stage_gates")).create(vals)
        # Return it without the context key, so the test's own moves are gated.
        return cls.env["crm.lead"].browse(lead.id)
