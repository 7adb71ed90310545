# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date

from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged

from ..tools.internal import internal_context


@tagged("post_install", "-at_install", "agency_tour")
class TestContractRequestTour(HttpCase):

    def test_contract_request_tour(self):
        user = new_test_user(
            self.env, login="tour_contract_sales", name="Tara Tour",
            groups="sales_team.group_sale_salesman",
        )
        customer = self.env["res.partner"].create({
            "name": "Setareh Cosmetics",
            "is_company": True,
            "street": "12 Vali-Asr Ave",
            "city": "Tehran",
            "phone": "+982188776655",
            "company_registry": "123456",
            "child_ids": [Command.create({"name": "Reza Rahimi", "function": "CEO"})],
        })
        lead = self.env["crm.lead"].with_context(**internal_context("agency_skip_stage_gates")).create({
            "name": "Website for Setareh",
            "type": "opportunity",
            "user_id": user.id,
            "partner_id": customer.id,
            "team_id": self.env.ref("crm_agency_sales.crm_team_agency").id,
            "stage_id": self.env.ref("crm_agency_sales.stage_agency_contract").id,
        })
        product = self.env["product.product"].create({
            "name": "Website design", "type": "service", "list_price": 1000.0,
        })
        order = self.env["sale.order"].create({
            "partner_id": customer.id,
            "user_id": user.id,
            "opportunity_id": lead.id,
            "order_line": [Command.create({
                "product_id": product.id, "product_uom_qty": 10, "price_unit": 1000.0,
                "tax_id": [Command.clear()],
            })],
        })
        self.start_tour(f"/odoo/crm/{lead.id}", "agency_contract_request_tour", login=user.login)
        request = self.env["crm.contract.request"].search([("order_id", "=", order.id)])
        self.assertEqual(len(request), 1)
        self.assertEqual(request.state, "draft")
        self.assertEqual(request.legal_name, "Setareh Cosmetics Co.")
        self.assertEqual(request.subject, "Website design and hosting")
        self.assertEqual(request.date_start, date(2030, 1, 1))
        self.assertEqual(request.date_end, date(2030, 12, 31))
        self.assertEqual(request.signatory_ids.mapped("name"), ["Reza Rahimi"])
        self.assertEqual(request.amount, 10000.0)
        self.assertEqual(request.user_id, user)
