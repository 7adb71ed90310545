# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class AccountMove(models.Model):
    _inherit = "account.move"

    def _agency_contract_lines(self):
        """The contract payment lines these invoices pay."""
        invoices = self.filtered(lambda move: move.is_invoice())
        if not invoices:
            return self.env["crm.contract.payment.line"]
        # sudo: the accountant posting or paying an invoice may not read the
        # contract requests; the lines are only looked up to move their step
        return self.env["crm.contract.payment.line"].sudo().search([
            ("invoice_id", "in", invoices.ids),
        ])

    def _post(self, soft=True):
        posted = super()._post(soft=soft)
        lines = posted._agency_contract_lines()
        if lines:
            lines.request_id._on_invoices_posted(lines)
        return posted

    def _invoice_paid_hook(self):
        """An invoice of a payment line is paid: a delivered contract whose
        lines are all paid moves to ``paid`` (read from the invoices)."""
        result = super()._invoice_paid_hook()
        lines = self._agency_contract_lines()
        if lines:
            lines.request_id._mark_paid()
        return result
