# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..tools.iran_id import normalize_digits

# Partner fields copied into the wizard when they exist on res.partner (the
# identity fields come with the partner identity data of the addon).
PARTNER_IDENTITY_FIELDS = {
    "national_id": "national_id",
    "company_national_id": "company_national_id",
    "economic_code": "economic_code",
    "company_registry": "registration_number",
}


class CrmContractRequestWizard(models.TransientModel):
    _name = "crm.contract.request.wizard"
    _description = "Contract Request Wizard"

    lead_id = fields.Many2one("crm.lead", string="Opportunity")
    order_id = fields.Many2one("sale.order", string="Quotation")
    partner_id = fields.Many2one("res.partner", string="Customer", required=True)
    user_id = fields.Many2one("res.users", string="Salesperson", default=lambda self: self.env.user)
    company_id = fields.Many2one("res.company", default=lambda self: self.env.company, required=True)
    currency_id = fields.Many2one(
        "res.currency", required=True,
        default=lambda self: self.env.company.currency_id,
    )
    party_type = fields.Selection(
        [("person", "Natural Person"), ("company", "Legal Entity")],
        required=True, default="company",
    )
    legal_name = fields.Char()
    national_id = fields.Char(string="National Code")
    company_national_id = fields.Char(string="National Identifier")
    registration_number = fields.Char()
    economic_code = fields.Char()
    street = fields.Char()
    city = fields.Char()
    zip = fields.Char()
    country_id = fields.Many2one("res.country")
    client_location = fields.Text()
    bank_name = fields.Char(string="Bank")
    bank_account = fields.Char()
    bank_iban = fields.Char(string="IBAN (Sheba)")
    phone = fields.Char()
    mobile = fields.Char()
    email = fields.Char()
    signatory_ids = fields.One2many(
        "crm.contract.request.wizard.signatory", "wizard_id", string="Signatories",
    )
    amount = fields.Monetary(currency_field="currency_id")
    subject = fields.Char()
    terms = fields.Html()
    date_start = fields.Date(string="Start Date")
    date_end = fields.Date(string="End Date")
    executor_id = fields.Many2one("res.users", string="Desired Executor")
    payment_line_ids = fields.One2many(
        "crm.contract.request.wizard.payment.line", "wizard_id", string="Payment Schedule",
    )

    @api.onchange("partner_id")
    def _onchange_partner_id(self):
        """A company customer (or a contact of a company) is a legal entity,
        anyone else a natural person."""
        for wizard in self:
            if wizard.partner_id:
                wizard.party_type = self.env["crm.contract.request"]._agency_party_type_of(
                    wizard.partner_id
                )

    @api.model_create_multi
    def create(self, vals_list):
        Request = self.env["crm.contract.request"]
        return super().create([Request._agency_normalize_vals(vals) for vals in vals_list])

    def write(self, vals):
        return super().write(self.env["crm.contract.request"]._agency_normalize_vals(vals))

    @api.model
    def default_get(self, fields_list):
        res = super().default_get(fields_list)
        context = self.env.context
        order = self.env["sale.order"].browse(context.get("default_order_id") or [])
        lead = self.env["crm.lead"].browse(context.get("default_lead_id") or [])
        if not lead and order:
            lead = order.opportunity_id
        if lead and not order:
            order = lead.order_ids.filtered(lambda o: o.state != "cancel").sorted("id", reverse=True)[:1]
        partner = order.partner_id or lead.partner_id
        res.update(self._agency_partner_values(partner))
        res["lead_id"] = lead.id
        res["order_id"] = order.id
        res["user_id"] = (order.user_id or lead.user_id or self.env.user).id
        res["company_id"] = (order.company_id or lead.company_id or self.env.company).id
        if order:
            res["currency_id"] = order.currency_id.id
            res["amount"] = order.amount_total
        if lead:
            res.setdefault("subject", lead.name)
        amount = res.get("amount") or 0.0
        currency = self.env["res.currency"].browse(res.get("currency_id")) or self.env.company.currency_id
        today = fields.Date.context_today(self)
        # default schedule: half now as prepayment, the rest (so that the
        # amounts add up exactly, whatever the rounding) in 30 days
        prepayment = currency.round(amount / 2.0)
        res["payment_line_ids"] = [
            (0, 0, {"sequence": 1, "label": self.env._("Prepayment"), "percent": 50.0,
                    "amount": prepayment, "is_prepayment": True, "due_date": today}),
            (0, 0, {"sequence": 2, "label": self.env._("Final payment"), "percent": 50.0,
                    "amount": currency.round(amount - prepayment),
                    "due_date": today + timedelta(days=30)}),
        ] if amount else []
        return res

    @api.model
    def _agency_partner_values(self, partner):
        if not partner:
            return {}
        commercial = partner.commercial_partner_id
        values = {
            "partner_id": partner.id,
            "party_type": self.env["crm.contract.request"]._agency_party_type_of(partner),
            "legal_name": commercial.name,
            "street": commercial.street,
            "city": commercial.city,
            "zip": commercial.zip,
            "country_id": commercial.country_id.id,
            "phone": partner.phone or commercial.phone,
            "mobile": partner.mobile or commercial.mobile,
            "email": partner.email or commercial.email,
        }
        for partner_field, wizard_field in PARTNER_IDENTITY_FIELDS.items():
            if partner_field in commercial._fields and commercial[partner_field]:
                values[wizard_field] = commercial[partner_field]
        bank = commercial.bank_ids[:1]
        if bank:
            values["bank_name"] = bank.bank_id.name
            values["bank_account"] = bank.acc_number
            if (bank.acc_number or "").replace(" ", "").upper().startswith("IR"):
                values["bank_iban"] = bank.acc_number
        if commercial.is_company:
            values["signatory_ids"] = [
                (0, 0, {"name": contact.name, "position": contact.function})
                for contact in commercial.child_ids
                if contact.function and contact.type == "contact"
            ]
        return values

    def _agency_problems(self):
        self.ensure_one()
        problems = self.env["crm.contract.request"]._agency_data_problems(self)
        if self.order_id:
            existing = self.env["crm.contract.request"].search([
                ("order_id", "=", self.order_id.id), ("state", "!=", "cancelled"),
            ], limit=1)
            if existing:
                problems.insert(0, self.env._(
                    "The quotation %(order)s already has the contract request %(request)s.",
                    order=self.order_id.name, request=existing.name,
                ))
        return problems

    def _prepare_request_values(self):
        self.ensure_one()
        simple = [
            "party_type", "legal_name", "national_id", "company_national_id",
            "registration_number", "economic_code", "street", "city", "zip",
            "client_location", "bank_name", "bank_account", "bank_iban", "phone",
            "mobile", "email", "amount", "subject", "terms", "date_start", "date_end",
        ]
        values = {name: self[name] for name in simple}
        values.update({
            "lead_id": self.lead_id.id,
            "order_id": self.order_id.id,
            "partner_id": self.partner_id.id,
            "user_id": self.user_id.id,
            "company_id": self.company_id.id,
            "currency_id": self.currency_id.id,
            "country_id": self.country_id.id,
            "executor_id": self.executor_id.id,
            "signatory_ids": [
                (0, 0, {"sequence": s.sequence, "name": s.name, "position": s.position,
                        "national_id": s.national_id})
                for s in self.signatory_ids
            ],
            "payment_line_ids": [
                (0, 0, {"sequence": p.sequence, "label": p.label, "percent": p.percent,
                        "amount": p.amount, "due_date": p.due_date,
                        "is_prepayment": p.is_prepayment})
                for p in self.payment_line_ids
            ],
        })
        return values

    def action_confirm(self):
        """Create the contract request (draft) once every item is valid, and
        open it; the salesperson submits it to finance from there."""
        self.ensure_one()
        problems = self._agency_problems()
        if problems:
            raise UserError(self.env._(
                "The contract request cannot be created:\n%(problems)s",
                problems="\n".join("- %s" % problem for problem in problems),
            ))
        request = self.env["crm.contract.request"].create(self._prepare_request_values())
        return {
            "type": "ir.actions.act_window",
            "res_model": "crm.contract.request",
            "res_id": request.id,
            "view_mode": "form",
            "target": "current",
        }


