# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import UserError


class CrmLeadLost(models.TransientModel):
    _inherit = "crm.lead.lost"

    refusal_date = fields.Date(default=fields.Date.context_today)
    refused_by_name = fields.Char(string="Refused By", help="Who refused, by name.")
    refused_by_position = fields.Char(string="Position", help="The position of who refused.")
    refusal_required = fields.Boolean(
        compute="_compute_refusal_required",
        help="Technical: a lead has a sent quotation, so the refusal must be "
        "recorded in full.",
    )

    @api.depends("lead_ids")
    def _compute_refusal_required(self):
        for wizard in self:
            wizard.refusal_required = bool(wizard.lead_ids._agency_sent_quotations())

    def _agency_check_refusal(self):
        self.ensure_one()
        if not self.refusal_required:
            return
        missing = []
        if not self.lost_reason_id:
            missing.append(self.env._("the lost reason"))
        if not self.refusal_date:
            missing.append(self.env._("the refusal date"))
        if not (self.refused_by_name or "").strip():
            missing.append(self.env._("who refused"))
        if not (self.refused_by_position or "").strip():
            missing.append(self.env._("their position"))
        if missing:
            raise UserError(
                self.env._(
                    "The customer refused a sent quotation (%(orders)s): record %(missing)s.",
                    orders=", ".join(self.lead_ids._agency_sent_quotations().mapped("name")),
                    missing=", ".join(missing),
                )
            )

    def action_lost_reason_apply(self):
        self.ensure_one()
        self._agency_check_refusal()
        refusal = {
            "refusal_date": self.refusal_date,
            "refused_by_name": self.refused_by_name,
            "refused_by_position": self.refused_by_position,
        }
        if self.refused_by_name or self.refused_by_position or self.refusal_required:
            self.lead_ids.write(refusal)
        return super().action_lost_reason_apply()
