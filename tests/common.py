# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command
from odoo.tests import TransactionCase, new_test_user

from ..tools.internal import internal_context


class AgencyCommon(TransactionCase):
    """Ready users per role, the agency pipeline and a customer, as in
    crm/tests/common.py. Gates are enforced for the main company."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=False))
        cls.company = cls.env.ref("base.main_company")
        cls.company.agency_enforce_stage_gates = True
        cls.company_2 = cls.env["res.company"].create({"name": "Second Agency"})

        cls.user_sales = new_test_user(
            cls.env, login="agency_sales", name="Sara Salesperson",
            groups="sales_team.group_sale_salesman", email="sara@example.com",
            company_id=cls.company.id, company_ids=[Command.set(cls.company.ids)],
        )
        cls.user_sales_2 = new_test_user(
            cls.env, login="agency_sales2", name="Sam Salesperson",
            groups="sales_team.group_sale_salesman", email="sam@example.com",
        )
        cls.user_manager = new_test_user(
            cls.env, login="agency_manager", name="Mona Manager",
            groups="sales_team.group_sale_manager", email="mona@example.com",
        )
        cls.user_finance = new_test_user(
            cls.env, login="agency_finance", name="Farid Finance",
            groups="crm_agency_sales.group_agency_finance", email="farid@example.com",
        )
        cls.user_project = new_test_user(
            cls.env, login="agency_project", name="Parisa Project",
            groups="crm_agency_sales.group_agency_project_control", email="parisa@example.com",
        )
        cls.user_employee = new_test_user(
            cls.env, login="agency_employee", name="Elham Employee",
            groups="base.group_user", email="elham@example.com",
        )
        cls.user_sales_c2 = new_test_user(
            cls.env, login="agency_sales_c2", name="Other Company Salesperson",
            groups="sales_team.group_sale_salesman", email="other@example.com",
            company_id=cls.company_2.id, company_ids=[Command.set(cls.company_2.ids)],
        )

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
