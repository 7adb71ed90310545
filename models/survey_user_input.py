# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import UserError


class SurveyUserInput(models.Model):
    _inherit = "survey.user_input"

    agency_contract_request_id = fields.Many2one(
        "crm.contract.request", string="Contract Request", index="btree_not_null",
        readonly=True, ondelete="set null",
        help="The closed deal whose customer was invited to this questionnaire.",
    )
    agency_salesperson_id = fields.Many2one(
        related="agency_contract_request_id.user_id", string="Salesperson", store=True,
        index="btree_not_null",
    )

    @api.model_create_multi
    def create(self, vals_list):
        self._check_contract_link(vals_list)
        return super().create(vals_list)

    def write(self, vals):
        self._check_contract_link([vals])
        return super().write(vals)

    def _check_contract_link(self, vals_list):
        """The link to a contract request is made by the close of the deal
        (``crm.contract.request._create_survey_invite``), never by a client:
        it would count answers in another deal's satisfaction."""
        if self.env.su:
            return
        if any("agency_contract_request_id" in vals for vals in vals_list):
            raise UserError(self.env._(
                "A questionnaire is linked to a contract request only when its deal is "
                "closed, not by hand."
            ))
