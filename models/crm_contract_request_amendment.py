# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Amendments (addenda) of a signed contract.

An amendment is itself a ``crm.contract.request`` whose
``original_request_id`` is the signed contract it changes. The salesperson
makes it from the signed contract (what changes, the new amount and
schedule), a sales manager other than its author approves it, finance drafts
it and numbers it as an addendum of the original (``<number>-A1``, ``-A2``...),
then it is signed and archived like a contract, next to the original in the
legal archive. The original is never written.
"""
from psycopg2 import errors as pg_errors

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

from ..tools.internal import internal_context
from .crm_contract_request import TRANSITION_KEY

# States of a signed contract that can still be amended (not once closed).
AMENDABLE_STATES = ("signed", "archived", "in_execution", "delivered", "paid")

AMENDMENT_APPROVAL_STATES = [
    ("draft", "Not Requested"),
    ("to_approve", "To Approve"),
    ("approved", "Approved"),
    ("refused", "Refused"),
]

APPROVAL_ACTIVITY_XMLID = "crm_agency_sales.mail_activity_type_contract_amendment_approval"

# The contract's data an amendment starts from (the rest is copied by
# copy_data: party, signatories, terms, dates, payment schedule).
AMENDMENT_NOT_COPIED = ("order_id", "amount")


class CrmContractRequest(models.Model):
    _inherit = "crm.contract.request"

    original_request_id = fields.Many2one(
        "crm.contract.request", string="Amended Contract", readonly=True, copy=False,
        index="btree_not_null", ondelete="restrict", check_company=True,
        help="The signed contract this request amends: the request is its addendum.",
    )
    amendment_ids = fields.One2many(
        "crm.contract.request", "original_request_id", string="Amendments", copy=False,
    )
    amendment_count = fields.Integer(compute="_compute_amendment_count")
    amendment_summary = fields.Text(
        string="What Changes", tracking=True,
        help="What the amendment changes in the contract (services, amount, schedule, terms).",
    )
    amendment_number = fields.Integer(
        string="Addendum No.", readonly=True, copy=False,
        help="The number of the addendum among the original contract's addenda, "
        "given when finance drafts it.",
    )
    amendment_approval_state = fields.Selection(
        AMENDMENT_APPROVAL_STATES, string="Amendment Approval", readonly=True, copy=False,
        tracking=True,
    )
    amendment_requested_by_id = fields.Many2one(
        "res.users", string="Approval Requested By", readonly=True, copy=False,
    )
    amendment_requested_on = fields.Datetime(
        string="Approval Requested On", readonly=True, copy=False,
    )
    amendment_decided_by_id = fields.Many2one(
        "res.users", string="Approved/Refused By", readonly=True, copy=False,
    )
    amendment_decided_on = fields.Datetime(
        string="Approved/Refused On", readonly=True, copy=False,
    )
    amendment_refuse_reason = fields.Text(
        string="Refusal Reason", readonly=True, copy=False,
    )
    can_request_amendment = fields.Boolean(
        compute="_compute_amendment_buttons",
        help="The current user may request an amendment of this signed contract.",
    )
    can_decide_amendment = fields.Boolean(
        compute="_compute_amendment_buttons",
        help="The current user may approve or refuse this amendment.",
    )

    _sql_constraints = [
        (
            "amendment_number_uniq",
            "unique(original_request_id, amendment_number)",
            "An addendum number is given once per contract.",
        ),
    ]

    # ------------------------------------------------------------
    # COMPUTES
    # ------------------------------------------------------------

    @api.depends("amendment_ids")
    def _compute_amendment_count(self):
        for request in self:
            request.amendment_count = len(request.amendment_ids)

    @api.depends("state", "user_id", "original_request_id", "amendment_approval_state")
    @api.depends_context("uid")
    def _compute_amendment_buttons(self):
        for request in self:
            request.can_request_amendment = bool(
                request.id
                and not request.original_request_id
                and request.state in AMENDABLE_STATES
                and request._role_ok("sales")
            )
            request.can_decide_amendment = bool(
                request.original_request_id
                and request.amendment_approval_state == "to_approve"
                and not request._amendment_decision_problem()
            )

    # ------------------------------------------------------------
    # RULES
    # ------------------------------------------------------------

    def _data_edit_problem(self):
        """An amendment waiting for the manager's approval is frozen: the
        manager approves what the salesperson submitted."""
        problem = super()._data_edit_problem()
        if problem or self.env.su:
            return problem
        if self.original_request_id and self.amendment_approval_state == "to_approve":
            return UserError(self.env._(
                "The amendment %(name)s is waiting for a sales manager's approval: its data "
                "cannot be changed until it is approved or refused.", name=self.name,
            ))
        return None

    def _amendment_decision_problem(self):
        """Why the current user may not approve or refuse this amendment
        (an exception to raise), or None: a sales manager who is neither its
        salesperson nor the one who asked for the approval."""
        self.ensure_one()
        if self.env.su:
            return None
        user = self.env.user
        if not user.has_group("sales_team.group_sale_manager"):
            return AccessError(self.env._(
                "Only a sales manager approves or refuses the amendment %(name)s.", name=self.name,
            ))
        if user in (self.user_id | self.amendment_requested_by_id):
            return AccessError(self.env._(
                "You cannot approve or refuse your own amendment %(name)s: another sales "
                "manager decides on it.", name=self.name,
            ))
        return None

    def _check_amendment_to_decide(self):
        for request in self:
            if not request.original_request_id:
                raise UserError(self.env._(
                    "%(name)s is not an amendment: only amendments are approved this way.",
                    name=request.name,
                ))
            problem = request._amendment_decision_problem()
            if problem:
                raise problem
            if request.state != "draft" or request.amendment_approval_state != "to_approve":
                raise UserError(self.env._(
                    "The amendment %(name)s is not waiting for an approval.", name=request.name,
                ))

    def _check_amendment_approved(self):
        """Finance drafts an amendment only after a sales manager approved it."""
        for request in self:
            if request.original_request_id and request.amendment_approval_state != "approved":
                raise UserError(self.env._(
                    "The amendment %(name)s is not approved by a sales manager yet: finance "
                    "drafts it after the approval.", name=request.name,
                ))

    # ------------------------------------------------------------
    # ACTIONS: THE AMENDMENT IS MADE
    # ------------------------------------------------------------

    def _check_can_amend(self):
        """The salesperson of a signed contract (or a sales manager) amends it."""
        self.ensure_one()
        self._check_role("sales")
        if self.original_request_id:
            raise UserError(self.env._(
                "%(name)s is itself an amendment: request the amendment from the original "
                "contract %(original)s.", name=self.name, original=self.original_request_id.name,
            ))
        if self.state not in AMENDABLE_STATES:
            self._check_state(AMENDABLE_STATES, self.env._("amended"))

    def action_open_amend_wizard(self):
        """Ask what the amendment changes (the wizard makes it)."""
        self.ensure_one()
        self._check_can_amend()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Request Amendment"),
            "res_model": "crm.contract.request.amend",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {"default_request_id": self.id},
        }

    def _create_amendment(self, summary, amount=None, date_end=None):
        """A new draft amendment of this signed contract: its contract data
        (party, signatories, terms, dates, payment schedule by percent) are
        copied, with ``summary`` (what changes), the new ``amount`` (the
        contract's amount after the amendment) and end date. The original is
        only read."""
        self.ensure_one()
        self._check_can_amend()
        summary = (summary or "").strip() if isinstance(summary, str) else ""
        if not summary:
            raise UserError(self.env._(
                "Say what the amendment of %(name)s changes (the summary is required).",
                name=self.name,
            ))
        vals = self.copy_data()[0]
        for fname in AMENDMENT_NOT_COPIED:
            vals.pop(fname, None)
        # the schedule follows the new amount by percent
        for command in vals.get("payment_line_ids") or []:
            if command[0] == fields.Command.CREATE and command[2].get("percent"):
                command[2].pop("amount", None)
        vals.update({
            "original_request_id": self.id,
            "amendment_summary": summary,
            "amendment_approval_state": "draft",
            "amount": self.amount if amount is None else amount,
            "currency_id": self.currency_id.id,
            "state": "draft",
        })
        if date_end:
            vals["date_end"] = date_end
        # the transition mark lets the server set the original of the new
        # draft, which a client never writes (WORKFLOW_FIELDS)
        amendment = self.with_context(**internal_context(TRANSITION_KEY)).create(vals)
        amendment = amendment.with_env(self.env)
        amendment.message_post(body=self.env._(
            "Amendment of the contract %(number)s requested: %(summary)s",
            number=self.contract_number or self.name, summary=summary,
        ))
        self.message_post(body=self.env._(
            "Amendment %(name)s requested: %(summary)s", name=amendment.name, summary=summary,
        ))
        return amendment

    # ------------------------------------------------------------
    # ACTIONS: APPROVAL BY A SALES MANAGER
    # ------------------------------------------------------------

    def action_submit(self):
        """An amendment goes to a sales manager for approval first; the
        approval submits it to finance."""
        amendments = self.filtered("original_request_id")
        if amendments:
            amendments._request_amendment_approval()
        contracts = self - amendments
        if contracts:
            return super(CrmContractRequest, contracts).action_submit()
        return True

    def _request_amendment_approval(self):
        self._check_role("sales")
        self._check_state(("draft",), self.env._("submitted for approval"))
        for request in self:
            if request.amendment_approval_state == "to_approve":
                raise UserError(self.env._(
                    "The amendment %(name)s is already waiting for a sales manager's approval.",
                    name=request.name,
                ))
            if not (request.amendment_summary or "").strip():
                raise UserError(self.env._(
                    "Say what the amendment %(name)s changes (the summary is required).",
                    name=request.name,
                ))
        self._validate()
        now = fields.Datetime.now()
        for request in self:
            request._transition({
                "amendment_approval_state": "to_approve",
                "amendment_requested_by_id": self.env.uid,
                "amendment_requested_on": now,
                "amendment_decided_by_id": False,
                "amendment_decided_on": False,
                "amendment_refuse_reason": False,
            }, self.env._("Amendment submitted to the sales managers for approval."))
            for manager in request._amendment_approvers():
                request.activity_schedule(
                    APPROVAL_ACTIVITY_XMLID,
                    summary=self.env._("Approve the amendment %(name)s", name=request.name),
                    note=self.env._(
                        "%(user)s asks for the approval of the amendment %(name)s of the "
                        "contract %(number)s (%(amount)s): %(summary)s",
                        user=self.env.user.name, name=request.name,
                        number=request.original_request_id.contract_number
                        or request.original_request_id.name,
                        amount=request.currency_id.format(request.amount),
                        summary=request.amendment_summary,
                    ),
                    user_id=manager.id,
                )
        return True

    def _amendment_approvers(self):
        """The sales managers of the amendment's company who may decide on it
        (not its salesperson, not the one asking)."""
        self.ensure_one()
        excluded = self.user_id | self.env.user
        return self._agency_group_users("sales_team.group_sale_manager").filtered(
            lambda user: user not in excluded and not user._is_superuser()
        )

    def action_approve_amendment(self):
        """A sales manager approves the amendment: it goes to finance."""
        self._check_amendment_to_decide()
        now = fields.Datetime.now()
        for request in self:
            requester = request.amendment_requested_by_id
            request._transition({
                "amendment_approval_state": "approved",
                "amendment_decided_by_id": self.env.uid,
                "amendment_decided_on": now,
            }, self.env._("Amendment approved by %(user)s.", user=self.env.user.name))
            request.activity_feedback(
                [APPROVAL_ACTIVITY_XMLID],
                feedback=self.env._("Approved by %(user)s.", user=self.env.user.name),
            )
            # the approved amendment is submitted to finance as a contract
            # request (finance notified), in the name of whoever asked
            super(CrmContractRequest, request).action_submit()
            if requester:
                request._transition({"submitted_by_id": requester.id})
        return True

    def action_refuse_amendment(self, reason=None):
        """A sales manager refuses the amendment, with a reason: it is a
        draft its salesperson may correct and submit again. Without a
        reason, the wizard asking for it opens."""
        self._check_amendment_to_decide()
        if reason is None:
            return {
                "type": "ir.actions.act_window",
                "name": self.env._("Refuse Amendment"),
                "res_model": "crm.contract.request.amendment.refuse",
                "view_mode": "form",
                "views": [(False, "form")],
                "target": "new",
                "context": {"default_request_id": self[:1].id},
            }
        reason = reason.strip() if isinstance(reason, str) else ""
        if not reason:
            raise UserError(self.env._("Give the reason for refusing the amendment."))
        now = fields.Datetime.now()
        for request in self:
            request._transition({
                "amendment_approval_state": "refused",
                "amendment_decided_by_id": self.env.uid,
                "amendment_decided_on": now,
                "amendment_refuse_reason": reason,
            }, self.env._("Amendment refused by %(user)s: %(reason)s",
                          user=self.env.user.name, reason=reason))
            request.activity_unlink([APPROVAL_ACTIVITY_XMLID])
            request._schedule_for(
                request.user_id,
                self.env._("Amendment %(name)s refused", name=request.name),
                note=reason,
            )
        return True

    # ------------------------------------------------------------
    # ACTIONS: DRAFTING AND NUMBERING BY FINANCE
    # ------------------------------------------------------------

    def action_start_drafting(self):
        self._check_role("finance")
        self._check_amendment_approved()
        return super().action_start_drafting()

    def action_drafted(self):
        self._check_role("finance")
        self._check_amendment_approved()
        self._check_state(("submitted",), self.env._("marked as drafted"))
        self.filtered(lambda r: r.original_request_id and not r.contract_number)._number_addenda()
        return super().action_drafted()

    def _number_addenda(self):
        """Number each amendment as the next addendum of its original
        contract: ``<contract number>-A<n>``. The original's row is locked
        (SELECT ... FOR UPDATE) so that two addenda of one contract drafted
        at the same moment are numbered one after the other; the row lock is
        also taken as an update of nothing, so that the second transaction,
        whose snapshot predates the first one's number, fails with a
        serialization error and is retried by the server (it then reads
        the first number). The unique constraint on (original, number) is
        the last guard."""
        for request in self.sorted("id"):
            original = request.original_request_id
            self.env.flush_all()
            self.env.cr.execute(SQL(
                "SELECT id FROM crm_contract_request WHERE id = %s FOR UPDATE", original.id,
            ))
            # no column changes: the row version only (write_date and every
            # field of the original stay as they are)
            self.env.cr.execute(SQL(
                "UPDATE crm_contract_request SET id = id WHERE id = %s", original.id,
            ))
            self.env.cr.execute(SQL(
                "SELECT COALESCE(MAX(amendment_number), 0) FROM crm_contract_request "
                "WHERE original_request_id = %s", original.id,
            ))
            number = self.env.cr.fetchone()[0] + 1
            base = original.contract_number or original.name
            try:
                with self.env.cr.savepoint():
                    request._transition({
                        "amendment_number": number,
                        "contract_number": "%s-A%d" % (base, number),
                    })
                    self.env.flush_all()
            except pg_errors.UniqueViolation:
                raise UserError(self.env._(
                    "Another addendum of the contract %(number)s was numbered at the same "
                    "moment: try again.", number=base,
                )) from None

    # ------------------------------------------------------------
    # NAVIGATION
    # ------------------------------------------------------------

    def action_view_amendments(self):
        self.ensure_one()
        action = {
            "type": "ir.actions.act_window",
            "name": self.env._("Amendments of %(name)s", name=self.contract_number or self.name),
            "res_model": "crm.contract.request",
            "view_mode": "list,form",
            "domain": [("original_request_id", "=", self.id)],
            "context": {"create": False},
        }
        if len(self.amendment_ids) == 1:
            action.update(view_mode="form", views=[(False, "form")], res_id=self.amendment_ids.id)
        return action

    def action_view_original_request(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "crm.contract.request",
            "res_id": self.original_request_id.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }
