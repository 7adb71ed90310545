# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class CrmContractRequest(models.Model):
    _inherit = "crm.contract.request"

    complaint_count = fields.Integer(
        compute="_compute_complaint_count", string="Complaints",
        help="Complaints about this contract the current user may read.",
    )

    @api.depends_context("uid", "allowed_company_ids")
    def _compute_complaint_count(self):
        Complaint = self.env["crm.complaint"]
        counts = {}
        if Complaint.has_access("read"):
            counts = dict(Complaint._read_group(
                [("contract_request_id", "in", self.ids)], ["contract_request_id"], ["__count"],
            ))
        for request in self:
            request.complaint_count = counts.get(request, 0)

    def action_view_complaints(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("crm_agency_sales.crm_complaint_action")
        action["domain"] = [("contract_request_id", "=", self.id)]
        action["context"] = {
            "default_contract_request_id": self.id,
            "default_partner_id": self.partner_id.id,
            "default_order_id": self.order_id.id,
        }
        return action
