# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models
from odoo.tools import SQL

from ..models.crm_sales_target import CUSTOMER_TYPES, actual_sales_query


class CrmSalesTargetReport(models.Model):
    """Sales plans against actual, for the pivot and graph views: one row
    per plan line with its target, its actual confirmed sales and the
    achievement (its average over the grouped lines)."""

    _name = "crm.sales.target.report"
    _description = "Sales Plans against Actual"
    _auto = False
    _rec_name = "target_id"
    _order = "date_from desc, id"
    _depends = {
        "crm.sales.target": [
            "company_id", "date_from", "date_to", "user_id", "team_id", "product_categ_id",
            "customer_type", "state_id", "target_amount",
        ],
        "sale.order": ["state", "company_id", "date_order", "user_id", "team_id", "partner_id", "currency_rate"],
        "sale.order.line": ["order_id", "display_type", "price_subtotal", "product_id"],
    }

    target_id = fields.Many2one("crm.sales.target", string="Sales Plan", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    date_from = fields.Date(string="From", readonly=True)
    date_to = fields.Date(string="To", readonly=True)
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    team_id = fields.Many2one("crm.team", string="Sales Team", readonly=True)
    product_categ_id = fields.Many2one("product.category", string="Product Category", readonly=True)
    customer_type = fields.Selection(CUSTOMER_TYPES, readonly=True)
    state_id = fields.Many2one("res.country.state", string="Region", readonly=True)
    target_amount = fields.Float(string="Target", readonly=True, aggregator="sum")
    actual_amount = fields.Float(string="Actual", readonly=True, aggregator="sum")
    achievement = fields.Float(string="Achievement (%)", readonly=True, aggregator="avg")

    @property
    def _table_query(self):
        return SQL(
            """
            SELECT t.id,
                   t.id AS target_id,
                   t.company_id,
                   t.date_from,
                   t.date_to,
                   t.user_id,
                   t.team_id,
                   t.product_categ_id,
                   t.customer_type,
                   t.state_id,
                   t.target_amount,
                   a.actual_amount,
                   CASE WHEN COALESCE(t.target_amount, 0) = 0 THEN 0
                        ELSE 100.0 * a.actual_amount / t.target_amount END AS achievement
              FROM crm_sales_target t
              JOIN (%s) a ON a.target_id = t.id
            """,
            actual_sales_query(),
        )
