# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..tools.internal import internal_context, is_internal
from .crm_contract_request import INVOICING_STATES

# Server-only mark of the step that links the invoice of a line.
INVOICE_KEY = "agency_contract_invoice"


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

    # Schedule fields: the contract's data, editable as the request's data
    # (the invoice link and the reminder are the server's).
    _LOCKED_FIELDS = ("label", "percent", "amount", "due_date", "is_prepayment", "request_id", "sequence")
    # Written by the server only: the invoicing action, the reminder cron.
    _SERVER_FIELDS = ("invoice_id", "due_reminder_activity_id")

    @api.constrains("invoice_id", "request_id")
    def _check_invoice_of_order(self):
        for line in self:
            # sudo: the check reads the order's invoices whatever the user's
            # accounting rights.
            line_sudo = line.sudo()
            invoice = line_sudo.invoice_id
            if invoice and invoice not in line_sudo.request_id.order_id.invoice_ids:
                raise ValidationError(self.env._(
                    "The payment line %(label)s can only be paid by an invoice of its own "
                    "quotation %(order)s; %(invoice)s is not one.",
                    label=line.label, order=line_sudo.request_id.order_id.display_name or "-",
                    invoice=invoice.display_name,
                ))

    def _check_server_fields(self, vals_list):
        if self.env.su or is_internal(self.env, INVOICE_KEY):
            return
        for vals in vals_list:
            forbidden = set(vals) & set(self._SERVER_FIELDS)
            if forbidden:
                raise UserError(self.env._(
                    "The invoice and the reminder of a payment line are set by the invoicing "
                    "action and the reminders, not directly (%(fields)s).",
                    fields=", ".join(sorted(forbidden)),
                ))

    @api.model_create_multi
    def create(self, vals_list):
        self._check_server_fields(vals_list)
        lines = super().create(vals_list)
        lines.request_id._check_lines_editable("payment_line_ids")
        lines.request_id._lines_changed()
        return lines

    def write(self, vals):
        self._check_server_fields([vals])
        schedule = set(vals) & set(self._LOCKED_FIELDS)
        requests = self.request_id
        if schedule:
            requests._check_lines_editable("payment_line_ids")
        result = super().write(vals)
        if schedule:
            if "request_id" in vals:
                self.request_id._check_lines_editable("payment_line_ids")
                requests |= self.request_id
            requests._lines_changed()
        return result

    def unlink(self):
        requests = self.request_id
        requests._check_lines_editable("payment_line_ids")
        result = super().unlink()
        requests._lines_changed()
        return result

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
        # a reversed invoice was cancelled by a credit note: nothing was paid
        return bool(invoice) and invoice.state == "posted" and invoice.payment_state in (
            "paid", "in_payment",
        )

    def action_create_invoice_for_line(self):
        """Invoice this schedule line as a down payment of the signed order,
        with Odoo's down-payment wizard, and link the invoice."""
        self.ensure_one()
        request = self.request_id
        request._check_role("sales")
        if request.state not in INVOICING_STATES:
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
        self.with_context(**internal_context(INVOICE_KEY)).invoice_id = invoices[:1]
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
