# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from ..tools.internal import internal_context, is_internal

APPROVAL_STATES = [
    ("not_required", "Not Required"),
    ("draft", "To Request"),
    ("to_approve", "Awaiting Approval"),
    ("approved", "Approved"),
    ("rejected", "Rejected"),
]

APPROVAL_ACTIVITY_XMLID = "crm_agency_sales.mail_activity_type_quotation_approval"

# Fields written only by the approval flow (request, approve, reject,
# withdraw), under internal_context("agency_approval_flow").
APPROVAL_FLOW_FIELDS = (
    "approval_decision",
    "approved_by_id",
    "approved_on",
    "rejected_by_id",
    "rejected_on",
    "approval_reject_reason",
    "approval_requested_by_id",
    "approval_requested_on",
    "approval_required_on_confirm",
)
# The customer's answer, written only by its actions and the objection flow,
# under internal_context("agency_customer_decision").
DECISION_FIELDS = ("customer_decision",)
# The revision chain, written only by action_revise, under
# internal_context("agency_revision").
REVISION_FIELDS = ("revised_from_id", "revision_number")

# Fields of the quotation whose change changes what the customer pays or
# gets: a change withdraws the approval (the lines are watched by
# sale.order.line, the options by sale.order.option).
APPROVAL_ORDER_FIELDS = {
    "partner_id": "the customer",
    "pricelist_id": "the price list",
    "currency_id": "the currency",
    "fiscal_position_id": "the fiscal position",
    "payment_term_id": "the payment terms",
}


