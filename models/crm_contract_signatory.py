# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


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
    national_id = fields.Char(string="National Code")

    @api.model_create_multi
    def create(self, vals_list):
        signatories = super().create(vals_list)
        signatories.request_id._agency_check_lines_editable()
        return signatories

    def write(self, vals):
        self.request_id._agency_check_lines_editable()
        return super().write(vals)

    def unlink(self):
        self.request_id._agency_check_lines_editable()
        return super().unlink()
