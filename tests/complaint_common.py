# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import Command, fields

from .common import AgencyCommon


class ComplaintCommon(AgencyCommon):
    """The customer's salesperson is ``user_sales``; ``user_sales_2`` is a
    colleague who can be made the expert in charge; the team's leader is
    ``user_manager``. A portal user is a contact of the customer."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer.user_id = cls.user_sales
        cls.category = cls.env.ref("crm_agency_sales.crm_complaint_category_delay")
        # the fixture's portal user, as a contact of the customer
        cls.contact = cls.user_portal.partner_id
        cls.contact.write({
            "name": "Ms Ahmadi", "parent_id": cls.customer.id, "email": "ahmadi@setareh.example.com",
        })
        cls.other_customer = cls.env["res.partner"].create({
            "name": "Other Customer", "is_company": True, "email": "other@customer.example.com",
        })
        cls.product_service = cls.env["product.product"].create({
            "name": "SEO audit", "type": "service", "list_price": 500.0, "taxes_id": [Command.clear()],
        })

    @classmethod
    def _confirmed_order(cls, partner, user=None):
        order = cls.env["sale.order"].create({
            "partner_id": partner.id,
            "user_id": (user or cls.user_sales).id,
            "team_id": cls.team.id,
            "order_line": [Command.create({
                "product_id": cls.product_service.id, "product_uom_qty": 1, "price_unit": 500.0,
                "tax_id": [Command.clear()],
            })],
        })
        order.action_confirm()
        return order

    def _complaint(self, user=None, **values):
        vals = {
            "partner_id": self.customer.id,
            "category_id": self.category.id,
            "description": "The campaign started two weeks late.",
            "severity": "medium",
            "channel": "phone",
        }
        vals.update(values)
        return self.env["crm.complaint"].with_user(user or self.user_sales).create(vals)

    def _resolve(self, complaint, user, root_cause="The designer was ill and nobody replaced him.",
                 confirmed=True, confirmed_by="Ms Ahmadi"):
        wizard = self.env["crm.complaint.resolve"].with_user(user).create({
            "complaint_id": complaint.id,
            "root_cause": root_cause,
            "resolution": "Two free weeks of campaign.",
            "customer_confirmed": confirmed,
            "confirmed_by": confirmed_by,
        })
        return wizard.action_confirm()

    def _reject(self, complaint, user, reason="The delay was asked by the customer."):
        wizard = self.env["crm.complaint.reject"].with_user(user).create({
            "complaint_id": complaint.id, "reason": reason,
        })
        return wizard.action_confirm()

    def _make_overdue(self, complaints, hours=1):
        """Move the deadline of ``complaints`` into the past."""
        complaints.with_user(self.user_manager).write({
            "deadline": fields.Datetime.now() - timedelta(hours=hours),
        })
