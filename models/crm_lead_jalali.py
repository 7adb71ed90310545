# Copyright 2026 crm_agency_sales authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Jalali month and year of a lead's creation, stored, so that the pivot and
graph analyses group by them like by any field (no change to Odoo's
``read_group``, no SQL function to install)."""
import jdatetime
import pytz

from odoo import api, fields, models

JALALI_TZ = "Asia/Tehran"

JALALI_MONTHS_FA = (
    "فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور",
    "مهر", "آبان", "آذر", "دی", "بهمن", "اسفند",
)


def jalali_month_and_year(moment, tz_name):
    """``("1403-07 مهر", "1403")`` for the UTC datetime ``moment`` seen in
    time zone ``tz_name``; ``(False, False)`` without a moment. The month
    label starts with its number, so the groups sort in calendar order."""
    if not moment:
        return False, False
    try:
        tz = pytz.timezone(tz_name or "UTC")
    except pytz.UnknownTimeZoneError:
        tz = pytz.utc
    local = pytz.utc.localize(moment).astimezone(tz).date()
    jday = jdatetime.date.fromgregorian(date=local)
    month = "%04d-%02d %s" % (jday.year, jday.month, JALALI_MONTHS_FA[jday.month - 1])
    return month, "%04d" % jday.year


class CrmLead(models.Model):
    _inherit = "crm.lead"

    # Computed before the lead is inserted (precompute: no UPDATE afterwards)
    # and in Iran's time zone, the Jalali calendar's own, so that a lead's
    # month does not depend on who looks at it or who owns it.
    agency_jalali_month = fields.Char(
        string="Created (Jalali Month)", compute="_compute_agency_jalali_period",
        store=True, precompute=True,
        help="The Jalali month the lead was created in (Iran time), e.g. 1403-07 مهر: "
        "group the analyses by it.",
    )
    agency_jalali_year = fields.Char(
        string="Created (Jalali Year)", compute="_compute_agency_jalali_period",
        store=True, precompute=True,
        help="The Jalali year the lead was created in (Iran time).",
    )

    @api.depends("create_date")
    def _compute_agency_jalali_period(self):
        # a lead being created has no create_date yet: the ORM gives it the
        # transaction's time, cr.now()
        now = self.env.cr.now()
        for lead in self:
            lead.agency_jalali_month, lead.agency_jalali_year = jalali_month_and_year(
                lead.create_date or now, JALALI_TZ
            )
