# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models

ASSESSMENT_KINDS = [
    ("knowledge", "Customer Knowledge"),
    ("needs", "Needs Assessment"),
]


class CrmAssessmentTemplate(models.Model):
    _name = "crm.assessment.template"
    _description = "Assessment Form Template"
    _order = "kind, sequence, id"

    name = fields.Char(required=True, translate=True)
    active = fields.Boolean(default=True)
    sequence = fields.Integer(default=10)
    kind = fields.Selection(
        ASSESSMENT_KINDS,
        required=True,
        default="needs",
        help="Customer knowledge: filled at the first call (cold leads, before "
        "the sales documents). Needs assessment: filled at the needs meeting; "
        "its product questions make the quotation.",
    )
    product_id = fields.Many2one(
        "product.product",
        string="Service",
        domain=[("type", "=", "service")],
        help="The service this form assesses the needs for.",
    )
    description = fields.Html(translate=True, help="Instructions shown on the filled forms.")
    question_ids = fields.One2many(
        "crm.assessment.question", "template_id", string="Questions", copy=True
    )
    question_count = fields.Integer(compute="_compute_question_count")
    company_id = fields.Many2one(
        "res.company", help="Leave empty to share the template between companies."
    )

    @api.depends("question_ids")
    def _compute_question_count(self):
        for template in self:
            template.question_count = len(template.question_ids)
