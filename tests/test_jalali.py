# Copyright 2026 crm_agency_sales authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Jalali dates in the web client: the user's calendar preference, the flag
the web client reads from the session, the JavaScript unit tests of
static/tests/jalali/ (conversion, parsing, picker grids, leap years) and a
tour in which a Persian salesperson picks a Jalali day."""
import logging
import re
from datetime import date, datetime

from odoo import Command
from odoo.tests import HttpCase, tagged

from ..models.crm_lead_jalali import jalali_month_and_year
from .common import AgencyCommon
from .rpc_common import AgencyRpcMixin

_logger = logging.getLogger(__name__)


def _install_persian(env):
    lang = env["res.lang"].with_context(active_test=False).search([("code", "=", "fa_IR")])
    wizard = env["base.language.install"].create({"lang_ids": [Command.set(lang.ids)]})
    wizard.lang_install()


@tagged("post_install", "-at_install", "agency_rpc")
class TestJalaliPreference(AgencyRpcMixin, AgencyCommon):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        _install_persian(cls.env)

    def _session_flag(self, user):
        self.authenticate(user.login, user.login)
        return self.make_jsonrpc_request("/web/session/get_session_info")["agency_jalali"]

    def test_automatic_is_jalali_in_persian(self):
        self.assertEqual(self.user_sales.agency_calendar, "auto")
        self.assertFalse(self.user_sales._agency_uses_jalali())
        self.assertFalse(self._session_flag(self.user_sales))
        self.user_sales.lang = "fa_IR"
        self.assertTrue(self.user_sales._agency_uses_jalali())
        self.assertTrue(self._session_flag(self.user_sales))

    def test_explicit_choice_wins_over_language(self):
        self.user_sales.write({"lang": "fa_IR", "agency_calendar": "gregorian"})
        self.assertFalse(self._session_flag(self.user_sales))
        self.user_sales_2.write({"lang": "en_US", "agency_calendar": "jalali"})
        self.assertTrue(self._session_flag(self.user_sales_2))

    def test_rpc_user_sets_own_calendar(self):
        """Preferences: a salesperson reads and changes their own calendar."""
        self.rpc(self.user_sales, "res.users", "write", [self.user_sales.id],
                 {"agency_calendar": "jalali"})
        read = self.rpc(self.user_sales, "res.users", "read", [self.user_sales.id],
                        ["agency_calendar"])
        self.assertEqual(read[0]["agency_calendar"], "jalali")

    def test_rpc_user_cannot_set_another_users_calendar(self):
        self.assertRpcRefused(
            self.user_sales, "res.users", "write", [self.user_sales_2.id],
            {"agency_calendar": "jalali"}, records=self.user_sales_2,
            fnames=["agency_calendar"], error="AccessError",
        )

    def test_rpc_unknown_calendar_refused(self):
        self.assertRpcRefused(
            self.user_sales, "res.users", "write", [self.user_sales.id],
            {"agency_calendar": "lunar"}, records=self.user_sales,
            fnames=["agency_calendar"], error="ValidationError", message="'lunar' is not a calendar",
        )


@tagged("post_install", "-at_install", "agency_logic")
class TestJalaliAnalysis(AgencyCommon):
    """Pivot and graph analyses grouped by Jalali month and year: stored
    fields on the lead, read by the funnel report."""

    def test_month_and_year_in_the_time_zone(self):
        # 2025-03-20 21:00 UTC: still 30 Esfand 1403 in UTC, already Nowruz
        # 1404 in Tehran (UTC+3:30)
        moment = datetime(2025, 3, 20, 21, 0)
        self.assertEqual(jalali_month_and_year(moment, "UTC"), ("1403-12 اسفند", "1403"))
        self.assertEqual(jalali_month_and_year(moment, "Asia/Tehran"), ("1404-01 فروردین", "1404"))
        self.assertEqual(jalali_month_and_year(moment, "Not/AZone"), ("1403-12 اسفند", "1403"))
        self.assertEqual(jalali_month_and_year(False, "UTC"), (False, False))

    def test_group_by_jalali_month(self):
        lead = self._create_lead()
        month, year = jalali_month_and_year(lead.create_date, "Asia/Tehran")
        self.assertEqual((lead.agency_jalali_month, lead.agency_jalali_year), (month, year))
        groups = self.env["crm.lead"].read_group(
            [("id", "=", lead.id)], ["agency_jalali_month"], ["agency_jalali_month"]
        )
        self.assertEqual([g["agency_jalali_month"] for g in groups], [month])
        self.env.flush_all()
        funnel = self.env["crm.agency.funnel.report"].read_group(
            [("lead_id", "=", lead.id)], ["lead_jalali_year"], ["lead_jalali_year"]
        )
        self.assertEqual([g["lead_jalali_year"] for g in funnel], [year])


@tagged("post_install", "-at_install", "agency_tour")
class TestJalaliUnitJs(HttpCase):
    """Runs the Hoot unit tests of static/tests/jalali/ (tag agency_jalali)
    in the browser; fails when one fails or when none ran."""

    def test_jalali_unit_tests(self):
        with self.assertLogs("odoo", level="INFO") as logs:
            self.browser_js(
                "/web/tests?headless&loglevel=2&preset=desktop&timeout=30000&tag=agency_jalali",
                "", "", login="admin", timeout=900,
                success_signal="[HOOT] test suite succeeded",
            )
        text = "\n".join(logs.output)
        errors = [line for line in logs.output if line.startswith(("ERROR", "CRITICAL"))]
        self.assertFalse(errors, "\n".join(errors))
        passed = re.search(r"passed (\d+) tests", text)
        self.assertTrue(passed, "the Jalali unit tests did not report:\n" + text[-3000:])
        self.assertGreaterEqual(int(passed.group(1)), 10, text[-3000:])


@tagged("post_install", "-at_install", "agency_tour")
class TestJalaliTour(AgencyCommon, HttpCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        _install_persian(cls.env)
        cls.user_sales.write({"lang": "fa_IR", "tz": "Asia/Tehran"})
        cls.lead = cls._create_lead(date_deadline=date(2025, 3, 10))  # 20 Esfand 1403
        cls.order = cls.env["sale.order"].create({
            "partner_id": cls.customer.id,
            "opportunity_id": cls.lead.id,
            "user_id": cls.user_sales.id,
            "team_id": cls.team.id,
        })
        # noon UTC: 1 Esfand 1403 in every time zone of the test browser
        cls.order.date_order = datetime(2025, 2, 19, 12, 0)

    def test_jalali_tour(self):
        self.start_tour(
            f"/odoo/crm/{self.lead.id}", "agency_jalali_tour", login=self.user_sales.login,
            timeout=240,
        )
        self.lead.invalidate_recordset()
        # 25 Esfand 1403 picked in the Jalali grid, stored as its Gregorian day
        self.assertEqual(self.lead.date_deadline, date(2025, 3, 15))
