# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import UserError


class CrmContractPaymentLine(models.Model):
    _name = "crm.contract.payment.line"
    _description = "Contract Payment Schedule Line"
    _order = "sequence, due_date, id"

    request_id = fields.Many2one(
        "crm.contract.request", string="Contract Request", required=True,
        ondelete="cascade", index=True,
    )
    company_id = fields.Many2one(related="request_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="request_id.currency_id")
    user_id = fields.Many2one(related="request_id.user_id", string="Salesperson")
    sequence = fields.Integer(default=10)
    label = fields.Char(required=True)
    percent = fields.Float(digits=(5, 2))
    amount = fields.Monetary(
        compute="_compute_amount", store=True, readonly=False,
        currency_field="currency_id",
    )
    due_date = fields.Date()
    is_prepayment = fields.Boolean(
        string="Prepayment",
        help="Work starts after this payment when the company requires the "
        "prepayment before execution.",
    )
    invoice_id = fields.Many2one("account.move", copy=False, readonly=True)
    due_reminder_activity_id = fields.Many2one(
        "mail.activity", string="Due Reminder", readonly=True, copy=False,
        ondelete="set null",
    )
    payment_state = fields.Selection(
        related="invoice_id.payment_state", string="Payment Status"
    )

    # Schedule fields frozen once the contract is signed (the invoice link
    # and the reminder still change).
    _LOCKED_FIELDS = ("label", "percent", "amount", "due_date", "is_prepayment", "request_id", "sequence")

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines.request_id._agency_check_lines_editable()
        return lines

    def write(self, vals):
        if set(vals) & set(self._LOCKED_FIELDS):
            self.request_id._agency_check_lines_editable()
        return super().write(vals)

    def unlink(self):
        self.request_id._agency_check_lines_editable()
        return super().unlink()

    @api.depends("percent", "request_id.amount")
    def _compute_amount(self):
        for line in self:
            currency = line.request_id.currency_id
            amount = line.request_id.amount * line.percent / 100.0
            line.amount = currency.round(amount) if currency else amount

    def _is_paid(self):
        self.ensure_one()
        # sudo: salespeople, finance and project control may lack accounting
        # rights; they only need to know whether the invoice is paid.
        invoice = self.sudo().invoice_id
        return bool(invoice) and invoice.state == "posted" and invoice.payment_state in (
            "paid", "in_payment", "reversed",
        )

    def action_create_invoice_for_line(self):
        """Invoice this schedule line as a down payment of the signed order,
        with Odoo's down-payment wizard, and link the invoice."""
        self.ensure_one()
        request = self.request_id
        request._agency_check_role("sales")
        if request.state not in ("signed", "archived", "in_execution"):
            raise UserError(self.env._("The payment schedule is invoiced after the contract is signed."))
        if self.invoice_id and self.invoice_id.state != "cancel":
            raise UserError(self.env._("The line %(label)s is already invoiced.", label=self.label))
        if self.amount <= 0:
            raise UserError(self.env._("The line %(label)s has no amount to invoice.", label=self.label))
        order = request.order_id
        if not order or order.state != "sale":
            raise UserError(self.env._("Only a confirmed sale order can be invoiced."))
        wizard = self.env["sale.advance.payment.inv"].with_context(
            active_model="sale.order", active_ids=order.ids, active_id=order.id,
        ).create({
            "advance_payment_method": "fixed",
            "fixed_amount": self.amount,
            "sale_order_ids": [(6, 0, order.ids)],
        })
        invoices = wizard._create_invoices(order)
        self.invoice_id = invoices[:1]
        request.message_post(body=self.env._(
            "Invoice %(invoice)s created for the payment line %(label)s.",
            invoice=invoices[:1].display_name, label=self.label,
        ))
        return {
            "type": "ir.actions.act_window",
            "res_model": "account.move",
            "res_id": invoices[:1].id,
            "view_mode": "form",
        }
