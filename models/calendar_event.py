# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models


class CalendarEvent(models.Model):
    _inherit = "calendar.event"

    @api.model
    def default_get(self, fields):
        """A meeting created from a quotation (the presentation meeting) is
        attached to the quotation and linked to its opportunity."""
        defaults = super().default_get(fields)
        if (
            "opportunity_id" in fields
            and not defaults.get("opportunity_id")
            and defaults.get("res_id")
            and self.env.context.get("default_res_model") == "sale.order"
        ):
            order = self.env["sale.order"].browse(defaults["res_id"]).exists()
            defaults["opportunity_id"] = order.opportunity_id.id
        return defaults
