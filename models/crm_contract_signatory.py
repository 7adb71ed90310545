# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models

from ..tools.iran_id import normalize_digits


class CrmContractSignatory(models.Model):
    _name = "crm.contract.signatory"
    _description = "Contract Signatory"
    _order = "sequence, id"

    request_id = fields.Many2one(
        "crm.contract.request", string="Contract Request", required=True,
        ondelete="cascade", index=True,
    )
    company_id = fields.Many2one(related="request_id.company_id", store=True, index=True)
    sequence = fields.Integer(default=10)
    name = fields.Char(required=True)
    position = fields.Char()
    national_id = fields.Char(
        string="National Code",
        help="Of an Iranian party's signatory: the Iranian national code (10 digits, check "
        "digit verified). Of a foreign party's: the identity number of the signatory's "
        "country (national ID or passport number).",
    )

    @api.model
    def _normalize_vals(self, vals):
        vals = dict(vals)
        if isinstance(vals.get("national_id"), str):
            vals["national_id"] = normalize_digits(vals["national_id"]) or False
        return vals

    @api.model_create_multi
    def create(self, vals_list):
        vals_list = [self._normalize_vals(vals) for vals in vals_list]
        signatories = super().create(vals_list)
        signatories.request_id._check_lines_editable("signatory_ids")
        signatories.request_id._lines_changed()
        return signatories

    def write(self, vals):
        requests = self.request_id
        requests._check_lines_editable("signatory_ids")
        result = super().write(self._normalize_vals(vals))
        if "request_id" in vals:
            self.request_id._check_lines_editable("signatory_ids")
            requests |= self.request_id
        requests._lines_changed()
        return result

    def unlink(self):
        requests = self.request_id
        requests._check_lines_editable("signatory_ids")
        result = super().unlink()
        requests._lines_changed()
        return result
