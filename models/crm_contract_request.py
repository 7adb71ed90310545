# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import base64
import logging
import math
from datetime import datetime, time, timedelta

from markupsafe import escape
from psycopg2 import errors as pg_errors

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL, float_compare, float_is_zero
from odoo.tools.misc import format_amount

from ..tools.internal import internal_context, is_internal, module_uninstalling
from ..tools.iran_id import (
    PROBLEM_CHECKSUM,
    check_iban,
    is_iranian_party,
    is_valid_company_national_id,
    is_valid_iran_iban,
    is_valid_national_code,
    latin_digits,
    normalize_digits,
    normalize_iban,
)

_logger = logging.getLogger(__name__)

STATES = [
    ("draft", "Draft"),
    ("submitted", "Submitted to Finance"),
    ("drafted", "Contract Drafted"),
    ("sent", "Sent to Customer"),
    ("signing", "Signing Meeting Booked"),
    ("signed", "Signed"),
    ("archived", "Archived"),
    ("in_execution", "In Execution"),
    ("delivered", "Delivered"),
    ("paid", "Paid"),
    ("closed", "Closed"),
    ("cancelled", "Cancelled"),
]

# Server-only context marks (tools/internal.py): a JSON client cannot send them.
# TRANSITION_KEY: a transition writes the workflow fields below.
# LINES_KEY: the request's own write() already checked its signatories and
# payment lines (they do not check, nor regenerate the document, again).
TRANSITION_KEY = "agency_contract_transition"
LINES_KEY = "agency_contract_lines"
# Set by the contract's mail composer: sending records the "sent" step (with
# the button's checks; see message_post).
MARK_SENT_KEY = "agency_mark_contract_sent"

# Fields only the transitions write (who/when of each step and the state).
WORKFLOW_FIELDS = {
    "state", "submitted_by_id", "submitted_on", "drafting_start_on",
    "drafting_end_on", "drafted_by_id", "contract_number", "sent_on",
    "sent_by_id", "signed_on", "signed_by_id", "archived_on", "archived_by_id",
    "execution_started_on", "execution_started_by_id", "cancel_reason",
    "contract_attachment_id", "signing_event_id",
    "delivered_on", "delivered_by_id", "paid_on", "paid_by_id", "closed_on",
    "closed_by_id", "survey_input_ids",
    # amendments (models/crm_contract_request_amendment.py)
    "original_request_id", "amendment_number", "amendment_approval_state",
    "amendment_requested_by_id", "amendment_requested_on", "amendment_decided_by_id",
    "amendment_decided_on", "amendment_refuse_reason",
}
# Set by the server only (sequence, crons), never by a client.
SYSTEM_FIELDS = {"name", "finance_reminder_activity_id"}

# The contract's data: filled by the salesperson in draft, corrected by
# finance while it drafts the contract (submitted, drafted), then frozen.
CONTRACT_DATA_FIELDS = {
    "partner_id", "lead_id", "order_id", "company_id", "currency_id",
    "party_type", "legal_name", "national_id", "company_national_id",
    "registration_number", "economic_code", "street", "city", "zip", "country_id",
    "client_location", "bank_name", "bank_account", "bank_iban", "phone", "mobile",
    "email", "signatory_ids", "amount", "subject", "terms", "date_start", "date_end",
    "executor_id", "payment_line_ids", "contract_date",
    "amendment_summary",
}
FINANCE_EDIT_STATES = ("submitted", "drafted")
# The signing items: the salesperson's, up to the signing.
SIGNING_FIELDS = {
    "signed_attachment_ids", "check_pages_signed", "check_pages_stamped",
    "check_authorized_signatories",
}

# The acceptance act (confirming documents) of the delivered work: attached
# by project control while the contract is in execution, then frozen.
ACCEPTANCE_FIELDS = {"acceptance_attachment_ids"}

# A signed or cancelled request keeps its data; these may still change.
SIGNED_STATES = ("signed", "archived", "in_execution", "delivered", "paid", "closed")
LOCKED_STATES = SIGNED_STATES + ("cancelled",)
# After the signature: the invoices of the order are made and paid.
INVOICING_STATES = ("signed", "archived", "in_execution", "delivered")
UNLOCKED_FIELDS = {
    "finance_reminder_activity_id", "legal_archive_id", "legal_archive_ids",
}

# Identifiers stored with ASCII digits (Persian and Arabic-Indic digits
# typed in the form are converted), and how.
DIGIT_FIELDS = {
    "national_id": normalize_digits,
    "company_national_id": normalize_digits,
    "registration_number": normalize_digits,
    "economic_code": normalize_digits,
    "bank_iban": normalize_iban,
    "bank_account": latin_digits,
    "phone": latin_digits,
    "mobile": latin_digits,
    "zip": latin_digits,
}

# Below this, a float keeps the cents of an amount exactly and num2words
# writes it in words in every language of the contract.
MAX_AMOUNT = 10 ** 15

# Identity fields of the customer copied into a new request, when res.partner
# has them (partner field: request field).
PARTNER_IDENTITY_FIELDS = {
    "national_id": "national_id",
    "company_national_id": "company_national_id",
    "economic_code": "economic_code",
    "company_registry": "registration_number",
}

# The customer notifications: step -> (company opt-in field, template).
CUSTOMER_NOTIFICATIONS = {
    "sent": ("agency_notify_contract_sent", "crm_agency_sales.mail_template_agency_notify_sent"),
    "signing": ("agency_notify_signing", "crm_agency_sales.mail_template_agency_notify_signing"),
    "prepayment_invoice": (
        "agency_notify_prepayment_invoice", "crm_agency_sales.mail_template_agency_notify_prepayment"),
    "delivered": ("agency_notify_delivered", "crm_agency_sales.mail_template_agency_notify_delivered"),
    "final_invoice": (
        "agency_notify_final_invoice", "crm_agency_sales.mail_template_agency_notify_final_invoice"),
    "closed": ("agency_notify_closed", "crm_agency_sales.mail_template_agency_notify_closed"),
}

# One contract request per quotation (cancelled ones aside), also when two
# users confirm at the same moment.
ORDER_UNIQUE_INDEX = "crm_contract_request_order_active_uniq"


# is_valid_iran_iban (IR + 24 digits, mod 97) lives in tools/iran_id.py now;
# it is imported above so that it can still be imported from here.


