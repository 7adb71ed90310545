# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from dateutil.relativedelta import relativedelta
import jdatetime

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

PERIOD_TYPES = [("month", "Month"), ("quarter", "Quarter"), ("year", "Year"), ("custom", "Custom")]
CUSTOMER_TYPES = [("b2b", "Companies (B2B)"), ("b2c", "People (B2C)")]


def period_bounds(period_type, calendar, day):
    """First and last day of the month, quarter or year holding ``day``, in
    the Gregorian or the Jalali (Solar Hijri) calendar."""
    if calendar == "jalali":
        jday = jdatetime.date.fromgregorian(date=day)
        if period_type == "month":
            first_month, months = jday.month, 1
        elif period_type == "quarter":
            first_month, months = (jday.month - 1) // 3 * 3 + 1, 3
        else:
            first_month, months = 1, 12
        start = jdatetime.date(jday.year, first_month, 1)
        end_month = first_month + months
        end_year = jday.year + (end_month - 1) // 12
        end_month = (end_month - 1) % 12 + 1
        following = jdatetime.date(end_year, end_month, 1)
        return start.togregorian(), following.togregorian() - relativedelta(days=1)
    if period_type == "month":
        start = day.replace(day=1)
        return start, start + relativedelta(months=1, days=-1)
    if period_type == "quarter":
        start = day.replace(month=(day.month - 1) // 3 * 3 + 1, day=1)
        return start, start + relativedelta(months=3, days=-1)
    start = day.replace(month=1, day=1)
    return start, start + relativedelta(years=1, days=-1)


def actual_sales_query(target_ids=None):
    """Confirmed sales (untaxed, in the company's currency) matching each
    target: orders in state ``sale`` of the target's company dated in its
    period, and the dimensions the target sets (salesperson, team, product
    category and its children, customer type, customer's region)."""
    return SQL(
        """
        SELECT t.id AS target_id,
               COALESCE(SUM(l.price_subtotal
                            / CASE COALESCE(o.currency_rate, 0) WHEN 0 THEN 1.0 ELSE o.currency_rate END),
                        0) AS actual_amount
          FROM crm_sales_target t
          LEFT JOIN product_category tc ON tc.id = t.product_categ_id
          LEFT JOIN sale_order o
                 ON o.state = 'sale'
                AND o.company_id = t.company_id
                AND o.date_order >= t.date_from
                AND o.date_order < t.date_to + 1
                AND (t.user_id IS NULL OR o.user_id = t.user_id)
                AND (t.team_id IS NULL OR o.team_id = t.team_id)
          LEFT JOIN res_partner p ON p.id = o.partner_id
          LEFT JOIN res_partner cp ON cp.id = COALESCE(p.commercial_partner_id, p.id)
          LEFT JOIN sale_order_line l
                 ON l.order_id = o.id
                AND l.display_type IS NULL
                AND (t.customer_type IS NULL OR (t.customer_type = 'b2b') = COALESCE(cp.is_company, FALSE))
                AND (t.state_id IS NULL OR COALESCE(p.state_id, cp.state_id) = t.state_id)
                AND (t.product_categ_id IS NULL OR EXISTS (
                        SELECT 1
                          FROM product_product pp
                          JOIN product_template pt ON pt.id = pp.product_tmpl_id
                          JOIN product_category pc ON pc.id = pt.categ_id
                         WHERE pp.id = l.product_id
                           AND starts_with(pc.parent_path, tc.parent_path)))
         WHERE %s
         GROUP BY t.id
        """,
        SQL("t.id IN %s", tuple(target_ids) or (0,)) if target_ids is not None else SQL("TRUE"),
    )


class CrmSalesTarget(models.Model):
    """A sales plan line: the amount to sell in a period, for a salesperson
    or a team (or the whole company), optionally for a product category, a
    customer type and a region. The actual confirmed sales and the
    achievement are computed."""

    _name = "crm.sales.target"
    _description = "Sales Plan"
    _order = "date_from desc, user_id, team_id, id"
    _check_company_auto = True

    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    period_type = fields.Selection(PERIOD_TYPES, string="Period", required=True, default="month")
    period_calendar = fields.Selection(
        [("gregorian", "Gregorian"), ("jalali", "Jalali (Solar Hijri)")],
        string="Calendar",
        required=True,
        default=lambda self: self._default_period_calendar(),
        help="The calendar of the months, quarters and years: Jalali for a "
        "Persian company.",
    )
    period_date = fields.Date(
        string="Period Of", default=fields.Date.context_today,
        help="Any day of the month, quarter or year of the plan.",
    )
    date_from = fields.Date(
        string="From", required=True, compute="_compute_dates", store=True, readonly=False,
        precompute=True, index=True,
    )
    date_to = fields.Date(
        string="To", required=True, compute="_compute_dates", store=True, readonly=False,
        precompute=True,
    )
    user_id = fields.Many2one(
        "res.users", string="Salesperson", index=True, check_company=True,
        domain="[('share', '=', False)]",
    )
    team_id = fields.Many2one("crm.team", string="Sales Team", index=True, check_company=True)
    product_categ_id = fields.Many2one("product.category", string="Product Category")
    customer_type = fields.Selection(CUSTOMER_TYPES)
    state_id = fields.Many2one("res.country.state", string="Region")
    target_amount = fields.Monetary(string="Target", currency_field="currency_id", required=True)
    actual_amount = fields.Monetary(
        string="Actual", currency_field="currency_id", compute="_compute_actual",
        help="Confirmed sales (untaxed) of the period matching the plan's "
        "salesperson, team, product category, customer type and region.",
    )
    achievement = fields.Float(
        string="Achievement (%)", compute="_compute_actual", digits=(16, 1),
    )
    note = fields.Char()

    @api.model
    def _default_period_calendar(self):
        company = self.env.company
        persian = company.country_id.code == "IR" or (company.partner_id.lang or "").startswith("fa")
        return "jalali" if persian else "gregorian"

    @api.depends("period_type", "period_calendar", "period_date")
    def _compute_dates(self):
        for target in self:
            if target.period_type == "custom" or not target.period_date:
                if not target.date_from:
                    target.date_from = target.period_date or fields.Date.context_today(target)
                if not target.date_to:
                    target.date_to = target.date_from
                continue
            target.date_from, target.date_to = period_bounds(
                target.period_type, target.period_calendar, target.period_date
            )

    @api.depends(
        "date_from", "date_to", "company_id", "user_id", "team_id", "product_categ_id",
        "customer_type", "state_id", "target_amount",
    )
    @api.depends_context("uid")
    def _compute_actual(self):
        saved = self.filtered(lambda t: isinstance(t.id, int))
        actuals = {}
        if saved:
            self.env["sale.order"].flush_model(
                ["state", "company_id", "date_order", "user_id", "team_id", "partner_id", "currency_rate"]
            )
            self.env["sale.order.line"].flush_model(["order_id", "display_type", "price_subtotal", "product_id"])
            self.flush_recordset()
            # One query for every target: the actual is the company's
            # confirmed sales figure, read without the reader's record rules
            # on orders (the plan's own rules decide who reads it).
            self.env.cr.execute(actual_sales_query(saved.ids))
            actuals = dict(self.env.cr.fetchall())
        for target in self:
            actual = actuals.get(target.id, 0.0) if isinstance(target.id, int) else 0.0
            target.actual_amount = actual
            target.achievement = 100.0 * actual / target.target_amount if target.target_amount else 0.0

    @api.depends("user_id", "team_id", "date_from", "date_to")
    def _compute_display_name(self):
        for target in self:
            who = target.user_id.name or target.team_id.name or target.company_id.name or ""
            target.display_name = "%s: %s - %s" % (who, target.date_from or "", target.date_to or "")

    @api.constrains("date_from", "date_to", "target_amount")
    def _check_period_amount(self):
        for target in self:
            if target.date_from and target.date_to and target.date_from > target.date_to:
                raise ValidationError(self.env._(
                    "The plan %(plan)s ends before it starts.", plan=target.display_name
                ))
            if target.target_amount < 0:
                raise ValidationError(self.env._(
                    "The target of the plan %(plan)s cannot be negative.", plan=target.display_name
                ))
