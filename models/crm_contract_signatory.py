# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


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
    name = fields.Char(string="Name", required=True)
    position = fields.Char(string="Position")
    national_id = fields.Char(string="National Code")
