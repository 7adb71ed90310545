# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    complaint_count = fields.Integer(
        compute="_compute_complaint_count", string="Complaints",
        help="Complaints of this customer (its company and contacts) the current user may read.",
    )

    @api.depends_context("uid", "allowed_company_ids")
    def _compute_complaint_count(self):
        Complaint = self.env["crm.complaint"]
        counts = {}
        if Complaint.has_access("read"):
            counts = dict(Complaint._read_group(
                [("commercial_partner_id", "in", self.commercial_partner_id.ids)],
                ["commercial_partner_id"], ["__count"],
            ))
        for partner in self:
            partner.complaint_count = counts.get(partner.commercial_partner_id, 0)

    def action_view_complaints(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("crm_agency_sales.crm_complaint_action")
        action["domain"] = [("commercial_partner_id", "=", self.commercial_partner_id.id)]
        action["context"] = {"default_partner_id": self.id}
        return action
