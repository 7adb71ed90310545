# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

ANSWER_TYPES = [
    ("text", "Text"),
    ("number", "Number"),
    ("bool", "Yes / No"),
    ("choice", "Choice"),
]


class CrmAssessmentQuestion(models.Model):
    _name = "crm.assessment.question"
    _description = "Assessment Form Question"
    _order = "template_id, sequence, id"

    template_id = fields.Many2one(
        "crm.assessment.template", required=True, ondelete="cascade", index=True
    )
    sequence = fields.Integer(default=10)
    name = fields.Char(string="Question", required=True, translate=True)
    help_text = fields.Char(string="Hint", translate=True)
    answer_type = fields.Selection(ANSWER_TYPES, required=True, default="text")
    required = fields.Boolean(help="The form cannot be marked done without an answer.")
    choice_ids = fields.One2many(
        "crm.assessment.choice", "question_id", string="Choices", copy=True
    )
    product_id = fields.Many2one(
        "product.product",
        help="Number questions: the answer is the quantity of this product on "
        "the quotation. Yes/No questions: yes adds one unit.",
    )
    company_id = fields.Many2one(related="template_id.company_id", store=True)

    @api.constrains("answer_type", "product_id")
    def _check_product(self):
        for question in self:
            if question.product_id and question.answer_type not in ("number", "bool"):
                raise ValidationError(
                    self.env._(
                        "The question “%(question)s” cannot set a product quantity: only "
                        "number and yes/no questions can.",
                        question=question.name,
                    )
                )

    @api.constrains("answer_type", "choice_ids")
    def _check_choices(self):
        for question in self:
            if question.answer_type == "choice" and not question.choice_ids:
                raise ValidationError(
                    self.env._("The choice question “%(question)s” needs at least one choice.",
                      question=question.name)
                )
            if question.answer_type != "choice" and question.choice_ids:
                raise ValidationError(
                    self.env._("Only choice questions have choices; remove the choices of “%(question)s”.",
                      question=question.name)
                )
