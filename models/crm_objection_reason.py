# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class CrmObjectionReason(models.Model):
    _name = "crm.objection.reason"
    _description = "Objection Reason"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    kind = fields.Selection(
        [("price", "Price"), ("other", "Other"), ("both", "Both")],
        default="both",
        required=True,
        help="Kind of objection this reason is offered for.",
    )
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    description = fields.Text(translate=True)
