# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class CrmContractRequestWizard(models.TransientModel):
    """The entry point of a new contract request: it picks the opportunity and
    the quotation; the request itself, created in draft and pre-filled from
    them (``crm.contract.request._new_from_order``), is the form the
    salesperson completes and submits."""

    _name = "crm.contract.request.wizard"
    _description = "New Contract Request"

    lead_id = fields.Many2one("crm.lead", string="Opportunity")
    order_id = fields.Many2one(
        "sale.order", string="Quotation",
        domain="[('opportunity_id', '=', lead_id), ('state', '!=', 'cancel')]",
    )
    company_id = fields.Many2one("res.company", default=lambda self: self.env.company, required=True)

    @api.model
    def default_get(self, fields_list):
        res = super().default_get(fields_list)
        order = self.env["sale.order"].browse(res.get("order_id") or [])
        lead = self.env["crm.lead"].browse(res.get("lead_id") or []) or order.opportunity_id
        if lead and not order:
            # the lead's latest quotation
            order = lead.order_ids.filtered(lambda o: o.state != "cancel").sorted("id", reverse=True)[:1]
        res.update({
            "lead_id": lead.id,
            "order_id": order.id,
            "company_id": (order.company_id or lead.company_id or self.env.company).id,
        })
        return res

    def action_confirm(self):
        """Create the draft request pre-filled from the quotation and its
        customer, and open it."""
        self.ensure_one()
        Request = self.env["crm.contract.request"]
        # a draft already made for this quotation (the wizard opened before
        # and the form left unfinished) is reopened, not refused as a second
        # request of the quotation
        request = self.order_id and Request.search(
            [("order_id", "=", self.order_id.id), ("state", "=", "draft")], limit=1,
        )
        request = request or Request._new_from_order(self.order_id, lead=self.lead_id)
        return {
            "type": "ir.actions.act_window",
            "res_model": "crm.contract.request",
            "res_id": request.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
        }
