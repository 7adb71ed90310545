# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    assessment_answer_id = fields.Many2one(
        "crm.needs.assessment.answer",
        index="btree_not_null",
        ondelete="set null",
        help="The needs-assessment answer that set this line's quantity.",
    )