class CrmContractRequest(models.Model):
    _name = "crm.contract.request"
    _description = "Contract Request"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "id desc"
    _check_company_auto = True

    name = fields.Char(
        string="Reference", required=True, readonly=True, copy=False, default="/",
        index="trigram",
    )
    lead_id = fields.Many2one(
        "crm.lead", string="Opportunity", index="btree_not_null", tracking=True,
        check_company=True,
    )
    order_id = fields.Many2one(
        "sale.order", string="Quotation", index="btree_not_null", tracking=True,
        check_company=True,
    )
    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, tracking=True, index=True,
    )
    user_id = fields.Many2one(
        "res.users", string="Salesperson", required=True, tracking=True, index=True,
        default=lambda self: self.env.user,
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True,
        default=lambda self: self.env.company,
    )
    currency_id = fields.Many2one(
        "res.currency", required=True,
        compute="_compute_currency_id", store=True, readonly=False, precompute=True,
    )
    state = fields.Selection(
        STATES, string="Status", default="draft", required=True, readonly=True,
        copy=False, tracking=True, index=True,
    )

    # Party: who signs the contract with the agency
    party_type = fields.Selection(
        [("person", "Natural Person"), ("company", "Legal Entity")],
        required=True, default="company", tracking=True,
    )
    legal_name = fields.Char(tracking=True)
    national_id = fields.Char(
        string="National Code",
        help="Of a person: for an Iranian party, the Iranian national code (10 digits, "
        "check digit verified); for a foreign party, the identity number of its country "
        "(national ID or passport number).",
    )
    company_national_id = fields.Char(
        string="National Identifier",
        help="Of a legal entity: for an Iranian party, the Iranian national identifier "
        "(11 digits, check digit verified); for a foreign party, the identifier of its "
        "country (e.g. the tax number, INN in Russia), optional.",
    )
    registration_number = fields.Char()
    economic_code = fields.Char()
    street = fields.Char()
    city = fields.Char()
    zip = fields.Char()
    country_id = fields.Many2one("res.country")
    client_location = fields.Text(
        help="Where the client works: the site of the project."
    )
    bank_name = fields.Char(string="Bank")
    bank_account = fields.Char()
    bank_iban = fields.Char(
        string="IBAN (Sheba)",
        help="For an Iranian party, the Sheba: IR followed by 24 digits. For a foreign "
        "party, the IBAN of its account (ISO 13616, check digits verified), when its "
        "country's banks use IBANs.",
    )
    phone = fields.Char()
    mobile = fields.Char()
    email = fields.Char()
    signatory_ids = fields.One2many(
        "crm.contract.signatory", "request_id", string="Signatories", copy=True,
    )

    # Deal
    amount = fields.Monetary(currency_field="currency_id", tracking=True)
    subject = fields.Char(tracking=True)
    terms = fields.Html()
    date_start = fields.Date(string="Start Date", tracking=True)
    date_end = fields.Date(string="End Date", tracking=True)
    executor_id = fields.Many2one("res.users", string="Desired Executor", tracking=True)
    payment_line_ids = fields.One2many(
        "crm.contract.payment.line", "request_id", string="Payment Schedule", copy=True,
    )

    # Workflow: who and when
    submitted_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    submitted_on = fields.Datetime(readonly=True, copy=False)
    drafting_start_on = fields.Datetime(string="Drafting Started On", readonly=True, copy=False)
    drafting_end_on = fields.Datetime(string="Drafting Ended On", readonly=True, copy=False)
    drafted_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    contract_number = fields.Char(readonly=True, copy=False, tracking=True)
    contract_date = fields.Date(copy=False, tracking=True)
    contract_attachment_id = fields.Many2one(
        "ir.attachment", string="Contract Document", copy=False, readonly=True,
    )
    sent_on = fields.Datetime(readonly=True, copy=False)
    sent_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    signing_event_id = fields.Many2one(
        "calendar.event", string="Signing Meeting", copy=False, readonly=True,
    )
    signed_on = fields.Datetime(readonly=True, copy=False)
    signed_by_id = fields.Many2one("res.users", string="Signing Recorded By", readonly=True, copy=False)
    signed_attachment_ids = fields.Many2many(
        "ir.attachment", "crm_contract_request_signed_attachment_rel",
        "request_id", "attachment_id", string="Signed Contract Scans", copy=False,
    )
    check_pages_signed = fields.Boolean(
        string="Every page signed by both parties", copy=False, tracking=True,
    )
    check_pages_stamped = fields.Boolean(
        string="Agency stamp on every page", copy=False, tracking=True,
    )
    check_authorized_signatories = fields.Boolean(
        string="Signed by the authorised signatories", copy=False, tracking=True,
        help="For a legal entity: the contract is signed by its authorised "
        "signatories and every page carries the company's stamp.",
    )
    archived_on = fields.Datetime(readonly=True, copy=False)
    archived_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    execution_started_on = fields.Datetime(readonly=True, copy=False)
    execution_started_by_id = fields.Many2one(
        "res.users", string="Referred to Execution By", readonly=True, copy=False,
    )
    acceptance_attachment_ids = fields.Many2many(
        "ir.attachment", "crm_contract_request_acceptance_attachment_rel",
        "request_id", "attachment_id", string="Acceptance Documents", copy=False,
        help="The acceptance act or the other documents, signed by the customer, "
        "that confirm the delivery of the work. Project control attaches them "
        "before it records the delivery.",
    )
    delivered_on = fields.Datetime(readonly=True, copy=False)
    delivered_by_id = fields.Many2one(
        "res.users", string="Delivery Recorded By", readonly=True, copy=False,
    )
    paid_on = fields.Datetime(
        readonly=True, copy=False,
        help="When the last payment line was found paid on its invoice.",
    )
    paid_by_id = fields.Many2one(
        "res.users", string="Payment Recorded By", readonly=True, copy=False,
        help="Who registered the last payment (or checked the payments).",
    )
    closed_on = fields.Datetime(readonly=True, copy=False)
    closed_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    cancel_reason = fields.Text(string="Cancellation Reason", readonly=True, copy=False)

    finance_reminder_activity_id = fields.Many2one(
        "mail.activity", string="Finance Reminder", readonly=True, copy=False,
        ondelete="set null",
    )
    invoiced_amount = fields.Monetary(
        string="Invoiced", compute="_compute_invoice_amounts", currency_field="currency_id",
    )
    paid_amount = fields.Monetary(
        string="Paid", compute="_compute_invoice_amounts", currency_field="currency_id",
    )
    due_amount = fields.Monetary(
        string="Invoiced, Not Paid", compute="_compute_invoice_amounts",
        currency_field="currency_id",
    )
    to_invoice_amount = fields.Monetary(
        string="Left to Invoice", compute="_compute_invoice_amounts",
        currency_field="currency_id",
        help="The contract's amount not invoiced yet (the final invoice to make).",
    )
    agency_payment_state = fields.Selection(
        [
            ("none", "Nothing Invoiced"),
            ("partial", "Partly Paid"),
            ("unpaid", "Invoiced, Not Paid"),
            ("paid", "All Paid"),
        ],
        string="Payment Status", compute="_compute_invoice_amounts",
        help="Every payment line of the schedule paid on its invoice: All Paid.",
    )
    survey_input_ids = fields.One2many(
        "survey.user_input", "agency_contract_request_id", string="Satisfaction Answers",
        readonly=True, copy=False, groups="survey.group_survey_user",
    )
    survey_invite_url = fields.Char(
        string="Satisfaction Survey Link", compute="_compute_survey_invite_url",
        help="The customer's link to the satisfaction questionnaire sent at the close.",
    )
    satisfaction_score = fields.Float(
        string="Satisfaction (%)", compute="_compute_satisfaction_score", store=True,
        aggregator="avg", digits=(16, 1), copy=False,
        help="Average score of the customer's completed satisfaction questionnaires.",
    )
    satisfaction_count = fields.Integer(
        string="Completed Questionnaires", compute="_compute_satisfaction_score", store=True,
        copy=False,
    )

    # the legal archive's record of the signed contract (models/legal_archive.py)
    legal_archive_ids = fields.One2many("legal.archive", "request_id", string="Legal Archive Records")
    legal_archive_id = fields.Many2one(
        "legal.archive", compute="_compute_legal_archive_id",
    )

    can_edit_data = fields.Boolean(
        compute="_compute_can_edit_data",
        help="Whether the current user may change the contract's data now.",
    )

    _sql_constraints = [
        (
            "name_company_uniq",
            "unique(company_id, name)",
            "The contract request reference must be unique per company.",
        ),
    ]

    # ------------------------------------------------------------
    # COMPUTES
    # ------------------------------------------------------------

    @api.depends("order_id", "company_id")
    def _compute_currency_id(self):
        for request in self:
            request.currency_id = (
                request.order_id.currency_id
                or request.company_id.currency_id
                or self.env.company.currency_id
            )

    @api.depends(
        "amount", "payment_line_ids.invoice_id.payment_state",
        "order_id.invoice_ids.state", "order_id.invoice_ids.amount_residual",
    )
    def _compute_invoice_amounts(self):
        for request in self:
            invoiced = paid = 0.0
            # sudo: finance and project control read the totals without
            # accounting rights on the invoices themselves.
            for move in request.sudo().order_id.invoice_ids.filtered(lambda m: m.state == "posted"):
                sign = -1 if move.move_type == "out_refund" else 1
                invoiced += sign * move.amount_total
                paid += sign * (move.amount_total - move.amount_residual)
            request.invoiced_amount = invoiced
            request.paid_amount = paid
            request.due_amount = invoiced - paid
            request.to_invoice_amount = max(request.amount - invoiced, 0.0)
            currency = request.currency_id
            if request._all_paid():
                request.agency_payment_state = "paid"
            elif float_is_zero(invoiced, precision_rounding=currency.rounding or 0.01):
                request.agency_payment_state = "none"
            elif float_is_zero(paid, precision_rounding=currency.rounding or 0.01):
                request.agency_payment_state = "unpaid"
            else:
                request.agency_payment_state = "partial"

    @api.depends("state")
    def _compute_survey_invite_url(self):
        for request in self:
            # sudo: the salesperson and the customer's mail read the link of
            # the invite without rights on the Survey app.
            answer = request.sudo().survey_input_ids.sorted("id")[-1:]
            request.survey_invite_url = (
                request.get_base_url() + answer.get_start_url() if answer else False
            )

    @api.depends("survey_input_ids.state", "survey_input_ids.scoring_percentage")
    def _compute_satisfaction_score(self):
        for request in self:
            # sudo: the score is shown to the sales team, who need no rights
            # on the survey answers themselves.
            done = request.sudo().survey_input_ids.filtered(
                lambda a: a.state == "done" and not a.test_entry
            )
            request.satisfaction_count = len(done)
            request.satisfaction_score = (
                sum(done.mapped("scoring_percentage")) / len(done) if done else 0.0
            )

    @api.depends("legal_archive_ids")
    def _compute_legal_archive_id(self):
        for request in self:
            request.legal_archive_id = request.legal_archive_ids[:1]

    @api.depends("state", "user_id")
    @api.depends_context("uid")
    def _compute_can_edit_data(self):
        for request in self:
            request.can_edit_data = not request._data_edit_problem()

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    def init(self):
        result = super().init()
        self._create_order_unique_index()
        return result

    def _create_order_unique_index(self):
        """A partial unique index: one request per quotation that is not
        cancelled. The database refuses the second of two concurrent
        confirmations, which the model's own check cannot see."""
        cr = self.env.cr
        cr.execute(SQL(
            "SELECT order_id FROM crm_contract_request "
            "WHERE order_id IS NOT NULL AND state != 'cancelled' "
            "GROUP BY order_id HAVING count(*) > 1 LIMIT 1"
        ))
        if cr.fetchone():
            _logger.warning(
                "Several active contract requests share a quotation: cancel the extra ones, "
                "then update the module to enforce one request per quotation (index %s).",
                ORDER_UNIQUE_INDEX,
            )
            return
        cr.execute(SQL(
            "CREATE UNIQUE INDEX IF NOT EXISTS %s ON crm_contract_request (order_id) "
            "WHERE order_id IS NOT NULL AND state != 'cancelled'",
            SQL.identifier(ORDER_UNIQUE_INDEX),
        ))

    def _is_transition(self):
        return is_internal(self.env, TRANSITION_KEY)

    @api.model
    def _normalize_vals(self, vals):
        """``vals`` with the identifiers and numbers in ASCII digits."""
        vals = dict(vals)
        for fname, normalize in DIGIT_FIELDS.items():
            if isinstance(vals.get(fname), str):
                vals[fname] = normalize(vals[fname]) or False
        return vals

    def _check_one_per_order(self, order_ids):
        """Refuse a second active request for one of ``order_ids``."""
        order_ids = [order_id for order_id in order_ids if order_id]
        if not order_ids:
            return
        if len(set(order_ids)) < len(order_ids):
            raise UserError(self.env._("A quotation has only one contract request."))
        # sudo: the other request may belong to another salesperson.
        existing = self.sudo().search([
            ("order_id", "in", order_ids), ("state", "!=", "cancelled"), ("id", "not in", self.ids),
        ], limit=1)
        if existing:
            raise UserError(self.env._(
                "The quotation %(order)s already has the contract request %(request)s; "
                "cancel it with a reason before making another one.",
                order=existing.order_id.display_name, request=existing.name,
            ))

    @api.model_create_multi
    def create(self, vals_list):
        vals_list = [self._normalize_vals(vals) for vals in vals_list]
        for vals in vals_list:
            if not vals.get("name") or vals["name"] == "/":
                company = self.env["res.company"].browse(
                    vals.get("company_id") or self.env.company.id
                )
                vals["name"] = (
                    self.env["ir.sequence"].with_company(company)
                    .next_by_code("crm.contract.request") or "/"
                )
            if self.env.su or self._is_transition():
                continue
            forbidden = set(vals) & (WORKFLOW_FIELDS | SYSTEM_FIELDS - {"name"}) - {"state"}
            if forbidden:
                raise UserError(self.env._(
                    "The workflow fields are set by the contract request's actions (%(fields)s).",
                    fields=", ".join(sorted(forbidden)),
                ))
            if vals.get("state", "draft") != "draft":
                raise UserError(self.env._("A contract request is created as a draft."))
        # self.browse(): on copy(), self is the request being copied
        self.browse()._check_one_per_order([
            vals.get("order_id") for vals in vals_list if vals.get("state", "draft") != "cancelled"
        ])
        try:
            with self.env.cr.savepoint():
                return super().create(vals_list)
        except pg_errors.UniqueViolation as error:
            if error.diag.constraint_name != ORDER_UNIQUE_INDEX:
                raise
            raise UserError(self.env._(
                "This quotation already has a contract request (made at the same moment by "
                "another user)."
            )) from None

    def write(self, vals):
        vals = self._normalize_vals(vals)
        transition = self._is_transition()
        if not transition:
            self._check_write(vals)
        if vals.get("order_id"):
            self._check_one_per_order([vals["order_id"]] * len(self))
        records = self if transition else self.with_context(**internal_context(LINES_KEY))
        result = super(CrmContractRequest, records).write(vals)
        if not transition and set(vals) & CONTRACT_DATA_FIELDS:
            self._data_changed()
        return result

    @api.ondelete(at_uninstall=True)
    def _unlink_only_drafts(self):
        """A submitted request is history: it is cancelled with a reason,
        never deleted; a draft is deleted by its salesperson."""
        if module_uninstalling(self.env):
            return
        for request in self:
            if request.state != "draft":
                raise UserError(self.env._(
                    "The contract request %(name)s cannot be deleted once submitted: "
                    "cancel it with a reason instead.",
                    name=request.name,
                ))
        if not self.env.su:
            self._check_role("sales")

    def _check_write(self, vals):
        """The rules of a client's write (a transition skips them)."""
        fnames = set(vals)
        signed_docs = self.filtered(
            lambda r: r.state in SIGNED_STATES or (r.state == "cancelled" and r.signed_by_id)
        )
        delivered = self.filtered(lambda r: r.delivered_by_id)
        if fnames & ACCEPTANCE_FIELDS and delivered:
            # the acceptance act is the proof of the delivery: kept as it was
            raise UserError(self.env._(
                "The acceptance documents of %(names)s cannot be changed once the delivery "
                "is recorded.", names=", ".join(delivered.mapped("name")),
            ))
        if "signed_attachment_ids" in fnames and signed_docs:
            # the signed scans are the contract: not even the superuser
            # unlinks them from a signed request
            raise UserError(self.env._(
                "The signed scans of %(names)s cannot be removed or replaced.",
                names=", ".join(signed_docs.mapped("name")),
            ))
        if self.env.su:
            return
        forbidden = fnames & (WORKFLOW_FIELDS | SYSTEM_FIELDS)
        if forbidden:
            raise UserError(self.env._(
                "The status of a contract request and the who/when of its steps "
                "change only through its actions (submit, draft, send, sign...): %(fields)s.",
                fields=", ".join(sorted(forbidden)),
            ))
        if fnames & ACCEPTANCE_FIELDS:
            self._check_acceptance_editable()
        self._check_not_locked({
            name: value for name, value in vals.items() if name not in ACCEPTANCE_FIELDS
        })
        if fnames & SIGNING_FIELDS:
            self._check_role("sales")
        data = fnames & CONTRACT_DATA_FIELDS
        if data:
            self._check_data_editable(data)

    def _check_acceptance_editable(self):
        """Project control attaches the acceptance documents while the
        contract is in execution (before it records the delivery)."""
        self._check_role("project")
        self._check_state(
            ("in_execution",), self.env._("given acceptance documents"),
        )

    def _data_edit_problem(self):
        """Why the current user may not change the contract's data of this
        request now (an exception to raise), or None.

        - draft: the salesperson of the request (or a sales manager);
        - submitted and drafted: finance only, correcting the contract it
          drafts (the document is made again when a drafted one changes);
        - sent to the customer and later: nobody (cancel and make a new one).
        Project control never changes the contract's data."""
        self.ensure_one()
        if self.env.su:
            return None
        state_label = dict(self._fields["state"]._description_selection(self.env))[self.state]
        if self.state == "draft":
            if self._role_ok("sales"):
                return None
            return AccessError(self.env._(
                "Only the salesperson of the contract request %(name)s or a sales manager "
                "fills in its data.", name=self.name,
            ))
        if self.state in FINANCE_EDIT_STATES:
            if self._role_ok("finance"):
                return None
            return UserError(self.env._(
                "The contract request %(name)s is %(state)s: only finance corrects its "
                "data while it drafts the contract.", name=self.name, state=state_label,
            ))
        if self.state in LOCKED_STATES:
            return UserError(self.env._(
                "The contract request %(name)s is %(state)s: its data cannot be changed "
                "any more.", name=self.name, state=state_label,
            ))
        return UserError(self.env._(
            "The contract request %(name)s is %(state)s: the customer has the contract, its "
            "data cannot be changed any more; cancel it with a reason and make a new request.",
            name=self.name, state=state_label,
        ))

    def _check_data_editable(self, fnames):
        for request in self:
            problem = request._data_edit_problem()
            if problem:
                labels = ", ".join(sorted(
                    self._fields[name]._description_string(self.env)
                    for name in fnames if name in self._fields
                ))
                raise type(problem)("%s (%s)" % (problem.args[0], labels))

    def _check_not_locked(self, vals):
        """A signed (or cancelled) contract is not edited any more: only its
        chatter, activities and the workflow itself change."""
        if self.env.su or self._is_transition():
            return
        changed = {
            name for name in vals
            if name in self._fields and name not in UNLOCKED_FIELDS
            and not name.startswith(("message_", "activity_"))
        }
        if not changed:
            return
        for request in self:
            if request.state in LOCKED_STATES:
                raise UserError(self.env._(
                    "The contract request %(name)s is %(state)s: its data cannot be "
                    "changed any more (%(fields)s).",
                    name=request.name,
                    state=dict(self._fields["state"]._description_selection(self.env))[request.state],
                    fields=", ".join(self._fields[name].string for name in sorted(changed)),
                ))

    def _check_lines_editable(self, fname=None):
        """Signatories and the payment schedule follow the contract's data:
        checked by the request's write() when they change through it,
        checked here when a client changes a line directly."""
        if is_internal(self.env, LINES_KEY) or self._is_transition():
            return
        locked = self.filtered(lambda r: r.state in LOCKED_STATES)
        if locked and not self.env.su:
            raise UserError(self.env._(
                "The signatories and the payment schedule of %(names)s cannot be "
                "changed any more: the contract is signed or cancelled.",
                names=", ".join(locked.mapped("name")),
            ))
        self._check_data_editable({fname} if fname else set())

    def _lines_changed(self):
        """A signatory or a payment line changed directly: a drafted
        contract's document is made again."""
        if is_internal(self.env, LINES_KEY) or self._is_transition():
            return
        self._data_changed()

    def _data_changed(self):
        """The contract's data changed (finance's correction): the document
        of a drafted contract is made again from the corrected data."""
        for request in self.filtered(lambda r: r.state == "drafted"):
            attachment = request._generate_contract_document()
            if attachment:
                request.message_post(
                    body=self.env._("Contract data corrected: the contract document is made again."),
                    attachment_ids=attachment.ids,
                )

    def _transition(self, vals, message=None):
        """Write the workflow ``vals`` (state and who/when) and post
        ``message`` on the chatter. Used by every transition, also by the
        legal archive, after their own role and state checks."""
        self.with_context(**internal_context(TRANSITION_KEY)).write(vals)
        if vals.get("state"):
            self._close_step_activities(vals["state"])
        if message:
            for request in self:
                request.message_post(body=message)

    def _close_step_activities(self, state):
        """Mark done the workflow activities that reaching ``state``
        completes (all of them when the request is cancelled)."""
        prefix = "crm_agency_sales.mail_activity_type_contract_"
        if state == "cancelled":
            self.activity_unlink([prefix + key for key in (
                "drafting", "signing", "paper_copy", "reminder", "final_payment", "close")])
            return
        to_close = {
            "drafted": ("drafting", "reminder"),
            "signing": ("signing",),
            "signed": ("signing",),
            "in_execution": ("paper_copy",),
            "paid": ("final_payment",),
            "closed": ("final_payment", "close"),
        }.get(state, ())
        if to_close:
            self.activity_feedback([prefix + key for key in to_close])
        if state == "archived":
            # finance has received the paper copy; project control's remains
            for request in self:
                finance = request._agency_group_users("crm_agency_sales.group_agency_finance")
                request.activity_search([prefix + "paper_copy"]).filtered(
                    lambda a: a.user_id in finance
                ).action_feedback()

    # ------------------------------------------------------------
    # VALIDATION
    # ------------------------------------------------------------

    @api.constrains("amount")
    def _check_amount_range(self):
        for request in self:
            if not math.isfinite(request.amount or 0.0) or abs(request.amount or 0.0) >= MAX_AMOUNT:
                raise ValidationError(self.env._(
                    "The amount of the contract request %(name)s is out of range: it must be "
                    "below %(max)s.", name=request.name, max="{:,}".format(MAX_AMOUNT),
                ))

    @api.constrains(
        "national_id", "company_national_id", "bank_iban", "date_start", "date_end",
        "country_id", "partner_id",
    )
    def _check_identity_formats(self):
        for request in self:
            problems = request._format_problems()
            if problems:
                raise ValidationError("\n".join(problems))

    def _is_iranian(self):
        """Whether the Iranian formats apply to the party
        (``iran_id.is_iranian_party``): the request's country, else its
        customer's, is Iran, or neither has a country."""
        self.ensure_one()
        country = self.country_id or self.partner_id.commercial_partner_id.country_id
        return is_iranian_party(country.code)

    def _format_problems(self):
        """Problems of the values that are given but wrong. The Iranian
        formats hold for an Iranian party; a foreign party's identifiers are
        free text and its IBAN passes the ISO 13616 check."""
        self.ensure_one()
        problems = []
        iranian = self._is_iranian()
        if iranian and self.national_id and not is_valid_national_code(self.national_id):
            problems.append(self.env._("The national code %(code)s is not valid.", code=self.national_id))
        if (
            iranian
            and self.company_national_id
            and not is_valid_company_national_id(self.company_national_id)
        ):
            problems.append(self.env._(
                "The national identifier %(code)s is not valid.", code=self.company_national_id
            ))
        if self.bank_iban and iranian and not is_valid_iran_iban(self.bank_iban):
            problems.append(self.env._(
                "The IBAN %(iban)s is not valid: it must be IR followed by 24 digits.",
                iban=self.bank_iban,
            ))
        elif self.bank_iban and not iranian:
            problem = check_iban(self.bank_iban)
            if problem == PROBLEM_CHECKSUM:
                problems.append(self.env._(
                    "The IBAN %(iban)s is not valid: its check digits do not match the account "
                    "(ISO 13616 check). Correct the typing error.",
                    iban=self.bank_iban,
                ))
            elif problem:
                problems.append(self.env._(
                    "The IBAN %(iban)s is not valid: an IBAN is the country's two letters, two "
                    "check digits and the account number, with the length and layout of that "
                    "country. Leave it empty if the customer's bank has no IBAN.",
                    iban=self.bank_iban,
                ))
        if self.date_start and self.date_end and self.date_end < self.date_start:
            problems.append(self.env._("The end date is before the start date."))
        return problems

    def _data_problems(self):
        """Every missing or invalid item of the request, as a list of
        translated sentences: a draft may be incomplete, submitting it to
        finance needs none of these."""
        self.ensure_one()
        problems = []
        if not self.partner_id:
            problems.append(self.env._("The customer is missing."))
        if not self.legal_name:
            problems.append(self.env._("The legal name is missing."))
        # an Iranian person needs the national code, a foreign one the
        # identity number of its country (national ID or passport); an
        # Iranian company needs its national identifier, every company its
        # registration number (the only identifier of many countries' companies)
        iranian = self._is_iranian()
        if self.party_type == "person" and not self.national_id:
            if iranian:
                problems.append(self.env._("The national code of the person is missing."))
            else:
                problems.append(self.env._(
                    "The identity number of the person (national ID or passport number) is missing."
                ))
        if self.party_type == "company":
            if iranian and not self.company_national_id:
                problems.append(self.env._("The national identifier of the company is missing."))
            if not self.registration_number:
                problems.append(self.env._("The registration number of the company is missing."))
            if not self.signatory_ids:
                problems.append(self.env._("A company needs at least one authorised signatory."))
        # a signatory's name is required by its model: it always has one
        for signatory in self.signatory_ids:
            if not signatory.position:
                problems.append(self.env._(
                    "The signatory %(name)s has no position.",
                    name=signatory.name,
                ))
            if iranian and signatory.national_id and not is_valid_national_code(signatory.national_id):
                problems.append(self.env._(
                    "The national code %(code)s of the signatory %(name)s is not valid.",
                    code=signatory.national_id, name=signatory.name,
                ))
        if not self.street and not self.city:
            problems.append(self.env._("The address is missing."))
        if not self.phone and not self.mobile:
            problems.append(self.env._("A phone or mobile number is missing."))
        if not self.subject:
            problems.append(self.env._("The subject of the contract is missing."))
        if not self.date_start:
            problems.append(self.env._("The start date is missing."))
        if not self.date_end:
            problems.append(self.env._("The end date is missing."))
        currency = self.currency_id
        if float_compare(self.amount, 0.0, precision_rounding=currency.rounding) <= 0:
            problems.append(self.env._("The contract amount must be positive."))
        lines = self.payment_line_ids
        if not lines:
            problems.append(self.env._("The payment schedule is empty."))
        else:
            for line in lines:
                if not line.label:
                    problems.append(self.env._("A payment line has no label."))
                if not line.due_date:
                    problems.append(self.env._(
                        "The payment line %(label)s has no due date.", label=line.label or "?"
                    ))
            total_percent = sum(lines.mapped("percent"))
            if float_compare(total_percent, 100.0, precision_digits=2):
                problems.append(self.env._(
                    "The payment lines add up to %(percent)s%%, not 100%%.",
                    percent=round(total_percent, 2),
                ))
            total = sum(lines.mapped("amount"))
            if not float_is_zero(total - self.amount, precision_rounding=currency.rounding):
                problems.append(self.env._(
                    "The payment lines add up to %(total)s, not to the amount %(amount)s.",
                    total=currency.round(total), amount=self.amount,
                ))
        return problems + self._format_problems()

    def _validate(self):
        """Raise one UserError listing every problem of each request."""
        for request in self:
            problems = request._data_problems()
            if problems:
                raise UserError(self.env._(
                    "The contract request %(name)s is incomplete:\n%(problems)s",
                    name=request.name,
                    problems="\n".join("- %s" % p for p in problems),
                ))

    # ------------------------------------------------------------
    # PRE-FILL FROM THE QUOTATION AND ITS CUSTOMER
    # ------------------------------------------------------------

    @api.model
    def _new_from_order(self, order, lead=None):
        """A new draft request for ``order`` (and its opportunity ``lead``),
        pre-filled by ``_prepare_from_order``: the salesperson completes it
        in its form and submits it to finance."""
        values = self._prepare_from_order(order, lead=lead)
        if not values.get("partner_id"):
            raise UserError(self.env._(
                "Set the customer of the opportunity or the quotation before making its "
                "contract request."
            ))
        return self.create(values)

    @api.model
    def _prepare_from_order(self, order, lead=None):
        """Values of a new request: the customer's data, the quotation's
        amount and currency, the opportunity's name as subject and a default
        payment schedule. ``order`` may be empty (a lead without quotation)."""
        lead = lead or order.opportunity_id
        partner = order.partner_id or lead.partner_id
        values = self._prepare_partner_values(partner)
        company = order.company_id or lead.company_id or self.env.company
        currency = order.currency_id or company.currency_id
        values.update({
            "lead_id": lead.id,
            "order_id": order.id,
            "user_id": (order.user_id or lead.user_id or self.env.user).id,
            "company_id": company.id,
            "currency_id": currency.id,
        })
        if order:
            values["amount"] = order.amount_total
        if lead:
            values["subject"] = lead.name
        values["payment_line_ids"] = self._prepare_payment_lines(values.get("amount") or 0.0, currency)
        return values

    @api.model
    def _prepare_partner_values(self, partner):
        """The party of the contract read from the customer: its commercial
        partner's name, identifiers, address and first bank account, the
        contact's phone and email, and for a company its contacts that have a
        position as signatories."""
        if not partner:
            return {}
        commercial = partner.commercial_partner_id
        values = {
            "partner_id": partner.id,
            "party_type": self._party_type_of(partner),
            "legal_name": commercial.name,
            "street": commercial.street,
            "city": commercial.city,
            "zip": commercial.zip,
            "country_id": commercial.country_id.id,
            "phone": partner.phone or commercial.phone,
            "mobile": partner.mobile or commercial.mobile,
            "email": partner.email or commercial.email,
        }
        for partner_field, request_field in PARTNER_IDENTITY_FIELDS.items():
            if partner_field in commercial._fields and commercial[partner_field]:
                values[request_field] = commercial[partner_field]
        bank = commercial.bank_ids[:1]
        if bank:
            values["bank_name"] = bank.bank_id.name
            values["bank_account"] = bank.acc_number
            if (bank.acc_number or "").replace(" ", "").upper().startswith("IR"):
                values["bank_iban"] = bank.acc_number
        if commercial.is_company:
            values["signatory_ids"] = [
                Command.create({"name": contact.name, "position": contact.function})
                for contact in commercial.child_ids
                if contact.function and contact.type == "contact"
            ]
        return values

    @api.model
    def _prepare_payment_lines(self, amount, currency):
        """The default schedule: half now as prepayment, the rest in 30 days
        (the second line takes the rounding, so that the amounts add up
        exactly); none without an amount."""
        if not amount:
            return []
        today = fields.Date.context_today(self)
        prepayment = currency.round(amount / 2.0)
        return [
            Command.create({
                "sequence": 1, "label": self.env._("Prepayment"), "percent": 50.0,
                "amount": prepayment, "is_prepayment": True, "due_date": today,
            }),
            Command.create({
                "sequence": 2, "label": self.env._("Final payment"), "percent": 50.0,
                "amount": currency.round(amount - prepayment),
                "due_date": today + timedelta(days=30),
            }),
        ]

    # ------------------------------------------------------------
    # ROLES
    # ------------------------------------------------------------

    def _role_ok(self, role):
        self.ensure_one()
        user = self.env.user
        if self.env.su:
            return True
        if role == "manager":
            return user.has_group("sales_team.group_sale_manager")
        if role == "sales":
            if user.has_group("sales_team.group_sale_manager"):
                return True
            return user.has_group("sales_team.group_sale_salesman") and self.user_id == user
        if role == "finance":
            return user.has_group("crm_agency_sales.group_agency_finance")
        if role == "project":
            return user.has_group("crm_agency_sales.group_agency_project_control")
        return False

    def _check_role(self, role):
        labels = {
            "sales": self.env._("the salesperson of the request or a sales manager"),
            "manager": self.env._("a sales manager"),
            "finance": self.env._("a finance officer"),
            "project": self.env._("project control"),
        }
        for request in self:
            if not request._role_ok(role):
                raise AccessError(self.env._(
                    "Only %(role)s can do this on the contract request %(name)s.",
                    role=labels[role], name=request.name,
                ))

    def _check_state(self, states, action):
        for request in self:
            if request.state not in states:
                raise UserError(self.env._(
                    "The contract request %(name)s cannot be %(action)s while it is %(state)s.",
                    name=request.name, action=action,
                    state=dict(self._fields["state"]._description_selection(self.env))[request.state],
                ))

    def _agency_group_users(self, group_xmlid):
        """Active internal users of ``group_xmlid`` working for the request's company."""
        self.ensure_one()
        group = self.env.ref(group_xmlid, raise_if_not_found=False)
        if not group:
            return self.env["res.users"]
        # sudo: the group's members are read to assign activities, whatever
        # the current user's rights on res.groups.
        return group.sudo().users.filtered(
            lambda u: u.active and not u.share and self.company_id in u.company_ids
        ).sudo(False)

    def _schedule_for(self, users, summary, note="", deadline=None,
                             act_type_xmlid="mail.mail_activity_data_todo"):
        self.ensure_one()
        for user in users:
            self.activity_schedule(
                act_type_xmlid,
                date_deadline=deadline or fields.Date.context_today(self),
                summary=summary, note=note, user_id=user.id,
            )

    # ------------------------------------------------------------
    # TRANSITIONS
    # ------------------------------------------------------------

    def action_submit(self):
        self._check_role("sales")
        self._check_state(("draft",), self.env._("submitted"))
        self._validate()
        now = fields.Datetime.now()
        for request in self:
            request._transition(
                {"state": "submitted", "submitted_by_id": self.env.uid, "submitted_on": now},
                self.env._("Contract request submitted to finance."),
            )
            request._schedule_for(
                request._agency_group_users("crm_agency_sales.group_agency_finance"),
                self.env._("Draft the contract %(name)s", name=request.name),
                note=self.env._("%(partner)s: %(subject)s", partner=request.partner_id.display_name,
                       subject=request.subject or ""),
                act_type_xmlid="crm_agency_sales.mail_activity_type_contract_drafting",
            )
            # the contract step of the lead is done: its request is filled
            # and with finance (an accepted quotation moved it there already)
            request.lead_id._agency_advance_to_step("contract")
            request.lead_id._agency_close_process_activities(
                ["contract"], feedback=self.env._("Contract request %(name)s submitted.", name=request.name),
            )
        return True

    def action_start_drafting(self):
        self._check_role("finance")
        self._check_state(("submitted",), self.env._("taken into drafting"))
        for request in self.filtered(lambda r: not r.drafting_start_on):
            request._transition(
                {"drafting_start_on": fields.Datetime.now(), "drafted_by_id": self.env.uid},
                self.env._("Finance started drafting the contract."),
            )
        # feedback in the web client; the form reloads (next: close action)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "info",
                "title": self.env._("Drafting started"),
                "message": self.env._(
                    "%(names)s: the salesperson sees that you are drafting the contract. "
                    "Click \"Contract Drafted\" when it is ready.",
                    names=", ".join(self.mapped("name")),
                ),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    def action_drafted(self):
        self._check_role("finance")
        self._check_state(("submitted",), self.env._("marked as drafted"))
        now = fields.Datetime.now()
        for request in self:
            vals = {
                "state": "drafted",
                "drafting_end_on": now,
                "drafted_by_id": self.env.uid,
            }
            if not request.drafting_start_on:
                vals["drafting_start_on"] = now
            if not request.contract_number:
                vals["contract_number"] = (
                    self.env["ir.sequence"].with_company(request.company_id)
                    .next_by_code("crm.contract.number") or "/"
                )
            if not request.contract_date:
                vals["contract_date"] = fields.Date.context_today(request)
            request._transition(vals)
            request._generate_contract_document()
            request.message_post(
                body=self.env._("Contract %(number)s drafted; referred back to the salesperson.",
                       number=request.contract_number),
                attachment_ids=request.contract_attachment_id.ids,
            )
            request._schedule_for(
                request.user_id,
                self.env._("Contract ready: book the signing meeting"),
                note=self.env._("Contract %(number)s is drafted. Send it to the customer and book "
                       "the signing meeting.", number=request.contract_number),
                act_type_xmlid="crm_agency_sales.mail_activity_type_contract_signing",
            )
        return True

    def _generate_contract_document(self):
        """Render the QWeb contract report (when installed) and attach it."""
        self.ensure_one()
        report = self.env.ref("crm_agency_sales.action_report_contract", raise_if_not_found=False)
        if not report:
            return False
        # sudo: finance renders the contract from data (partner, order) it may
        # only read partially; the attachment is linked to this request.
        content, _type = self.env["ir.actions.report"].sudo()._render_qweb_pdf(report, self.ids)
        filename = "%s.pdf" % (self.contract_number or self.name).replace("/", "-")
        attachment = self.env["ir.attachment"].create({
            "name": filename,
            "type": "binary",
            "datas": base64.b64encode(content),
            "res_model": self._name,
            "res_id": self.id,
            "mimetype": "application/pdf",
        })
        self.with_context(**internal_context(TRANSITION_KEY)).contract_attachment_id = attachment
        return attachment

    def action_mark_sent(self):
        self._check_mark_sent()
        self._mark_sent(self.env._("Contract sent to the customer for reading."))
        # sent without the composer: the customer has no email from us yet
        self._notify_customer("sent")
        return True

    def _check_mark_sent(self):
        """Who may record that the contract went to the customer, and when:
        the salesperson of the request (or a sales manager), once drafted."""
        self._check_role("sales")
        self._check_state(("drafted",), self.env._("marked as sent"))

    def _mark_sent(self, message):
        """The "sent to the customer" step (after ``_check_mark_sent``)."""
        now = fields.Datetime.now()
        for request in self:
            request._transition(
                {"state": "sent", "sent_on": now, "sent_by_id": self.env.uid}, message,
            )

    def action_open_contract_pdf(self):
        """The contract document itself (the PDF, in the browser's viewer),
        not the attachment record."""
        self.ensure_one()
        attachment = self.contract_attachment_id
        if not attachment:
            raise UserError(self.env._(
                "The contract request %(name)s has no contract document yet: finance makes it "
                "when it marks the contract as drafted.", name=self.name,
            ))
        return {
            "type": "ir.actions.act_url",
            "url": "/web/content/%s?download=false" % attachment.id,
            "target": "new",
        }

    def action_send_contract(self):
        """The mail composer with the contract document and the covering
        message in the customer's language, addressed to the customer.
        Sending it records the step (``message_post`` below)."""
        self.ensure_one()
        self._check_mark_sent()
        if not self.contract_attachment_id:
            self._generate_contract_document()
        template = self.env.ref("crm_agency_sales.mail_template_agency_contract",
                                raise_if_not_found=False)
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Send the Contract"),
            "res_model": "mail.compose.message",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {
                "default_model": self._name,
                "default_res_ids": self.ids,
                "default_composition_mode": "comment",
                "default_template_id": template.id if template else False,
                "default_attachment_ids": [Command.set(self.contract_attachment_id.ids)],
                "default_email_layout_xmlid": "mail.mail_notification_layout_with_responsible_signature",
                "force_email": True,
                # the customer gets the email, without following the
                # internal request
                "mail_post_autofollow": False,
                MARK_SENT_KEY: True,
            },
        }

    def action_open_mark_sent_wizard(self):
        """Handed over in person: a note, then the same step as by email."""
        self.ensure_one()
        self._check_mark_sent()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Mark as Sent (in person)"),
            "res_model": "crm.contract.request.mark.sent",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {"default_request_id": self.id},
        }

    def _mark_sent_in_person(self, note):
        """The contract was handed to the customer in person: the note goes
        on the chatter with the step."""
        self._check_mark_sent()
        note = (note or "").strip()
        if not note:
            raise UserError(self.env._(
                "Say how the contract was handed over to the customer (a short note)."
            ))
        self._mark_sent(self.env._(
            "Contract handed over to the customer in person: %(note)s", note=note,
        ))
        self._notify_customer("sent")

    def message_post(self, **kwargs):
        """A message sent from the contract's composer (``action_send_contract``
        sets ``agency_mark_contract_sent``) records the "sent" step of the
        drafted requests, with the same role and state checks as the button:
        the key cannot skip a check, it only asks for that checked step, and
        only a message to the customer counts (a log note does not)."""
        if not self.env.context.get(MARK_SENT_KEY):
            return super().message_post(**kwargs)
        to_mark = self.filtered(lambda r: r.state == "drafted")
        to_mark._check_mark_sent()
        records = self.with_context(**{MARK_SENT_KEY: False})
        message = super(CrmContractRequest, records).message_post(**kwargs)
        if message.subtype_id and not message.subtype_id.internal:
            to_mark.with_context(**{MARK_SENT_KEY: False})._mark_sent(
                self.env._("Contract sent to the customer by email."),
            )
        return message

    def action_book_signing(self):
        self.ensure_one()
        self._check_role("sales")
        self._check_state(("sent", "signing"), self.env._("booked for signing"))
        event = self.signing_event_id
        if not event:
            start = datetime.combine(
                fields.Date.context_today(self) + timedelta(days=1), time(9, 0)
            )
            event = self.env["calendar.event"].create({
                "name": self.env._("Contract signing: %(name)s", name=self.legal_name or self.partner_id.display_name),
                "start": start,
                "stop": start + timedelta(hours=1),
                "user_id": self.user_id.id,
                "partner_ids": [(6, 0, (self.partner_id | self.user_id.partner_id).ids)],
                "res_model_id": self.env["ir.model"]._get_id(self._name),
                "res_id": self.id,
                "opportunity_id": self.lead_id.id,
                "description": self.subject or "",
            })
            self._transition(
                {"state": "signing", "signing_event_id": event.id},
                self.env._("Signing meeting booked."),
            )
            self._notify_customer("signing")
        return {
            "type": "ir.actions.act_window",
            "res_model": "calendar.event",
            "res_id": event.id,
            "view_mode": "form",
            "target": "current",
        }

    def _sign_problems(self):
        self.ensure_one()
        problems = []
        if not self.signed_attachment_ids:
            problems.append(self.env._("Attach the scan of the signed contract."))
        if not self.check_pages_signed:
            problems.append(self.env._("Confirm that every page is signed by both parties."))
        if not self.check_pages_stamped:
            problems.append(self.env._("Confirm that the agency stamp is on every page."))
        if self.party_type == "company" and not self.check_authorized_signatories:
            problems.append(self.env._("Confirm that the company's authorised signatories signed."))
        return problems

    def action_sign(self):
        self._check_role("sales")
        self._check_state(("signing",), self.env._("signed"))
        for request in self:
            problems = request._sign_problems()
            if problems:
                raise UserError(self.env._(
                    "The contract %(name)s cannot be marked as signed:\n%(problems)s",
                    name=request.name, problems="\n".join("- %s" % p for p in problems),
                ))
        now = fields.Datetime.now()
        for request in self:
            order = request.order_id
            if order and order.state in ("draft", "sent"):
                order.with_context(**internal_context("agency_contract_signing")).action_confirm()
            request._transition(
                {"state": "signed", "signed_on": now, "signed_by_id": self.env.uid},
                self.env._("Contract signed; the scan is in the file."),
            )
            request.lead_id._agency_advance_to_step("won")
            deadline = fields.Date.context_today(request) + timedelta(days=1)
            summary = self.env._("Receive the paper copy of the signed contract %(number)s",
                        number=request.contract_number or request.name)
            request._schedule_for(
                request._agency_group_users("crm_agency_sales.group_agency_finance"),
                summary, note=self.env._("Archive it in the legal archive."), deadline=deadline,
                act_type_xmlid="crm_agency_sales.mail_activity_type_contract_paper_copy",
            )
            request._schedule_for(
                request._agency_group_users("crm_agency_sales.group_agency_project_control"),
                summary, note=self.env._("Refer it to execution."), deadline=deadline,
                act_type_xmlid="crm_agency_sales.mail_activity_type_contract_paper_copy",
            )
        return True

    def action_register_legal_archive(self, physical_location=None):
        """Finance: register the signed contract in the legal archive (the
        request moves to ``archived``)."""
        self._check_role("finance")
        self._check_state(("signed",), self.env._("archived"))
        for request in self:
            self.env["legal.archive"]._create_from_request(request, physical_location=physical_location)
        if len(self) == 1:
            return self.action_view_legal_archive()
        return True

    def action_start_execution(self):
        self._check_role("project")
        self._check_state(("archived",), self.env._("referred to execution"))
        for request in self:
            if request.company_id.agency_prepayment_required:
                unpaid = request.payment_line_ids.filtered(
                    lambda l: l.is_prepayment and not l._is_paid()
                )
                if unpaid:
                    raise UserError(self.env._(
                        "The prepayment of %(name)s is not paid yet: %(lines)s.",
                        name=request.name, lines=", ".join(unpaid.mapped("label")),
                    ))
        now = fields.Datetime.now()
        for request in self:
            request._transition(
                {"state": "in_execution", "execution_started_on": now,
                 "execution_started_by_id": self.env.uid},
                self.env._("Contract referred to execution."),
            )
            # the sale is done: no process work is left open on the lead
            request.lead_id._agency_close_process_activities(
                feedback=self.env._("Contract %(name)s referred to execution.", name=request.name),
            )
        return True

    def action_deliver(self):
        """Project control: the work is delivered, the acceptance act (or the
        other confirming documents) attached. Finance then makes the final
        invoice and collects the payment; when every payment line is paid
        already, the request moves straight on to ``paid``."""
        self._check_role("project")
        self._check_state(("in_execution",), self.env._("marked as delivered"))
        for request in self:
            if not request.acceptance_attachment_ids:
                raise UserError(self.env._(
                    "Attach the acceptance act (or the documents confirming the delivery, "
                    "signed by the customer) to %(name)s before recording the delivery.",
                    name=request.name,
                ))
        now = fields.Datetime.now()
        for request in self:
            request._transition(
                {"state": "delivered", "delivered_on": now, "delivered_by_id": self.env.uid},
                self.env._("Work delivered; the acceptance documents are in the file."),
            )
            request._notify_customer("delivered")
            if request._all_paid():
                request._mark_paid()
                continue
            request._schedule_for(
                request._agency_group_users("crm_agency_sales.group_agency_finance"),
                self.env._("Final invoice and payment of %(number)s",
                           number=request.contract_number or request.name),
                note=self.env._(
                    "The work is delivered. Left to invoice: %(to_invoice)s; invoiced and not "
                    "paid: %(due)s. Have the last payment lines invoiced and collect the payment.",
                    to_invoice=request._format_amount(request.to_invoice_amount),
                    due=request._format_amount(request.due_amount),
                ),
                act_type_xmlid="crm_agency_sales.mail_activity_type_contract_final_payment",
            )
        return True

    def action_check_payments(self):
        """Finance: read the payment lines' invoices again; every line paid
        moves the delivered request to ``paid``. Never typed: the state
        follows the invoices."""
        self._check_role("finance")
        self._check_state(("delivered",), self.env._("marked as paid"))
        for request in self:
            unpaid = request.payment_line_ids.filtered(lambda line: not line._is_paid())
            if not request._all_paid():
                raise UserError(self.env._(
                    "The contract request %(name)s is not paid yet: %(lines)s.",
                    name=request.name,
                    lines=", ".join(unpaid.mapped("label")) or self.env._(
                        "its invoices do not cover the contract's amount"),
                ))
        self._mark_paid()
        return True

    def action_close(self):
        """The salesperson closes the paid deal: the customer gets the thank
        you, the satisfaction questionnaire and the review request."""
        self._check_role("sales")
        self._check_state(("paid",), self.env._("closed"))
        now = fields.Datetime.now()
        for request in self:
            request._transition(
                {"state": "closed", "closed_on": now, "closed_by_id": self.env.uid},
                self.env._("Deal closed."),
            )
            invite = request._create_survey_invite()
            if invite or request.company_id.agency_notify_closed:
                request._notify_customer("closed", force=True)
        return True

    def action_view_survey_answers(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Satisfaction Answers"),
            "res_model": "survey.user_input",
            "view_mode": "list,form",
            "domain": [("agency_contract_request_id", "=", self.id)],
        }

    def action_cancel(self, reason=None):
        if not isinstance(reason, str) or not reason.strip():
            reason = None
        for request in self:
            if request.state in ("draft", "submitted", "drafted", "sent", "signing"):
                request._check_role("sales")
            elif request.state == "signed":
                request._check_role("manager")
            else:
                request._check_state(
                    ("draft", "submitted", "drafted", "sent", "signing", "signed"), self.env._("cancelled"),
                )
        if not reason:
            raise UserError(self.env._("Give the reason for cancelling the contract request."))
        for request in self:
            request._transition({"state": "cancelled", "cancel_reason": reason})
            request.message_post(body=self.env._("Contract request cancelled: %(reason)s", reason=reason))
        return True

    # ------------------------------------------------------------
    # REMINDERS (crons)
    # ------------------------------------------------------------

    @api.model
    def _working_days_between(self, company, date_from, date_to):
        """Number of working days after ``date_from`` up to ``date_to``
        included. Working weekdays come from the company's working schedule
        (its attendances); without one, Monday to Friday."""
        calendar = company.resource_calendar_id if "resource_calendar_id" in company._fields else False
        weekdays = {int(day) for day in calendar.attendance_ids.mapped("dayofweek")} if calendar else set()
        if not weekdays:
            weekdays = {0, 1, 2, 3, 4}
        count = 0
        day = date_from + timedelta(days=1)
        while day <= date_to:
            if day.weekday() in weekdays:
                count += 1
            day += timedelta(days=1)
        return count

    @api.model
    def _cron_finance_waiting_reminder(self):
        """Remind finance of requests waiting to be drafted longer than the
        company's delay (working days): one open activity per request,
        created in one batch."""
        today = fields.Date.context_today(self)
        # sudo: the cron reminds of the requests of every company.
        requests = self.sudo().search([
            ("state", "=", "submitted"), ("submitted_on", "!=", False), ("finance_reminder_activity_id", "=", False),
        ])
        finance = {}
        reminded, vals_list = [], []
        for request in requests:
            company = request.company_id
            waited = self._working_days_between(
                company, fields.Datetime.context_timestamp(request, request.submitted_on).date(), today,
            )
            if waited <= company.agency_finance_reminder_days:
                continue
            if company not in finance:
                finance[company] = request._agency_group_users("crm_agency_sales.group_agency_finance")[:1]
            users = request.drafted_by_id or finance[company]
            if not users:
                continue
            reminded.append(request)
            vals_list.append(request._reminder_activity_vals(
                summary=self.env._("Contract request waiting for drafting since %(days)s working days",
                                   days=waited),
                note=self.env._("%(name)s was submitted on %(date)s and is not drafted yet.",
                                name=request.name, date=request.submitted_on),
                user=users, today=today,
            ))
        # sudo: as the requests above (the cron's reminders, every company)
        activities = self.env["mail.activity"].sudo().create(vals_list)
        for request, activity in zip(reminded, activities):
            request.finance_reminder_activity_id = activity

    @api.model
    def _cron_payment_due_reminder(self):
        """Remind the salesperson of due and unpaid payment-schedule lines of
        signed contracts: one open activity per line, created in one batch."""
        today = fields.Date.context_today(self)
        # sudo: the cron reminds of the payment lines of every company.
        lines = self.env["crm.contract.payment.line"].sudo().search([
            ("due_date", "<=", today),
            ("request_id.state", "in", INVOICING_STATES),
            ("due_reminder_activity_id", "=", False),
        ]).filtered(lambda line: not line._is_paid())
        # sudo: as the lines above (the cron's reminders, every company)
        activities = self.env["mail.activity"].sudo().create([
            line.request_id._reminder_activity_vals(
                summary=self.env._("Payment due: %(label)s", label=line.label),
                note=self.env._("The payment %(label)s of %(amount)s was due on %(date)s and is not paid.",
                                label=line.label, amount=line.amount, date=line.due_date),
                user=line.request_id.user_id, today=today,
            )
            for line in lines
        ])
        for line, activity in zip(lines, activities):
            line.due_reminder_activity_id = activity

    def _reminder_activity_vals(self, summary, note, user, today):
        """Values of a reminder activity on the request (as
        ``activity_schedule`` would make them), for a batch create."""
        self.ensure_one()
        activity_type = self.env.ref("crm_agency_sales.mail_activity_type_contract_reminder")
        return {
            "res_model_id": self.env["ir.model"]._get_id(self._name),
            "res_id": self.id,
            "activity_type_id": activity_type.id,
            "automated": True,
            "date_deadline": today,
            "summary": summary,
            "note": escape(note),
            "user_id": user.id or self.env.uid,
        }

    def action_open_cancel_wizard(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Cancel Contract Request"),
            "res_model": "crm.contract.request.cancel",
            "view_mode": "form",
            "target": "new",
            "context": {"default_request_id": self.id},
        }

    def action_view_signing_event(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "calendar.event",
            "res_id": self.signing_event_id.id,
            "view_mode": "form",
        }

    def action_view_legal_archive(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "legal.archive",
            "res_id": self.legal_archive_id.id,
            "view_mode": "form",
        }

    # ------------------------------------------------------------
    # AFTER THE SIGNATURE: PAYMENT, CUSTOMER NOTIFICATIONS, SURVEY
    # ------------------------------------------------------------

    def _all_paid(self):
        """Every payment line is paid on its invoice (read from the
        invoices, never typed); without a schedule, the order's posted
        invoices cover the amount and are paid."""
        self.ensure_one()
        if self.payment_line_ids:
            return all(line._is_paid() for line in self.payment_line_ids)
        # sudo: read the order's invoices without accounting rights
        invoices = self.sudo().order_id.invoice_ids.filtered(
            lambda m: m.state == "posted" and m.move_type == "out_invoice"
        )
        rounding = self.currency_id.rounding or 0.01
        return bool(invoices) and all(
            m.payment_state in ("paid", "in_payment") for m in invoices
        ) and float_compare(self.invoiced_amount, self.amount, precision_rounding=rounding) >= 0

    def _mark_paid(self):
        """Move the delivered requests whose payment lines are all paid to
        ``paid`` (who: the user who registered the last payment or checked
        the payments) and ask the salesperson to close the deal. Called by
        the delivery, by finance's check and when an invoice becomes paid."""
        now = fields.Datetime.now()
        for request in self.filtered(lambda r: r.state == "delivered" and r._all_paid()):
            request._transition(
                {"state": "paid", "paid_on": now, "paid_by_id": self.env.uid},
                self.env._("Every payment line is paid: the contract is paid."),
            )
            request._schedule_for(
                request.user_id,
                self.env._("Close the deal %(number)s", number=request.contract_number or request.name),
                note=self.env._(
                    "The work is delivered and paid: close the deal; the customer receives "
                    "the satisfaction questionnaire and the review request."
                ),
                act_type_xmlid="crm_agency_sales.mail_activity_type_contract_close",
            )

    def _on_invoices_posted(self, lines):
        """The invoices of ``lines`` (payment lines of these requests) were
        posted: the customer is told (prepayment or later invoice)."""
        for request in self:
            own = lines.filtered(lambda line, r=request: line.request_id == r)
            if own.filtered("is_prepayment"):
                request._notify_customer("prepayment_invoice")
            if own.filtered(lambda line: not line.is_prepayment):
                request._notify_customer("final_invoice")

    def _format_amount(self, amount):
        self.ensure_one()
        return format_amount(self.env, amount, self.currency_id or self.company_id.currency_id)

    def _notify_customer(self, step, force=False):
        """Email the customer the template of ``step`` when the company
        opted in (``force``: the caller decided), in the customer's language
        (the template's ``lang``), posted on the request's chatter."""
        field, xmlid = CUSTOMER_NOTIFICATIONS[step]
        template = self.env.ref(xmlid, raise_if_not_found=False)
        if not template:
            return
        for request in self:
            if not (force or request.company_id[field]):
                continue
            if not request.partner_id.email:
                request.message_post(body=self.env._(
                    "The customer has no email address: the %(step)s notification was not sent.",
                    step=template.name,
                ))
                continue
            # sudo: the notification is the step's own message, rendered from
            # the company's template whatever the acting role's rights on the
            # template, the invoices and the customer; the author stays the
            # user who did the step
            request.sudo().message_post_with_source(
                template.sudo(),
                subtype_xmlid="mail.mt_comment",
                message_type="comment",
            )

    def _create_survey_invite(self):
        """The company's satisfaction questionnaire for the customer, linked
        to this request (and so to its salesperson), or nothing."""
        self.ensure_one()
        survey = self.company_id.agency_closing_survey_id
        if not survey or not self.partner_id:
            return self.env["survey.user_input"]
        # sudo: the salesperson closing the deal invites the customer without
        # rights on the Survey app; the invite is only linked to this request
        return survey.sudo()._create_answer(
            partner=self.partner_id, check_attempts=False,
            agency_contract_request_id=self.id,
        )
