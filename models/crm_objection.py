# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..tools.internal import internal_context, is_internal, module_uninstalling


# changed only by the objection's own flow (buttons), never by a plain write
FLOW_FIELDS = {"outcome", "attempt", "closed_on", "closed_by_id", "revision_order_id"}
# internal mark (tools/internal.py) of the objection's own flow: a client's
# context cannot set it
FLOW_MARK = "agency_objection_flow"


class CrmObjection(models.Model):
    _name = "crm.objection"
    _description = "Customer Objection"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date desc, id desc"

    lead_id = fields.Many2one(
        "crm.lead",
        required=True,
        ondelete="cascade",
        index=True,
        tracking=True,
    )
    order_id = fields.Many2one(
        "sale.order",
        string="Quotation",
        index="btree_not_null",
        domain="[('opportunity_id', '=', lead_id)]",
        tracking=True,
        help="The quotation the customer objected to.",
    )
    kind = fields.Selection(
        [("price", "Price"), ("other", "Other")],
        required=True,
        default="other",
        tracking=True,
        help="Price: convince the customer or revise the quotation with them. "
        "Other: resolve it yourself or with management, within the attempt limit.",
    )
    reason_id = fields.Many2one(
        "crm.objection.reason",
        required=True,
        ondelete="restrict",
        domain="[('kind', 'in', (kind, 'both'))]",
        tracking=True,
    )
    description = fields.Text(help="What the customer said.")
    attempt = fields.Integer(
        readonly=True,
        copy=False,
        help="Attempt number of a non-price objection: failed non-price "
        "attempts of the lead before this one, plus one.",
    )
    handled_by = fields.Selection(
        [("self", "Salesperson"), ("management", "Management")],
        required=True,
        default="self",
        tracking=True,
    )
    outcome = fields.Selection(
        [("open", "Open"), ("resolved", "Resolved"), ("failed", "Failed")],
        required=True,
        default="open",
        readonly=True,
        copy=False,
        tracking=True,
        index=True,
    )
    resolution_note = fields.Text(
        string="Outcome Note",
        help="What was done and what the customer answered; posted on the "
        "lead when the objection is closed.",
    )
    date = fields.Datetime(
        string="Opened On", required=True, readonly=True, default=fields.Datetime.now
    )
    closed_on = fields.Datetime(readonly=True, copy=False)
    closed_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    user_id = fields.Many2one(
        related="lead_id.user_id", string="Salesperson", store=True, index=True
    )
    team_id = fields.Many2one(related="lead_id.team_id", string="Sales Team", store=True)
    company_id = fields.Many2one(related="lead_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="order_id.currency_id")
    target_price = fields.Monetary(
        currency_field="currency_id",
        help="The price the customer named (price objections).",
    )
    revision_order_id = fields.Many2one(
        "sale.order",
        string="Revised Quotation",
        readonly=True,
        copy=False,
        help="The revision of the quotation made for this price objection.",
    )

    @api.depends("lead_id", "reason_id", "kind", "attempt")
    def _compute_display_name(self):
        for objection in self:
            label = objection.reason_id.name or dict(
                self._fields["kind"]._description_selection(self.env)
            ).get(objection.kind, "")
            if objection.kind == "other" and objection.attempt:
                label = self.env._("%(reason)s (attempt %(attempt)s)", reason=label, attempt=objection.attempt)
            objection.display_name = self.env._(
                "%(lead)s: %(label)s", lead=objection.lead_id.display_name or "", label=label
            )

    # ------------------------------------------------------------
    # CONSTRAINTS
    # ------------------------------------------------------------

    @api.constrains("lead_id", "order_id")
    def _check_order_of_lead(self):
        for objection in self:
            if objection.order_id and objection.order_id.opportunity_id != objection.lead_id:
                raise ValidationError(
                    self.env._(
                        "The quotation %(order)s does not belong to the lead %(lead)s.",
                        order=objection.order_id.name,
                        lead=objection.lead_id.display_name,
                    )
                )

    @api.constrains("kind", "reason_id")
    def _check_reason_kind(self):
        for objection in self:
            if objection.reason_id.kind not in ("both", objection.kind):
                raise ValidationError(
                    self.env._(
                        "The reason %(reason)s is not offered for %(kind)s objections.",
                        reason=objection.reason_id.name,
                        kind=dict(self._fields["kind"]._description_selection(self.env))[
                            objection.kind
                        ],
                    )
                )

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        Lead = self.env["crm.lead"]
        for vals in vals_list:
            Lead._agency_check_vals(vals)
            if vals.get("lead_id"):
                Lead._agency_check_record_id(vals["lead_id"], "lead_id", self)
        leads = self.env["crm.lead"].browse(
            {vals["lead_id"] for vals in vals_list if vals.get("lead_id")}
        )
        leads._agency_lock()
        planned = {}  # lead id -> attempts planned in this batch
        # callers may pass the same dict several times: never mutate theirs
        vals_list = [dict(vals) for vals in vals_list]
        for vals in vals_list:
            sent_attempt = vals.pop("attempt", False)
            self._check_flow_defaults(vals)
            for fname in FLOW_FIELDS & set(vals):
                del vals[fname]
            lead = self.env["crm.lead"].browse(vals.get("lead_id"))
            if vals.get("kind", "other") != "other" or not lead:
                vals["attempt"] = 0
            else:
                lead._agency_check_new_attempt(extra=planned.get(lead.id, 0))
                vals["attempt"] = lead.objection_attempts + 1
                planned[lead.id] = planned.get(lead.id, 0) + 1
            if sent_attempt and sent_attempt != vals["attempt"]:
                raise UserError(
                    self.env._(
                        "The attempt number of an objection is counted by the system "
                        "(this one would be %(attempt)s); it cannot be chosen.",
                        attempt=vals["attempt"],
                    )
                )
        objections = super().create(vals_list)
        for objection in objections:
            order = objection.order_id
            if order and order.customer_decision != "objected":
                order._agency_set_customer_decision("objected")
            objection.lead_id.message_post(
                body=objection._summary_html(self.env._("Objection recorded")),
                subtype_xmlid="mail.mt_note",
            )
            if objection.handled_by == "management":
                objection._schedule_escalation()
        return objections

    def write(self, vals):
        self.env["crm.lead"]._agency_check_vals(vals)
        if FLOW_FIELDS & set(vals) and not is_internal(self.env, FLOW_MARK):
            raise UserError(
                self.env._(
                    "The outcome of an objection changes only through its actions "
                    "(resolved, attempt failed, revise the quotation)."
                )
            )
        for key in ("lead_id", "kind"):
            if key in vals and any(
                (o[key].id if key == "lead_id" else o[key]) != vals[key] for o in self
            ):
                raise UserError(
                    self.env._(
                        "The lead and the kind of an objection cannot change: "
                        "record a new objection instead."
                    )
                )
        return super().write(vals)

    @api.model
    def _check_flow_defaults(self, vals):
        """A new objection is open: refuse a client's create that sets its
        outcome, closing or revision (only the actions do), rather than
        silently dropping them; their default values pass (e.g. a form that
        sends ``outcome: 'open'``)."""
        if is_internal(self.env, FLOW_MARK):
            return
        refused = sorted(
            fname for fname in FLOW_FIELDS - {"attempt"}
            if fname in vals and vals[fname] not in (False, None, "open" if fname == "outcome" else False)
        )
        if refused:
            raise UserError(
                self.env._(
                    "A new objection is open: %(fields)s change only through its actions "
                    "(resolved, attempt failed, revise the quotation).",
                    fields=", ".join(self._fields[fname]._description_string(self.env) for fname in refused),
                )
            )

    @api.ondelete(at_uninstall=True)
    def _unlink_except_closed(self):
        """A closed objection is part of the lead's history and its failed
        attempts count towards the limit: nobody deletes it (deleting a
        failed attempt would reset the count)."""
        if module_uninstalling(self.env):
            return
        closed = self.filtered(lambda o: o.outcome != "open")
        # the superuser (uninstall-like clean-ups, data fixes) is not refused
        if closed and not self.env.su:
            raise UserError(
                self.env._(
                    "The objection %(name)s is closed (%(outcome)s): it stays in the lead's "
                    "history and cannot be deleted.",
                    name=closed[0].display_name,
                    outcome=dict(self._fields["outcome"]._description_selection(self.env))[
                        closed[0].outcome
                    ],
                )
            )

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_resolve(self):
        """The customer is convinced: back to the quotation's follow-up."""
        self._close("resolved")
        for objection in self:
            order = objection.revision_order_id or objection.order_id
            if order and order.state not in ("sale", "cancel") and order.customer_decision == "objected":
                order._agency_set_customer_decision("pending")
            objection.lead_id.activity_schedule(
                "mail.mail_activity_data_call",
                summary=self.env._("Follow up the quotation"),
                note=self.env._("Objection resolved: %(objection)s", objection=objection.display_name),
                user_id=(objection.lead_id.user_id or self.env.user).id,
                agency_step="negotiation",
            )
        return True

    def action_fail(self):
        """The attempt failed. The failure of the last allowed non-price
        attempt sends the lead to the future follow-ups, once, even when two
        users close it at the same moment (the lead rows are locked)."""
        self._close("failed")
        for lead in self.filtered(lambda o: o.kind == "other").lead_id:
            lead._agency_check_attempt_limit_reached()
        return True

    def action_escalate(self):
        """Hand the objection to management: an activity for the team leader
        or, without one, the sales managers of the company."""
        for objection in self:
            if objection.outcome != "open":
                raise UserError(
                    self.env._("The objection %(name)s is closed; it cannot be escalated.", name=objection.display_name)
                )
        self.filtered(lambda o: o.handled_by != "management").write({"handled_by": "management"})
        for objection in self:
            objection._schedule_escalation()
        return True

    def action_revise_quotation(self):
        """Price objection: revise the quotation with the customer's target
        price; returns the action opening the new revision."""
        self.ensure_one()
        if self.kind != "price":
            raise UserError(self.env._("Only a price objection leads to a revised quotation."))
        if self.outcome != "open":
            raise UserError(self.env._("The objection %(name)s is closed.", name=self.display_name))
        if not self.order_id:
            raise UserError(self.env._("Choose the quotation the customer objected to first."))
        action = self.order_id.action_revise(target_price=self.target_price or None)
        self.with_context(**internal_context(FLOW_MARK)).revision_order_id = action["res_id"]
        self.message_post(
            body=self.env._("Quotation revised: %(order)s", order=self.revision_order_id.name),
            subtype_xmlid="mail.mt_note",
        )
        return action

    # ------------------------------------------------------------
    # HELPERS
    # ------------------------------------------------------------

    def _close(self, outcome):
        leads = self.lead_id
        leads._agency_lock()
        # another transaction may have closed them while we waited
        self.invalidate_recordset(["outcome"])
        for objection in self:
            if objection.outcome != "open":
                raise UserError(
                    self.env._(
                        "The objection %(name)s is already closed (%(outcome)s) by %(user)s.",
                        name=objection.display_name,
                        outcome=dict(self._fields["outcome"]._description_selection(self.env))[
                            objection.outcome
                        ],
                        user=objection.closed_by_id.name or "",
                    )
                )
        self.with_context(**internal_context(FLOW_MARK)).write({
            "outcome": outcome,
            "closed_on": fields.Datetime.now(),
            "closed_by_id": self.env.uid,
        })
        title = self.env._("Objection resolved") if outcome == "resolved" else self.env._("Objection attempt failed")
        for objection in self:
            if objection.handled_by == "management":
                title = self.env._(
                    "%(title)s by management (%(user)s)", title=title, user=self.env.user.name
                )
            objection.lead_id.message_post(
                body=objection._summary_html(title), subtype_xmlid="mail.mt_note"
            )
            # the escalation activity is done once the objection is closed
            objection.activity_ids.filtered(
                lambda act: act.activity_type_id == self.env.ref("mail.mail_activity_data_todo")
            ).action_feedback(feedback=title)

    def _schedule_escalation(self):
        self.ensure_one()
        lead = self.lead_id
        managers = lead.team_id.user_id
        if not managers:
            company = self.company_id or self.env.company
            managers = self.env.ref("sales_team.group_sale_manager").users.filtered(
                lambda u: not u.share and company in u.company_ids
            )
        if not managers:
            raise UserError(
                self.env._("The objection cannot be escalated: there is no team leader or sales manager.")
            )
        for manager in managers:
            self.activity_schedule(
                "mail.mail_activity_data_todo",
                summary=self.env._("Help with the customer's objection"),
                note=self.env._(
                    "%(user)s asks management to handle the objection of %(lead)s.",
                    user=self.env.user.name,
                    lead=lead.display_name,
                ),
                user_id=manager.id,
            )
        lead.message_post(
            body=self.env._(
                "Objection escalated to management (%(managers)s): %(objection)s",
                managers=", ".join(managers.mapped("name")),
                objection=self.display_name,
            ),
            subtype_xmlid="mail.mt_note",
        )

    def _summary_html(self, title):
        self.ensure_one()
        kind = dict(self._fields["kind"]._description_selection(self.env))[self.kind]
        parts = [
            Markup("<b>%s</b>") % title,
            Markup("<br/>%s: %s") % (self.env._("Kind"), kind),
            Markup("<br/>%s: %s") % (self.env._("Reason"), self.reason_id.name),
        ]
        if self.kind == "other" and self.attempt:
            parts.append(Markup("<br/>%s: %s") % (self.env._("Attempt"), self.attempt))
        if self.order_id:
            parts.append(Markup("<br/>%s: %s") % (self.env._("Quotation"), self.order_id.name))
        if self.description:
            parts.append(Markup("<br/>%s: %s") % (self.env._("Description"), self.description))
        if self.outcome != "open" and self.resolution_note:
            parts.append(Markup("<br/>%s: %s") % (self.env._("Note"), self.resolution_note))
        return Markup("").join(parts)
