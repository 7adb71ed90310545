# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date, datetime

from odoo import Command
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from ..models.crm_sales_target import period_bounds
from .common import AgencyCommon
from .rpc_common import AgencyRpcMixin


class SalesTargetCommon(AgencyCommon):
    """Confirmed January 2026 sales, computed by hand in the tests:

    - O1 Sara, Tehran company, 10 Jan: web design 2 x 1000, ads 1 x 500
    - O2 Sara, Isfahan person, 20 Jan: web design 1 x 300
    - O3 Sam, Tehran company, 15 Jan: ads 1 x 700
    - O4 Sara, Tehran company, 5 Feb: web design 1 x 10000 (February)
    - O5 Sara, 12 Jan, a quotation never confirmed: 99999 (not a sale)
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Category = cls.env["product.category"]
        cls.categ_web = Category.create({"name": "Web"})
        cls.categ_design = Category.create({"name": "Design", "parent_id": cls.categ_web.id})
        cls.categ_ads = Category.create({"name": "Advertising"})
        Product = cls.env["product.product"]
        cls.web = Product.create({"name": "Web design", "type": "service", "categ_id": cls.categ_design.id})
        cls.ads = Product.create({"name": "Ads", "type": "service", "categ_id": cls.categ_ads.id})
        iran = cls.env.ref("base.ir")
        State = cls.env["res.country.state"]
        cls.tehran = State.create({"name": "Tehran (test)", "code": "TT1", "country_id": iran.id})
        cls.isfahan = State.create({"name": "Isfahan (test)", "code": "TT2", "country_id": iran.id})
        cls.company_customer = cls.env["res.partner"].create({
            "name": "Tehran Co", "is_company": True, "state_id": cls.tehran.id,
        })
        cls.contact = cls.env["res.partner"].create({
            "name": "Tehran Co buyer", "parent_id": cls.company_customer.id,
        })
        cls.person = cls.env["res.partner"].create({"name": "Isfahan person", "state_id": cls.isfahan.id})

        def order(user, partner, when, lines, state="sale"):
            so = cls.env["sale.order"].create({
                "partner_id": partner.id, "user_id": user.id, "team_id": cls.team.id,
                "order_line": [Command.create({
                    "product_id": product.id, "product_uom_qty": qty, "price_unit": price,
                    "tax_id": [Command.clear()],
                }) for product, qty, price in lines],
            })
            cls.env.flush_all()
            cls.env.cr.execute(
                "UPDATE sale_order SET state = %s, date_order = %s WHERE id = %s", [state, when, so.id]
            )
            return so

        cls.orders = (
            order(cls.user_sales, cls.contact, datetime(2026, 1, 10, 9), [(cls.web, 2, 1000), (cls.ads, 1, 500)])
            | order(cls.user_sales, cls.person, datetime(2026, 1, 20, 9), [(cls.web, 1, 300)])
            | order(cls.user_sales_2, cls.company_customer, datetime(2026, 1, 15, 9), [(cls.ads, 1, 700)])
            | order(cls.user_sales, cls.company_customer, datetime(2026, 2, 5, 9), [(cls.web, 1, 10000)])
            | order(cls.user_sales, cls.company_customer, datetime(2026, 1, 12, 9), [(cls.web, 1, 99999)],
                    state="draft")
        )
        cls.env.invalidate_all()
        cls.Target = cls.env["crm.sales.target"].with_user(cls.user_manager)

    @classmethod
    def _target(cls, amount=4000, **values):
        vals = {
            "period_type": "month", "period_calendar": "gregorian", "period_date": date(2026, 1, 14),
            "target_amount": amount,
        }
        vals.update(values)
        return cls.Target.create(vals)


@tagged("post_install", "-at_install", "agency_logic")
class TestSalesTarget(SalesTargetCommon):

    def test_period_helpers(self):
        day = date(2026, 2, 14)
        self.assertEqual(period_bounds("month", "gregorian", day), (date(2026, 2, 1), date(2026, 2, 28)))
        self.assertEqual(period_bounds("quarter", "gregorian", day), (date(2026, 1, 1), date(2026, 3, 31)))
        self.assertEqual(period_bounds("year", "gregorian", day), (date(2026, 1, 1), date(2026, 12, 31)))
        # Farvardin 1405 starts at Nowruz, 21 March 2026, and has 31 days
        self.assertEqual(period_bounds("month", "jalali", date(2026, 3, 25)),
                         (date(2026, 3, 21), date(2026, 4, 20)))
        # spring 1405: Farvardin, Ordibehesht, Khordad (3 x 31 days)
        self.assertEqual(period_bounds("quarter", "jalali", date(2026, 5, 1)),
                         (date(2026, 3, 21), date(2026, 6, 21)))
        # 1404 ends on the last day before Nowruz 1405
        self.assertEqual(period_bounds("year", "jalali", date(2026, 2, 14)),
                         (date(2025, 3, 21), date(2026, 3, 20)))
        # Esfand 1404 (the last month) ends on the same day
        self.assertEqual(period_bounds("month", "jalali", date(2026, 3, 1)),
                         (date(2026, 2, 20), date(2026, 3, 20)))

    def test_target_dates_from_period(self):
        target = self._target(period_type="quarter")
        self.assertEqual((target.date_from, target.date_to), (date(2026, 1, 1), date(2026, 3, 31)))
        target.write({"period_calendar": "jalali", "period_type": "month"})
        # 14 January 2026 is in Dey 1404: 22 December 2025 to 20 January 2026
        self.assertEqual((target.date_from, target.date_to), (date(2025, 12, 22), date(2026, 1, 20)))
        custom = self._target(period_type="custom", date_from=date(2026, 1, 5), date_to=date(2026, 1, 25))
        self.assertEqual((custom.date_from, custom.date_to), (date(2026, 1, 5), date(2026, 1, 25)))
        with self.assertRaises(ValidationError):
            self._target(period_type="custom", date_from=date(2026, 1, 25), date_to=date(2026, 1, 5))
        with self.assertRaises(ValidationError):
            self._target(amount=-1)

    def test_actual_and_achievement(self):
        targets = {
            "sara": self._target(user_id=self.user_sales.id),  # 2000 + 500 + 300
            "team": self._target(team_id=self.team.id),  # + 700
            "sara_web": self._target(user_id=self.user_sales.id, product_categ_id=self.categ_web.id),
            "b2b": self._target(team_id=self.team.id, customer_type="b2b"),  # 2500 + 700
            "b2c": self._target(team_id=self.team.id, customer_type="b2c"),  # 300
            "isfahan": self._target(team_id=self.team.id, state_id=self.isfahan.id),  # 300
            "tehran_ads": self._target(state_id=self.tehran.id, product_categ_id=self.categ_ads.id),  # 500 + 700
            "sara_feb": self._target(user_id=self.user_sales.id, period_date=date(2026, 2, 1)),  # 10000
            "company": self._target(),  # 3500
            "nothing": self._target(user_id=self.user_manager.id, amount=0),
        }
        expected = {
            "sara": 2800, "team": 3500, "sara_web": 2300, "b2b": 3200, "b2c": 300, "isfahan": 300,
            "tehran_ads": 1200, "sara_feb": 10000, "company": 3500, "nothing": 0,
        }
        self.env.invalidate_all()
        for key, target in targets.items():
            self.assertAlmostEqual(target.actual_amount, expected[key], msg=key)
        self.assertAlmostEqual(targets["sara"].achievement, 70.0)  # 2800 / 4000
        self.assertAlmostEqual(targets["sara_feb"].achievement, 250.0)
        self.assertEqual(targets["nothing"].achievement, 0)
        # the pivot: target, actual and achievement per salesperson
        Report = self.env["crm.sales.target.report"].with_user(self.user_manager)
        ids = [t.id for t in targets.values()]
        groups = {
            g["user_id"] and g["user_id"][0]: g
            for g in Report.read_group([("target_id", "in", ids)],
                                       ["target_amount:sum", "actual_amount:sum", "achievement:avg"],
                                       ["user_id"], lazy=False)
        }
        sara = groups[self.user_sales.id]
        self.assertEqual(sara["__count"], 3)
        self.assertAlmostEqual(sara["target_amount"], 12000)
        self.assertAlmostEqual(sara["actual_amount"], 2800 + 2300 + 10000)
        self.assertAlmostEqual(sara["achievement"], (70 + 57.5 + 250) / 3)

    def test_actual_batch_query_count(self):
        """The actual of many plans costs the same queries as of a few, as
        the salesperson who reads their plans."""
        def queries_for(count):
            targets = self.Target.browse()
            for _i in range(count):
                targets |= self._target(user_id=self.user_sales.id)
            self.env.flush_all()
            targets.invalidate_recordset()
            before = self.cr.sql_log_count
            targets.with_user(self.user_sales).mapped("actual_amount")
            return self.cr.sql_log_count - before

        queries_for(1)  # warm the caches
        self.assertEqual(queries_for(2), queries_for(20))

    def test_roles(self):
        mine = self._target(user_id=self.user_sales.id)
        sams = self._target(user_id=self.user_sales_2.id)
        team = self._target(team_id=self.team.id)
        # salespeople read their own lines only, and write none
        Target = self.env["crm.sales.target"]
        self.assertEqual(Target.with_user(self.user_sales).search([("id", "in", (mine | sams | team).ids)]), mine)
        self.assertAlmostEqual(mine.with_user(self.user_sales).actual_amount, 2800)
        with self.assertRaises(AccessError):
            sams.with_user(self.user_sales).read(["target_amount"])
        with self.assertRaises(AccessError):
            mine.with_user(self.user_sales).write({"target_amount": 1})
        with self.assertRaises(AccessError):
            Target.with_user(self.user_sales).create({"target_amount": 1, "user_id": self.user_sales.id})
        with self.assertRaises(AccessError):
            mine.with_user(self.user_sales).unlink()
        # the report follows the same rules
        Report = self.env["crm.sales.target.report"]
        self.assertEqual(
            Report.with_user(self.user_sales).search([("target_id", "in", (mine | sams | team).ids)]).target_id,
            mine,
        )
        # finance and employees: nothing
        for user in (self.user_finance, self.user_employee):
            with self.assertRaises(AccessError):
                Target.with_user(user).search([])
        # the manager edits; another company's users do not see the plans
        mine.with_user(self.user_manager).write({"target_amount": 5600})
        self.assertAlmostEqual(mine.achievement, 50.0)
        self.assertFalse(Target.with_user(self.user_sales_c2).search([("id", "in", (mine | sams | team).ids)]))

    def test_multi_company(self):
        other = self.Target.sudo().create({
            "company_id": self.company_2.id, "period_type": "month", "period_calendar": "gregorian",
            "period_date": date(2026, 1, 14), "target_amount": 100,
        })
        # the orders of the main company do not count for the second one
        self.assertEqual(other.actual_amount, 0)
        self.assertFalse(self.Target.search([("id", "=", other.id)]))


@tagged("post_install", "-at_install", "agency_rpc")
class TestSalesTargetRpc(AgencyRpcMixin, SalesTargetCommon):

    def test_rpc_salesperson_cannot_create_target(self):
        self.assertRpcRefused(
            self.user_sales, "crm.sales.target", "create",
            [{"target_amount": 1, "user_id": self.user_sales.id}], error="AccessError",
        )
        self.assertFalse(self.env["crm.sales.target"].search([("target_amount", "=", 1)]))

    def test_rpc_salesperson_cannot_change_own_target(self):
        mine = self._target(user_id=self.user_sales.id)
        self.assertRpcRefused(
            self.user_sales, "crm.sales.target", "write", mine.ids, {"target_amount": 1},
            records=mine, error="AccessError",
        )
        self.assertRpcRefused(
            self.user_sales, "crm.sales.target", "unlink", mine.ids, records=mine, error="AccessError",
        )

    def test_rpc_salesperson_reads_own_lines(self):
        mine = self._target(user_id=self.user_sales.id)
        sams = self._target(user_id=self.user_sales_2.id)
        rows = self.rpc(self.user_sales, "crm.sales.target", "search_read",
                        [("id", "in", (mine | sams).ids)], ["target_amount", "actual_amount", "achievement"])
        self.assertEqual([row["id"] for row in rows], mine.ids)
        self.assertAlmostEqual(rows[0]["actual_amount"], 2800)
        self.assertAlmostEqual(rows[0]["achievement"], 70.0)
        self.assertRpcRefused(
            self.user_sales, "crm.sales.target", "read", sams.ids, ["target_amount"], error="AccessError",
        )

    def test_rpc_manager_plans_and_reads_the_pivot(self):
        target_id = self.rpc(self.user_manager, "crm.sales.target", "create", [{
            "period_type": "month", "period_calendar": "gregorian", "period_date": "2026-01-14",
            "team_id": self.team.id, "target_amount": 7000,
        }])[0]
        target = self.env["crm.sales.target"].browse(target_id)
        self.assertEqual((target.date_from, target.date_to), (date(2026, 1, 1), date(2026, 1, 31)))
        groups = self.rpc(self.user_manager, "crm.sales.target.report", "read_group",
                          [("target_id", "=", target_id)], ["actual_amount:sum", "achievement:avg"], [])
        self.assertAlmostEqual(groups[0]["actual_amount"], 3500)
        self.assertAlmostEqual(groups[0]["achievement"], 50.0)

    def test_rpc_other_company_salesperson_sees_own_company_only(self):
        here = self._target(user_id=self.user_sales.id)
        there = self.env["crm.sales.target"].create({
            "company_id": self.company_2.id, "user_id": self.user_sales_c2.id, "period_type": "month",
            "period_calendar": "gregorian", "period_date": "2026-01-14", "target_amount": 100,
        })
        self.assertEqual(
            self.rpc(self.user_sales_c2, "crm.sales.target", "search", [("id", "in", (here | there).ids)]),
            there.ids,
        )
