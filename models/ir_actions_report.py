# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models

# Reports printing a quotation: refused while the quotation awaits approval.
QUOTATION_REPORTS = ("sale.action_report_saleorder", "sale.action_report_pro_forma_invoice")


class IrActionsReport(models.Model):
    _inherit = "ir.actions.report"

    def _get_rendering_context(self, report, docids, data):
        # Every QWeb rendering (PDF, HTML preview of the portal) passes here.
        if report.model == "sale.order" and docids and report._agency_is_quotation_report():
            self.env["sale.order"].browse(docids)._agency_check_approved(
                self.env._("print the quotation")
            )
        return super()._get_rendering_context(report, docids, data)

    def _agency_is_quotation_report(self):
        self.ensure_one()
        return any(
            self == self.env.ref(xmlid, raise_if_not_found=False) for xmlid in QUOTATION_REPORTS
        )
