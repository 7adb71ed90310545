# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models


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

    contract_request_ids = fields.One2many(
        "crm.contract.request", "order_id", string="Contract Requests"
    )
    contract_request_count = fields.Integer(
        compute="_compute_contract_request_count"
    )

    @api.depends("contract_request_ids")
    def _compute_contract_request_count(self):
        for order in self:
            order.contract_request_count = len(order.contract_request_ids)

    def action_view_contract_requests(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_agency_sales.crm_contract_request_action"
        )
        action["domain"] = [("order_id", "=", self.id)]
        action["context"] = {}
        if len(self.contract_request_ids) == 1:
            action.update(view_mode="form", views=[(False, "form")], res_id=self.contract_request_ids.id)
        return action

    def action_open_contract_request_wizard(self):
        """The contract-request wizard, pre-filled from this quotation."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Contract Request"),
            "res_model": "crm.contract.request.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_order_id": self.id,
                "default_lead_id": self.opportunity_id.id,
            },
        }
