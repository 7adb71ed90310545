# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import UserError


class CrmObjectionRegister(models.TransientModel):
    _name = "crm.objection.register"
    _description = "Record a Customer Objection"

    lead_id = fields.Many2one("crm.lead", required=True, ondelete="cascade")
    order_id = fields.Many2one(
        "sale.order",
        string="Quotation",
        ondelete="cascade",
        domain="[('opportunity_id', '=', lead_id), ('state', '=', 'sent')]",
    )
    kind = fields.Selection(
        [("price", "Price"), ("other", "Other")], required=True, default="other"
    )
    reason_id = fields.Many2one(
        "crm.objection.reason",
        required=True,
        compute="_compute_reason_id",
        store=True,
        readonly=False,
        domain="[('kind', 'in', (kind, 'both'))]",
    )
    description = fields.Text(help="What the customer said.")
    handled_by = fields.Selection(
        [("self", "Myself"), ("management", "Management")],
        required=True,
        default="self",
    )
    price_action = fields.Selection(
        [("log", "Log the negotiation"), ("revise", "Revise the quotation with the customer")],
        string="Next",
        default="log",
        help="Log the negotiation: record the objection and keep convincing "
        "the customer. Revise: make a new revision of the quotation with the "
        "customer's target price, then cut or reduce lines together.",
    )
    currency_id = fields.Many2one(related="order_id.currency_id")
    target_price = fields.Monetary(currency_field="currency_id")
    attempt_info = fields.Char(compute="_compute_attempt_info", string="Attempts")

    @api.depends("lead_id", "kind")
    def _compute_attempt_info(self):
        for wizard in self:
            lead = wizard.lead_id
            if wizard.kind != "other" or not lead:
                wizard.attempt_info = False
                continue
            wizard.attempt_info = self.env._(
                "Attempt %(attempt)s of %(limit)s",
                attempt=lead.objection_attempts + 1,
                limit=lead._agency_objection_attempt_limit(),
            )

    @api.depends("kind")
    def _compute_reason_id(self):
        for wizard in self:
            if wizard.reason_id and wizard.reason_id.kind not in ("both", wizard.kind):
                wizard.reason_id = False

    def action_confirm(self):
        self.ensure_one()
        vals = {
            "kind": self.kind,
            "reason_id": self.reason_id.id,
            "description": self.description,
            "handled_by": self.handled_by,
        }
        if self.kind == "price":
            vals["target_price"] = self.target_price
        if self.order_id:
            objection = self.order_id.action_customer_object(vals)
        else:
            objection = self.env["crm.objection"].create(dict(vals, lead_id=self.lead_id.id))
        if self.kind == "price" and self.price_action == "revise":
            if not self.order_id:
                raise UserError(self.env._("Choose the quotation to revise."))
            return objection.action_revise_quotation()
        return {"type": "ir.actions.act_window_close"}