class SaleOrder(models.Model):
    _inherit = "sale.order"

    # sale_crm leaves it without an index: the process reads a lead's
    # quotations at each stage gate, next-step banner and pipeline card
    # (``crm.lead.order_ids``), which scanned every quotation of the database
    opportunity_id = fields.Many2one(index="btree_not_null")
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

    # approval
    approval_decision = fields.Selection(
        [("to_approve", "Requested"), ("approved", "Approved"), ("rejected", "Rejected")],
        copy=False,
        readonly=True,
        help="Technical: the last step of the approval flow (empty while the "
        "approval has not been requested).",
    )
    approval_state = fields.Selection(
        APPROVAL_STATES,
        string="Approval",
        compute="_compute_approval_state",
        store=True,
        index=True,
        tracking=True,
        help="Not Required: the approval setting of the company does not ask "
        "for an approval of this quotation. To Request: the salesperson must "
        "request the approval of a sales manager before the quotation may be "
        "sent, printed, shown on the portal or confirmed.",
    )
    approval_requested_by_id = fields.Many2one(
        "res.users", copy=False, readonly=True
    )
    approval_requested_on = fields.Datetime(copy=False, readonly=True)
    approved_by_id = fields.Many2one(
        "res.users", copy=False, readonly=True, tracking=True
    )
    approved_on = fields.Datetime(copy=False, readonly=True)
    rejected_by_id = fields.Many2one("res.users", copy=False, readonly=True)
    rejected_on = fields.Datetime(copy=False, readonly=True)
    approval_reject_reason = fields.Text(
        string="Rejection Reason", copy=False, readonly=True, tracking=True
    )
    approval_required_on_confirm = fields.Boolean(
        copy=False,
        readonly=True,
        help="Technical: whether the company's approval setting asked for an "
        "approval of this order when it was confirmed.",
    )

    # customer's decision and revisions
    customer_decision = fields.Selection(
        [("pending", "Pending"), ("accepted", "Accepted"), ("objected", "Objected")],
        default="pending",
        required=True,
        readonly=True,
        copy=False,
        tracking=True,
        help="The customer's answer to the sent quotation (changed only by "
        "its actions and by the objections' outcomes).",
    )
    objection_ids = fields.One2many("crm.objection", "order_id", string="Objections")
    revision_number = fields.Integer(
        string="Revision",
        readonly=True,
        copy=False,
        help="0 for the first version of the quotation; each revision made "
        "with the customer adds one.",
    )
    revised_from_id = fields.Many2one(
        "sale.order",
        string="Revision Of",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The previous version of this quotation, cancelled when this "
        "revision was made.",
    )
    revision_ids = fields.One2many(
        "sale.order", "revised_from_id", string="Next Revisions", readonly=True
    )
    revision_history_ids = fields.Many2many(
        "sale.order",
        compute="_compute_revision_history_ids",
        help="All versions of this quotation, the first one first.",
    )
    target_price = fields.Monetary(
        currency_field="currency_id",
        copy=False,
        tracking=True,
        help="The price the customer named in a price objection; cut or "
        "reduce lines with the customer to reach it.",
    )

    # ------------------------------------------------------------
    # COMPUTES
    # ------------------------------------------------------------

    @api.depends(
        "state",
        "approval_decision",
        "approval_required_on_confirm",
        "amount_total",
        "currency_id",
        "date_order",
        "company_id.agency_approval_mode",
        "company_id.agency_approval_amount",
    )
    def _compute_approval_state(self):
        for order in self:
            if order.state == "sale":
                # What the setting said at the confirmation decides, not the
                # setting of today: confirmed while no approval was needed, it
                # stays "not required" after the setting changes; confirmed
                # while one was needed and never given, it never shows as
                # "not required".
                if order.approval_decision == "approved":
                    order.approval_state = "approved"
                elif order.approval_required_on_confirm:
                    order.approval_state = order.approval_decision or "draft"
                else:
                    order.approval_state = "not_required"
            elif not order._agency_approval_required():
                # e.g. the total went down to the threshold, or the setting
                # changed to never: the setting decides, not a past decision.
                order.approval_state = "not_required"
            else:
                order.approval_state = order.approval_decision or "draft"

    @api.depends("revised_from_id", "revision_ids")
    def _compute_revision_history_ids(self):
        for order in self:
            root = order._agency_revision_root()
            chain = root
            todo = root
            while todo:
                todo = todo.revision_ids - chain
                chain |= todo
            order.revision_history_ids = chain.sorted("revision_number") if len(chain) > 1 else False

    @api.depends("contract_request_ids")
    def _compute_contract_request_count(self):
        for order in self:
            order.contract_request_count = len(order.contract_request_ids)

    # ------------------------------------------------------------
    # CONSTRAINTS
    # ------------------------------------------------------------

    @api.constrains("revised_from_id")
    def _check_revised_from_id(self):
        if self._has_cycle("revised_from_id"):
            raise ValidationError(
                self.env._("A quotation cannot be a revision of itself or of one of its own revisions.")
            )

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._agency_check_protected_vals(vals, creating=True)
        orders = super().create(vals_list)
        for order in orders.filtered(lambda o: o.state in ("sent", "sale")):
            # created as sent or confirmed: the approval was never given
            if order._agency_approval_required():
                raise UserError(
                    self.env._(
                        "You cannot create %(order)s as a sent or confirmed quotation: "
                        "a sales manager must approve it first.",
                        order=order.name,
                    )
                )
            if order.state == "sale" and not is_internal(self.env, "agency_contract_signing"):
                order._agency_check_contract_confirmation()
        return orders

    def write(self, vals):
        self._agency_check_protected_vals(vals)
        state = vals.get("state")
        confirming = self.browse()
        if state in ("sent", "sale"):
            moving = self.filtered(lambda order: order.state != state)
            moving._agency_check_state_target(state)
            if state == "sale":
                confirming = moving
        required = confirming.filtered(lambda order: order._agency_approval_required())
        changed = {}
        for fname, label in self._agency_approval_order_fields().items():
            if fname in vals:
                new = vals[fname] or False
                orders = self.filtered(lambda order, f=fname, v=new: order[f].id != v)
                if orders:
                    changed[label] = orders
        res = super().write(vals)
        if confirming:
            # What the setting asks at the confirmation: a confirmed order
            # confirmed while the approval was required never shows as
            # "not required" (see _compute_approval_state).
            internal = internal_context("agency_approval_flow")
            if required:
                required.with_context(**internal).write({"approval_required_on_confirm": True})
            if confirming - required:
                (confirming - required).with_context(**internal).write({"approval_required_on_confirm": False})
        for label, orders in changed.items():
            orders._agency_reset_approval(label)
        if state == "sent":
            self._agency_move_leads_to_negotiation()
        return res

    def _agency_protected_fields(self):
        """(field names, internal key, message) of the fields only the
        server's own steps write. The superuser is not exempt: an RPC call
        can never be the superuser, and the server's own steps mark their
        writes with ``internal_context`` whoever runs them."""
        return (
            (
                APPROVAL_FLOW_FIELDS,
                "agency_approval_flow",
                self.env._(
                    "The approval of a quotation changes only through its actions: "
                    "Request Approval, and Approve or Reject for the sales managers."
                ),
            ),
            (
                DECISION_FIELDS,
                "agency_customer_decision",
                self.env._(
                    "The customer's decision changes only through its actions: "
                    "Customer Accepted, Customer Objected and the objection's outcome."
                ),
            ),
            (
                REVISION_FIELDS,
                "agency_revision",
                self.env._("The revision of a quotation is set only by the Revise action."),
            ),
        )

    def _agency_check_protected_vals(self, vals, creating=False):
        for fnames, key, message in self._agency_protected_fields():
            if is_internal(self.env, key):
                continue
            present = [fname for fname in fnames if fname in vals]
            if creating:
                # a new quotation starts with the defaults: only other
                # values are refused
                present = [
                    fname for fname in present
                    if vals[fname] and not (fname == "customer_decision" and vals[fname] == "pending")
                ]
            if present:
                labels = ", ".join(self._fields[fname]._description_string(self.env) for fname in present)
                raise UserError(self.env._("%(rule)s\nFields: %(fields)s", rule=message, fields=labels))

    def _agency_check_state_target(self, state):
        """Refuse to put the quotations of ``self`` into ``state`` (``sent``
        or ``sale``) by a write while the approval blocks them, or into
        ``sale`` when the company confirms them by signing the contract."""
        if state == "sent":
            self._agency_check_approved(self.env._("mark the quotation as sent"))
        elif state == "sale":
            self._agency_check_approved(self.env._("confirm the quotation"))
            if not is_internal(self.env, "agency_contract_signing"):
                self._agency_check_contract_confirmation()

    def _agency_approval_order_fields(self):
        """The fields of the quotation whose change withdraws its approval,
        with the noun phrase naming them in the chatter."""
        return {
            "partner_id": self.env._("the customer"),
            "pricelist_id": self.env._("the price list"),
            "currency_id": self.env._("the currency"),
            "fiscal_position_id": self.env._("the fiscal position"),
            "payment_term_id": self.env._("the payment terms"),
        }

    def _agency_price_snapshot(self):
        return {
            line.id: (line.price_unit, line.discount, tuple(line.tax_id.ids), line.price_total)
            for line in self.order_line
        }

    def _agency_reset_if_prices_changed(self, before, reason):
        for order in self:
            after = order._agency_price_snapshot()
            if any(before.get(line_id) != values for line_id, values in after.items()):
                order._agency_reset_approval(reason)

    # ------------------------------------------------------------
    # APPROVAL
    # ------------------------------------------------------------

    def action_request_approval(self):
        """Ask the sales managers to approve the quotations: one approval
        activity per manager (see ``_agency_approval_managers``)."""
        for order in self:
            if order.state not in ("draft", "sent"):
                raise UserError(
                    self.env._(
                        "Only quotations can be submitted for approval; %(order)s is not a quotation any more.",
                        order=order.name,
                    )
                )
            if order.approval_state not in ("draft", "rejected"):
                raise UserError(
                    self.env._(
                        "The approval of %(order)s cannot be requested: it is %(state)s.",
                        order=order.name,
                        state=dict(
                            order._fields["approval_state"]._description_selection(order.env)
                        )[order.approval_state],
                    )
                )
            if not order.order_line.filtered(lambda line: not line.display_type):
                raise UserError(
                    self.env._("Add the products of %(order)s before requesting its approval.", order=order.name)
                )
        self.with_context(**internal_context("agency_approval_flow")).write(
            {
                "approval_decision": "to_approve",
                "approval_requested_by_id": self.env.user.id,
                "approval_requested_on": fields.Datetime.now(),
                "approval_reject_reason": False,
                "rejected_by_id": False,
                "rejected_on": False,
            }
        )
        for order in self:
            for manager in order._agency_approval_managers():
                order.activity_schedule(
                    APPROVAL_ACTIVITY_XMLID,
                    summary=self.env._("Approve quotation %(order)s", order=order.name),
                    note=self.env._(
                        "%(user)s asks for the approval of the quotation %(order)s (%(amount)s).",
                        user=self.env.user.name,
                        order=order.name,
                        amount=order.currency_id.format(order.amount_total),
                    ),
                    user_id=manager.id,
                )
            order.message_post(
                body=self.env._("Approval requested by %(user)s.", user=self.env.user.name),
                subtype_xmlid="mail.mt_note",
            )
            order.opportunity_id._agency_advance_to_step("quotation")
        return True

    def action_approve(self):
        self._agency_check_approver()
        for order in self:
            if order.approval_state != "to_approve":
                raise UserError(
                    self.env._("%(order)s is not waiting for an approval.", order=order.name)
                )
        self.with_context(**internal_context("agency_approval_flow")).write(
            {
                "approval_decision": "approved",
                "approved_by_id": self.env.user.id,
                "approved_on": fields.Datetime.now(),
            }
        )
        for order in self:
            order.activity_feedback(
                [APPROVAL_ACTIVITY_XMLID],
                feedback=self.env._("Approved by %(user)s.", user=self.env.user.name),
            )
            order._agency_notify_salesperson(
                self.env._(
                    "The quotation %(order)s was approved by %(user)s.",
                    order=order.name,
                    user=self.env.user.name,
                )
            )
        return True

    def action_reject(self, reason=None):
        """Reject the quotations with ``reason`` (required). Without a
        reason, open the wizard asking for it."""
        self._agency_check_approver()
        if not reason:
            return {
                "type": "ir.actions.act_window",
                "name": self.env._("Reject Quotation"),
                "res_model": "sale.order.reject",
                "view_mode": "form",
                "views": [(False, "form")],
                "target": "new",
                "context": {"default_order_ids": self.ids},
            }
        reason = reason.strip()
        if not reason:
            raise UserError(self.env._("Give the reason of the rejection."))
        for order in self:
            if order.approval_state != "to_approve":
                raise UserError(
                    self.env._("%(order)s is not waiting for an approval.", order=order.name)
                )
        self.with_context(**internal_context("agency_approval_flow")).write(
            {
                "approval_decision": "rejected",
                "rejected_by_id": self.env.user.id,
                "rejected_on": fields.Datetime.now(),
                "approval_reject_reason": reason,
                "approved_by_id": False,
                "approved_on": False,
            }
        )
        for order in self:
            order.activity_feedback(
                [APPROVAL_ACTIVITY_XMLID],
                feedback=self.env._("Rejected by %(user)s: %(reason)s", user=self.env.user.name, reason=reason),
            )
            order._agency_notify_salesperson(
                Markup("%s<br/>%s")
                % (
                    self.env._(
                        "The quotation %(order)s was rejected by %(user)s.",
                        order=order.name,
                        user=self.env.user.name,
                    ),
                    self.env._("Reason: %(reason)s", reason=reason),
                )
            )
        return True

    def _agency_approval_required(self):
        """Whether the company's approval setting asks for an approval of
        this order: ``always``, or ``amount`` when the total (converted to the
        company currency) is strictly greater than the threshold."""
        self.ensure_one()
        company = self.company_id or self.env.company
        mode = company.agency_approval_mode
        if mode == "always":
            return True
        if mode != "amount":
            return False
        amount = self.amount_total
        if self.currency_id and self.currency_id != company.currency_id:
            amount = self.currency_id._convert(
                amount, company.currency_id, company, self.date_order or fields.Date.today()
            )
        return company.currency_id.compare_amounts(amount, company.agency_approval_amount) > 0

    def _agency_approval_blocking(self):
        """The quotations of ``self`` that may not leave the house yet: not
        sent, printed, shown on the portal nor confirmed."""
        return self.filtered(
            lambda order: order.state in ("draft", "sent")
            and order.approval_state in ("draft", "to_approve", "rejected")
        )

    def _agency_check_approved(self, operation):
        """Raise a UserError naming the quotations of ``self`` that are not
        approved, for ``operation`` (a translated verb phrase)."""
        blocked = self._agency_approval_blocking()
        if not blocked:
            return
        states = dict(self._fields["approval_state"]._description_selection(self.env))
        raise UserError(
            self.env._(
                "You cannot %(operation)s before a sales manager approves it:\n%(orders)s",
                operation=operation,
                orders="\n".join(
                    "- %s (%s)" % (order.name, states[order.approval_state]) for order in blocked
                ),
            )
        )

    def _agency_check_approver(self):
        if not self.env.user.has_group("sales_team.group_sale_manager"):
            raise AccessError(
                self.env._(
                    "Only sales managers may approve or reject quotations (%(orders)s).",
                    orders=", ".join(self.mapped("name")),
                )
            )

    def _agency_approval_managers(self):
        """The users who receive the approval activity: the team leader of
        the order's sales team when they are a sales manager of the order's
        company, else every active internal sales manager of that company."""
        self.ensure_one()
        company = self.company_id or self.env.company
        leader = self.team_id.user_id
        if (
            leader
            and leader.active
            and not leader.share
            and company in leader.company_ids
            and leader.has_group("sales_team.group_sale_manager")
        ):
            return leader
        group = self.env.ref("sales_team.group_sale_manager")
        # sudo: a salesperson may not read group memberships; we only list
        # the recipients of the approval activity.
        return (
            self.env["res.users"]
            .sudo()
            .search(
                [
                    ("groups_id", "in", group.ids),
                    ("share", "=", False),
                    ("company_ids", "in", company.ids),
                ]
            )
            .filtered(lambda user: not user._is_superuser())
            .sudo(False)
        )

    def _agency_notify_salesperson(self, body):
        """Log ``body`` as an internal note that notifies the salesperson
        (a note, so the customer following the quotation gets nothing)."""
        self.ensure_one()
        partner_ids = self.user_id.partner_id.ids if self.user_id else []
        return self.message_post(
            body=body,
            message_type="comment",
            subtype_xmlid="mail.mt_note",
            partner_ids=partner_ids,
        )

    def _agency_reset_approval(self, reason):
        """Put approved (or awaiting) quotations back to ``draft`` after a
        change of ``reason`` (a translated noun phrase); rejected ones stay
        rejected until the approval is requested again."""
        if is_internal(self.env, "agency_approval_flow") or is_internal(
            self.env, "agency_option_chosen"
        ):
            return
        orders = self.filtered(
            lambda order: order.state in ("draft", "sent")
            and order.approval_decision in ("approved", "to_approve")
        )
        if not orders:
            return
        orders.with_context(**internal_context("agency_approval_flow")).write(
            {
                "approval_decision": False,
                "approved_by_id": False,
                "approved_on": False,
            }
        )
        orders.activity_unlink([APPROVAL_ACTIVITY_XMLID])
        for order in orders:
            order.message_post(
                body=self.env._(
                    "The approval of %(order)s was withdrawn: %(reason)s changed. Request the approval again.",
                    order=order.name,
                    reason=reason,
                ),
                subtype_xmlid="mail.mt_note",
            )

    # ------------------------------------------------------------
    # BLOCKS: SEND, CONFIRM, PRINT, PORTAL
    # ------------------------------------------------------------

    def action_quotation_send(self):
        self._agency_check_approved(self.env._("send the quotation"))
        return super().action_quotation_send()

    def action_quotation_sent(self):
        self._agency_check_approved(self.env._("mark the quotation as sent"))
        return super().action_quotation_sent()

    def action_confirm(self):
        self._agency_check_approved(self.env._("confirm the quotation"))
        if not is_internal(self.env, "agency_contract_signing"):
            self._agency_check_contract_confirmation()
        return super().action_confirm()

    def action_preview_sale_order(self):
        self._agency_check_approved(self.env._("show the quotation on the customer portal"))
        return super().action_preview_sale_order()

    def action_update_prices(self):
        before = self._agency_price_snapshot()
        res = super().action_update_prices()
        self._agency_reset_if_prices_changed(before, self.env._("the prices (updated from the price list)"))
        return res

    def action_update_taxes(self):
        before = self._agency_price_snapshot()
        res = super().action_update_taxes()
        self._agency_reset_if_prices_changed(before, self.env._("the taxes (updated from the fiscal position)"))
        return res

    def message_post(self, **kwargs):
        if self.env.context.get("mark_so_as_sent"):
            self._agency_check_approved(self.env._("send the quotation"))
        return super().message_post(**kwargs)

    def _can_be_edited_on_portal(self):
        # the customer adds no option to a quotation awaiting approval
        return super()._can_be_edited_on_portal() and not self._agency_approval_blocking()

    # ------------------------------------------------------------
    # CONFIRMATION BY THE CONTRACT
    # ------------------------------------------------------------

    def _agency_is_agency_order(self):
        """Whether the order belongs to the agency's process: its
        opportunity is at a process step, or its sales team has stages of
        its own with a process step."""
        self.ensure_one()
        # sudo: the flags of the opportunity and of the team's stages decide,
        # whoever reads the order (a colleague's lead may be unreadable).
        order = self.sudo()
        if order.opportunity_id.process_step:
            return True
        return bool(
            order.team_id
            and self.env["crm.stage"].sudo().search_count(
                [("team_id", "=", order.team_id.id), ("process_step", "!=", False)], limit=1
            )
        )

    def _agency_confirmed_by_contract(self):
        """The orders of ``self`` that only the signing of their contract
        request confirms (company setting)."""
        return self.filtered(
            lambda order: (order.company_id or self.env.company).agency_confirm_by_contract
            and order._agency_is_agency_order()
        )

    def _agency_check_contract_confirmation(self):
        orders = self._agency_confirmed_by_contract()
        if orders:
            raise UserError(
                self.env._(
                    "%(orders)s: an agency quotation is confirmed by signing its contract request, "
                    "not directly. Record the customer's acceptance and follow the contract request "
                    "until it is signed.",
                    orders=", ".join(orders.mapped("name")),
                )
            )

    def _has_to_be_signed(self):
        # neither signed nor paid online before the approval; nor at all when
        # the signing of the contract confirms the order (signing or paying
        # online would confirm it)
        return (
            super()._has_to_be_signed()
            and not self._agency_approval_blocking()
            and not self._agency_confirmed_by_contract()
        )

    def _has_to_be_paid(self):
        return (
            super()._has_to_be_paid()
            and not self._agency_approval_blocking()
            and not self._agency_confirmed_by_contract()
        )

    # ------------------------------------------------------------
    # CUSTOMER DECISION AND REVISIONS
    # ------------------------------------------------------------

    def action_customer_accept(self):
        """The customer accepted the sent quotation: record it and open the
        contract request when the contract flow is installed."""
        self._agency_check_sent_for_decision()
        open_objections = self.objection_ids.filtered(lambda o: o.outcome == "open")
        if open_objections:
            open_objections.action_resolve()
        self._agency_set_customer_decision("accepted")
        self.opportunity_id._agency_advance_to_step("contract")
        if len(self) == 1:
            return self.action_open_contract_request_wizard()
        return True

    def action_customer_object(self, vals=None):
        """Record the customer's objection to the sent quotation: with
        ``vals`` (crm.objection values) create it, without them open the
        objection wizard."""
        self.ensure_one()
        self._agency_check_sent_for_decision()
        if not self.opportunity_id:
            raise UserError(
                self.env._("The quotation %(order)s has no opportunity to record the objection on.", order=self.name)
            )
        if vals is None:
            return {
                "type": "ir.actions.act_window",
                "name": self.env._("Customer Objection"),
                "res_model": "crm.objection.register",
                "view_mode": "form",
                "target": "new",
                "context": {
                    "default_lead_id": self.opportunity_id.id,
                    "default_order_id": self.id,
                },
            }
        return self.env["crm.objection"].create(
            dict(vals, lead_id=self.opportunity_id.id, order_id=self.id)
        )

    def action_revise(self, target_price=None):
        """Make a new revision of the quotation with the customer: a copy
        (lines to cut or reduce together), numbered and linked to this one,
        which is cancelled. The copy needs the approval again when the
        company's setting asks for it. Returns the action opening it."""
        self.ensure_one()
        if self.state not in ("draft", "sent"):
            raise UserError(
                self.env._(
                    "Only a quotation in progress can be revised; %(order)s is %(state)s.",
                    order=self.name,
                    state=dict(self._fields["state"]._description_selection(self.env))[self.state],
                )
            )
        number = self.revision_number + 1
        root = self._agency_revision_root()
        revision = self.with_context(**internal_context("agency_revision")).copy({
            "name": "%s-R%s" % (root.name, number),
            "revision_number": number,
            "revised_from_id": self.id,
            "opportunity_id": self.opportunity_id.id,
            "origin": self.origin,
            "target_price": self.target_price if target_price is None else target_price,
        })
        revision = revision.with_env(self.env)
        self._action_cancel()
        self.message_post(
            body=self.env._("Revised with the customer: replaced by %(order)s.", order=revision.name),
            subtype_xmlid="mail.mt_note",
        )
        revision.message_post(
            body=self.env._(
                "Revision %(number)s of %(order)s, made with the customer after a price objection.",
                number=number,
                order=self.name,
            ),
            subtype_xmlid="mail.mt_note",
        )
        if self.opportunity_id:
            self.opportunity_id.message_post(
                body=self.env._(
                    "Quotation %(old)s revised with the customer: revision %(number)s is %(new)s.",
                    old=self.name,
                    number=number,
                    new=revision.name,
                ),
                subtype_xmlid="mail.mt_note",
            )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Quotation Revision"),
            "res_model": "sale.order",
            "res_id": revision.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }

    def _agency_revision_root(self):
        self.ensure_one()
        root = self
        while root.revised_from_id and root.revised_from_id != self:
            root = root.revised_from_id
        return root

    def _agency_check_sent_for_decision(self):
        for order in self:
            if order.state != "sent":
                raise UserError(
                    self.env._(
                        "The customer's answer is recorded on a sent quotation; %(order)s is not sent.",
                        order=order.name,
                    )
                )
            if order.approval_state not in ("approved", "not_required"):
                raise UserError(
                    self.env._(
                        "The customer's answer is recorded on an approved quotation; "
                        "%(order)s is not approved (its approval was withdrawn or never given).",
                        order=order.name,
                    )
                )

    def _agency_set_customer_decision(self, value):
        """Record the customer's decision ``value`` (the only way to write
        ``customer_decision``, used by the customer actions and by the
        objection flow). Accepting or objecting needs a sent, approved (or
        approval not required) quotation; going back to ``pending`` (an
        objection resolved) does not."""
        if value != "pending":
            self._agency_check_sent_for_decision()
        return self.with_context(**internal_context("agency_customer_decision")).write(
            {"customer_decision": value}
        )

    # ------------------------------------------------------------
    # LEAD AND PRESENTATION MEETING
    # ------------------------------------------------------------

    def action_schedule_presentation(self):
        """Open the calendar on a new presentation meeting of the quotation
        with the customer and the salesperson, linked to the opportunity."""
        self.ensure_one()
        action = self.env["ir.actions.actions"]._for_xml_id("calendar.action_calendar_event")
        partner_ids = (self.user_id.partner_id | self.partner_id).ids
        action["context"] = {
            "default_name": self.env._("Presentation of %(order)s", order=self.name),
            "default_partner_ids": partner_ids,
            "default_user_id": (self.user_id or self.env.user).id,
            # no default_opportunity_id: crm would attach the event to the
            # lead; calendar.event.default_get links the order's opportunity.
            "default_res_model": self._name,
            "default_res_model_id": self.env["ir.model"]._get_id(self._name),
            "default_res_id": self.id,
            "search_default_opportunity_id": self.opportunity_id.id,
        }
        return action

    def _agency_move_leads_to_negotiation(self):
        """Move the opportunity of each sent quotation that needed no approval
        or was approved to the ``negotiation`` stage (forward only, when the
        lead meets the stage's gate: crm.lead._agency_advance_to_step)."""
        for order in self:
            if order.state == "sent" and order.approval_state in ("approved", "not_required"):
                order.opportunity_id._agency_advance_to_step("negotiation")

    # ------------------------------------------------------------
    # CONTRACT REQUEST
    # ------------------------------------------------------------

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
            "name": self.env._("Contract Request"),
            "res_model": "crm.contract.request.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_order_id": self.id,
                "default_lead_id": self.opportunity_id.id,
            },
        }
