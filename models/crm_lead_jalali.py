# Copyright 2026 crm_agency_sales authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Jalali month and year of a lead's creation, stored, so that the pivot and
graph analyses group by them like by any field (no change to Odoo's
``read_group``, no SQL function to install)."""
import jdatetime
import pytz

from odoo import api, fields, models

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

    agency_jalali_month = fields.Char(
        string="Created (Jalali Month)", compute="_compute_agency_jalali_period", store=True,
        help="The Jalali month the lead was created in (the salesperson's time zone), "
        "e.g. 1403-07 مهر: group the analyses by it.",
    )
    agency_jalali_year = fields.Char(
        string="Created (Jalali Year)", compute="_compute_agency_jalali_period", store=True,
        help="The Jalali year the lead was created in (the salesperson's time zone).",
    )

    @api.depends("create_date", "user_id.tz", "company_id.partner_id.tz")
    def _compute_agency_jalali_period(self):
        for lead in self:
            tz_name = lead.user_id.tz or lead.company_id.partner_id.tz or "UTC"
            lead.agency_jalali_month, lead.agency_jalali_year = jalali_month_and_year(
                lead.create_date, tz_name
            )
