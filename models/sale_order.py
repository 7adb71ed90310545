# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    assessment_ids = fields.Many2many(
        "crm.needs.assessment",
        "sale_order_crm_needs_assessment_rel",
        "order_id",
        "assessment_id",
        string="Needs Assessments",
        copy=True,
        help="The needs assessments this quotation was made from.",
    )
