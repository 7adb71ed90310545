# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class CrmAssessmentChoice(models.Model):
    _name = "crm.assessment.choice"
    _description = "Assessment Question Choice"
    _order = "question_id, sequence, id"

    question_id = fields.Many2one(
        "crm.assessment.question", required=True, ondelete="cascade", index=True
    )
    sequence = fields.Integer(default=10)
    name = fields.Char(string="Choice", required=True, translate=True)
    company_id = fields.Many2one(related="question_id.company_id", store=True)
