# Copyright 2026 crm_agency_sales authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class IrHttp(models.AbstractModel):
    _inherit = "ir.http"

    def session_info(self):
        """The web client reads ``agency_jalali`` at start-up to show and read
        dates in the Jalali calendar (static/src/jalali/)."""
        info = super().session_info()
        user = self.env.user
        info["agency_jalali"] = bool(user) and user._agency_uses_jalali()
        return info