class CrmContractRequestWizardSignatory(models.TransientModel):
    _name = "crm.contract.request.wizard.signatory"
    _description = "Contract Request Wizard Signatory"
    _order = "sequence, id"

    wizard_id = fields.Many2one("crm.contract.request.wizard", required=True, ondelete="cascade")
    sequence = fields.Integer(default=10)
    name = fields.Char()
    position = fields.Char()
    national_id = fields.Char(string="National Code")

    @api.model_create_multi
    def create(self, vals_list):
        return super().create([self._agency_normalize_vals(vals) for vals in vals_list])

    def write(self, vals):
        return super().write(self._agency_normalize_vals(vals))

    @api.model
    def _agency_normalize_vals(self, vals):
        vals = dict(vals)
        if isinstance(vals.get("national_id"), str):
            vals["national_id"] = normalize_digits(vals["national_id"]) or False
        return vals


class CrmContractRequestWizardPaymentLine(models.TransientModel):
    _name = "crm.contract.request.wizard.payment.line"
    _description = "Contract Request Wizard Payment Line"
    _order = "sequence, id"

    wizard_id = fields.Many2one("crm.contract.request.wizard", required=True, ondelete="cascade")
    currency_id = fields.Many2one(related="wizard_id.currency_id")
    sequence = fields.Integer(default=10)
    label = fields.Char()
    percent = fields.Float(digits=(5, 2))
    amount = fields.Monetary(
        compute="_compute_amount", store=True, readonly=False,
        currency_field="currency_id",
    )
    due_date = fields.Date()
    is_prepayment = fields.Boolean(string="Prepayment")

    @api.depends("percent", "wizard_id.amount")
    def _compute_amount(self):
        for line in self:
            currency = line.wizard_id.currency_id
            amount = line.wizard_id.amount * line.percent / 100.0
            line.amount = currency.round(amount) if currency else amount
