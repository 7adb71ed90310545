# Copyright 2026 crm_agency_sales authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResUsers(models.Model):
    _inherit = "res.users"

    agency_calendar = fields.Selection(
        [
            ("auto", "Automatic (Jalali in Persian)"),
            ("gregorian", "Gregorian"),
            ("jalali", "Jalali (Solar Hijri)"),
        ],
        string="Calendar",
        default="auto",
        required=True,
        help="The calendar of the dates shown and typed in the web client: "
        "lists, forms, kanban cards, the chatter, activities, the date picker "
        "and the search filters by period. Automatic shows Jalali dates when "
        "the user's language is Persian. Dates are stored the same either way.",
    )

    @property
    def SELF_READABLE_FIELDS(self):
        return super().SELF_READABLE_FIELDS + ["agency_calendar"]

    @property
    def SELF_WRITEABLE_FIELDS(self):
        return super().SELF_WRITEABLE_FIELDS + ["agency_calendar"]

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._agency_check_calendar(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._agency_check_calendar(vals)
        return super().write(vals)

    @api.model
    def _agency_check_calendar(self, vals):
        """A clear refusal for a calendar that is not one of the choices
        (the ORM would answer a bare ValueError)."""
        if "agency_calendar" not in vals:
            return
        choices = dict(self._fields["agency_calendar"]._description_selection(self.env))
        if vals["agency_calendar"] not in choices:
            raise ValidationError(self.env._(
                "%(value)r is not a calendar: choose one of %(choices)s.",
                value=vals["agency_calendar"], choices=", ".join(choices.values()),
            ))

    @api.model
    def _agency_jalali_for(self, calendar, lang):
        """Whether ``calendar`` (a value of ``agency_calendar``) in language
        ``lang`` means Jalali dates."""
        if calendar == "auto":
            return (lang or "").startswith("fa")
        return calendar == "jalali"

    def _agency_uses_jalali(self):
        """Whether this user sees and types Jalali dates in the web client."""
        self.ensure_one()
        return self._agency_jalali_for(self.agency_calendar, self.lang)
