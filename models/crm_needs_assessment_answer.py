# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import float_is_zero, float_repr

# value field of each answer type
VALUE_FIELDS = {
    "text": "value_text",
    "number": "value_number",
    "bool": "value_bool",
    "choice": "choice_id",
}


class CrmNeedsAssessmentAnswer(models.Model):
    _name = "crm.needs.assessment.answer"
    _description = "Assessment Form Answer"
    _order = "assessment_id, sequence, id"

    assessment_id = fields.Many2one(
        "crm.needs.assessment", string="Form", required=True, ondelete="cascade", index=True
    )
    question_id = fields.Many2one(
        "crm.assessment.question", required=True, ondelete="restrict", index=True
    )
    sequence = fields.Integer(default=10)
    company_id = fields.Many2one(related="assessment_id.company_id", store=True)
    answer_type = fields.Selection(related="question_id.answer_type")
    required = fields.Boolean(related="question_id.required")
    product_id = fields.Many2one(related="question_id.product_id")
    help_text = fields.Char(related="question_id.help_text")
    question_label = fields.Char(
        string="Question Text",
        compute="_compute_question_label",
        help="The question, with an asterisk when an answer is required.",
    )
    value_text = fields.Text(string="Text Answer")
    value_number = fields.Float(string="Number Answer", help="Zero counts as unanswered.")
    # A selection, not a Boolean: "no" must differ from "not answered yet".
    value_bool = fields.Selection([("yes", "Yes"), ("no", "No")], string="Yes/No Answer")
    choice_id = fields.Many2one(
        "crm.assessment.choice",
        domain="[('question_id', '=', question_id)]",
        ondelete="restrict",
    )
    value_display = fields.Char(string="Answer", compute="_compute_value_display")
    is_answered = fields.Boolean(compute="_compute_is_answered", store=True)
    product_qty = fields.Float(
        string="Product Quantity",
        compute="_compute_product_qty",
        help="Quantity of the question's product on the quotation.",
    )

    @api.depends("question_id.name", "required")
    def _compute_question_label(self):
        for answer in self:
            label = answer.question_id.name or ""
            answer.question_label = "%s *" % label if answer.required else label

    @api.depends("answer_type", "value_text", "value_number", "value_bool", "choice_id")
    def _compute_is_answered(self):
        for answer in self:
            answer.is_answered = bool(
                (answer.answer_type == "text" and (answer.value_text or "").strip())
                or (answer.answer_type == "number" and not float_is_zero(answer.value_number, 6))
                or (answer.answer_type == "bool" and answer.value_bool)
                or (answer.answer_type == "choice" and answer.choice_id)
            )

    @api.depends("answer_type", "value_text", "value_number", "value_bool", "choice_id")
    def _compute_value_display(self):
        bool_labels = dict(self._fields["value_bool"]._description_selection(self.env))
        for answer in self:
            value = False
            if answer.answer_type == "text":
                value = answer.value_text
            elif answer.answer_type == "number" and answer.is_answered:
                value = float_repr(answer.value_number, 6).rstrip("0").rstrip(".")
            elif answer.answer_type == "bool" and answer.value_bool:
                value = bool_labels[answer.value_bool]
            elif answer.answer_type == "choice":
                value = answer.choice_id.name
            answer.value_display = value or False

    @api.depends("product_id", "answer_type", "value_number", "value_bool")
    def _compute_product_qty(self):
        for answer in self:
            qty = 0.0
            if answer.product_id:
                if answer.answer_type == "number":
                    qty = answer.value_number
                elif answer.answer_type == "bool":
                    qty = 1.0 if answer.value_bool == "yes" else 0.0
            answer.product_qty = qty

    # ------------------------------------------------------------
    # CONSTRAINTS
    # ------------------------------------------------------------

    @api.constrains("question_id", "assessment_id")
    def _check_question_template(self):
        for answer in self:
            if answer.question_id.template_id != answer.assessment_id.template_id:
                raise ValidationError(
                    self.env._(
                        "The question “%(question)s” is not a question of the template %(template)s.",
                        question=answer.question_id.name,
                        template=answer.assessment_id.template_id.name,
                    )
                )

    @api.constrains("question_id", "value_text", "value_number", "value_bool", "choice_id")
    def _check_value_type(self):
        type_labels = dict(self._fields["answer_type"]._description_selection(self.env))
        for answer in self:
            expected = VALUE_FIELDS[answer.question_id.answer_type]
            for fname in VALUE_FIELDS.values():
                if fname != expected and answer[fname]:
                    raise ValidationError(
                        self.env._(
                            "The question “%(question)s” expects a %(type)s answer; "
                            "%(field)s is not allowed.",
                            question=answer.question_id.name,
                            type=type_labels[answer.question_id.answer_type],
                            field=answer._fields[fname].get_description(self.env)["string"],
                        )
                    )
            if answer.question_id.answer_type == "number" and answer.value_number < 0:
                raise ValidationError(
                    self.env._("The answer to “%(question)s” cannot be negative.", question=answer.question_id.name)
                )

    @api.constrains("question_id", "choice_id")
    def _check_choice(self):
        for answer in self:
            if answer.choice_id and answer.choice_id.question_id != answer.question_id:
                raise ValidationError(
                    self.env._(
                        "“%(choice)s” is not one of the choices of the question “%(question)s”.",
                        choice=answer.choice_id.name,
                        question=answer.question_id.name,
                    )
                )

    # ------------------------------------------------------------
    # CRUD: done forms are read-only except for managers
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        answers = super().create(vals_list)
        answers.assessment_id._check_editable()
        return answers

    def write(self, vals):
        self.assessment_id._check_editable()
        res = super().write(vals)
        if "assessment_id" in vals:
            self.assessment_id._check_editable()
        return res

    def unlink(self):
        self.assessment_id._check_editable()
        return super().unlink()
