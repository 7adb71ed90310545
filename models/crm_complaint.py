# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from ..tools.internal import internal_context, is_internal, module_uninstalling

# internal mark (tools/internal.py) of the complaint's own steps: a client's
# context cannot set it
FLOW_MARK = "agency_complaint_flow"
# written only by the complaint's actions and its escalation job
FLOW_FIELDS = {
    "state", "escalated", "escalated_on",
    "started_by_id", "started_on",
    "root_cause", "resolution", "customer_confirmed", "customer_confirmed_by", "customer_confirmed_on",
    "resolved_by_id", "resolved_on",
    "closed_by_id", "closed_on",
    "rejected_by_id", "rejected_on", "reject_reason",
}
# what the complaint is about: frozen once it is closed or rejected
SUBJECT_FIELDS = {
    "partner_id", "contract_request_id", "order_id", "channel", "category_id", "description",
    "severity", "user_id", "deadline", "date", "company_id",
}
OPEN_STATES = ("new", "in_progress")
DONE_STATES = ("resolved", "closed", "rejected")


class CrmComplaint(models.Model):
    _name = "crm.complaint"
    _description = "Customer Complaint"
    _inherit = ["portal.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "date desc, id desc"
    _check_company_auto = True

    name = fields.Char(
        string="Reference", required=True, readonly=True, copy=False, default="/", index="trigram",
    )
    date = fields.Datetime(
        string="Received On", required=True, default=fields.Datetime.now, tracking=True,
        help="When the customer made the complaint; the response deadline counts from it.",
    )
    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, index=True, tracking=True,
        check_company=True,
    )
    commercial_partner_id = fields.Many2one(
        related="partner_id.commercial_partner_id", string="Customer Entity", store=True, index=True,
    )
    contract_request_id = fields.Many2one(
        "crm.contract.request", index="btree_not_null", tracking=True,
        check_company=True,
        domain="[('partner_id', 'child_of', commercial_partner_id)]",
    )
    order_id = fields.Many2one(
        "sale.order", string="Sales Order", index="btree_not_null", tracking=True,
        check_company=True,
        domain="[('partner_id', 'child_of', commercial_partner_id)]",
    )
    channel = fields.Selection(
        [
            ("phone", "Phone"),
            ("email", "Email"),
            ("meeting", "Meeting"),
            ("messenger", "WhatsApp / Telegram"),
            ("portal", "Customer Portal"),
            ("other", "Other"),
        ],
        required=True, default="phone", tracking=True,
        help="How the complaint reached the agency.",
    )
    category_id = fields.Many2one(
        "crm.complaint.category", required=True, ondelete="restrict",
        index=True, tracking=True, check_company=True,
    )
    description = fields.Text(required=True, help="What the customer complains about, in their words.")
    severity = fields.Selection(
        [("low", "Low"), ("medium", "Medium"), ("high", "High"), ("critical", "Critical")],
        required=True, default="medium", tracking=True,
        help="Sets the response deadline with the response times of the category.",
    )
    user_id = fields.Many2one(
        "res.users", string="Expert in Charge", index=True, tracking=True,
        default=lambda self: self.env.user if not self.env.user.share else False,
        check_company=True,
        domain=lambda self: [
            ("share", "=", False), ("groups_id", "in", self.env.ref("sales_team.group_sale_salesman").ids),
        ],
        help="Who handles the complaint: responds, finds the root cause and resolves it.",
    )
    salesperson_id = fields.Many2one(
        "res.users", compute="_compute_salesperson_id", store=True, index=True,
        help="The salesperson of the order, else of the contract request, else of the customer.",
    )
    team_id = fields.Many2one(
        "crm.team", string="Sales Team", compute="_compute_team_id", store=True, readonly=False,
        help="Its leader is told when the complaint passes its deadline.",
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company,
    )
    deadline = fields.Datetime(
        string="Response Deadline", compute="_compute_deadline", store=True, readonly=False,
        tracking=True, index=True,
        help="From the reception date and the response time of the category for the "
        "severity; can be set by hand.",
    )
    is_overdue = fields.Boolean(compute="_compute_is_overdue", search="_search_is_overdue")
    state = fields.Selection(
        [
            ("new", "New"),
            ("in_progress", "In Progress"),
            ("resolved", "Resolved"),
            ("closed", "Closed"),
            ("rejected", "Rejected"),
        ],
        required=True, default="new", readonly=True, copy=False, tracking=True, index=True,
    )
    escalated = fields.Boolean(readonly=True, copy=False, help="Escalated to the sales manager after the deadline.")
    escalated_on = fields.Datetime(readonly=True, copy=False)
    started_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    started_on = fields.Datetime(readonly=True, copy=False)
    root_cause = fields.Text(readonly=True, copy=False, help="Why it happened, found when resolving.")
    resolution = fields.Text(readonly=True, copy=False, help="What was done for the customer.")
    customer_confirmed = fields.Boolean(
        readonly=True, copy=False, help="The customer confirmed that the complaint is resolved.",
    )
    customer_confirmed_by = fields.Char(
        string="Confirmed By", readonly=True, copy=False,
        help="Who confirmed the resolution on the customer's side.",
    )
    customer_confirmed_on = fields.Datetime(readonly=True, copy=False)
    resolved_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    resolved_on = fields.Datetime(readonly=True, copy=False)
    closed_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    closed_on = fields.Datetime(readonly=True, copy=False)
    rejected_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    rejected_on = fields.Datetime(readonly=True, copy=False)
    reject_reason = fields.Text(readonly=True, copy=False)
    resolution_hours = fields.Float(
        string="Hours to Resolve", compute="_compute_resolution_time", store=True, aggregator="avg",
        help="From reception to resolution.",
    )
    resolution_days = fields.Float(
        string="Days to Resolve", compute="_compute_resolution_time", store=True, aggregator="avg",
        digits=(16, 1),
    )
    can_handle = fields.Boolean(compute="_compute_role_buttons")
    can_close = fields.Boolean(compute="_compute_role_buttons")
    can_reject = fields.Boolean(compute="_compute_role_buttons")

    # ------------------------------------------------------------
    # COMPUTES
    # ------------------------------------------------------------

    @api.depends("order_id.user_id", "contract_request_id.user_id", "commercial_partner_id.user_id")
    def _compute_salesperson_id(self):
        for complaint in self:
            complaint.salesperson_id = (
                complaint.order_id.user_id
                or complaint.contract_request_id.user_id
                or complaint.commercial_partner_id.user_id
            )

    @api.depends("order_id.team_id", "contract_request_id.lead_id.team_id", "salesperson_id")
    def _compute_team_id(self):
        for complaint in self:
            complaint.team_id = (
                complaint.order_id.team_id
                or complaint.contract_request_id.lead_id.team_id
                or complaint.salesperson_id.sale_team_id
                or complaint.team_id
            )

    @api.depends("date", "severity", "category_id")
    def _compute_deadline(self):
        for complaint in self:
            if not complaint.date:
                complaint.deadline = False
                continue
            hours = complaint.category_id._response_hours(complaint.severity)
            complaint.deadline = complaint.date + timedelta(hours=hours)

    @api.depends("deadline", "state")
    def _compute_is_overdue(self):
        now = fields.Datetime.now()
        for complaint in self:
            complaint.is_overdue = bool(
                complaint.state in OPEN_STATES and complaint.deadline and complaint.deadline < now
            )

    def _search_is_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Overdue complaints are searched with = or != and a boolean."))
        domain = [("state", "in", OPEN_STATES), ("deadline", "<", fields.Datetime.now())]
        if (operator == "=") == value:
            return domain
        return ["!", "&", *domain]

    @api.depends("date", "resolved_on")
    def _compute_resolution_time(self):
        for complaint in self:
            if complaint.date and complaint.resolved_on:
                hours = max((complaint.resolved_on - complaint.date).total_seconds() / 3600.0, 0.0)
                complaint.resolution_hours = hours
                complaint.resolution_days = hours / 24.0
            else:
                complaint.resolution_hours = 0.0
                complaint.resolution_days = 0.0

    @api.depends("state", "user_id", "salesperson_id")
    @api.depends_context("uid")
    def _compute_role_buttons(self):
        for complaint in self:
            complaint.can_handle = complaint._role_ok("handler")
            complaint.can_close = complaint._role_ok("closer")
            complaint.can_reject = complaint._role_ok("manager")

    def _compute_access_url(self):
        res = super()._compute_access_url()
        for complaint in self:
            complaint.access_url = "/my/complaints/%s" % complaint.id
        return res

    # ------------------------------------------------------------
    # CONSTRAINTS AND ONCHANGES
    # ------------------------------------------------------------

    @api.constrains("partner_id", "order_id", "contract_request_id")
    def _check_documents_of_customer(self):
        for complaint in self:
            customer = complaint.commercial_partner_id
            for document in (complaint.order_id, complaint.contract_request_id):
                if document and document.partner_id.commercial_partner_id != customer:
                    raise ValidationError(
                        self.env._(
                            "%(document)s is not a document of the customer %(customer)s.",
                            document=document.display_name,
                            customer=complaint.partner_id.display_name,
                        )
                    )
            request = complaint.contract_request_id
            if complaint.order_id and request.order_id and request.order_id != complaint.order_id:
                raise ValidationError(
                    self.env._(
                        "The contract request %(request)s is not the one of the order %(order)s.",
                        request=request.display_name,
                        order=complaint.order_id.display_name,
                    )
                )

    @api.constrains("user_id")
    def _check_expert_in_sales(self):
        for complaint in self:
            if complaint.user_id and not complaint.user_id.has_group("sales_team.group_sale_salesman"):
                raise ValidationError(
                    self.env._(
                        "%(user)s cannot be in charge of the complaint %(name)s: the expert in charge "
                        "must be a salesperson or a sales manager (only they work on complaints).",
                        user=complaint.user_id.name, name=complaint.name,
                    )
                )

    @api.onchange("order_id")
    def _onchange_order_id(self):
        for complaint in self:
            if complaint.order_id and not complaint.partner_id:
                complaint.partner_id = complaint.order_id.partner_id

    @api.onchange("contract_request_id")
    def _onchange_contract_request_id(self):
        for complaint in self:
            request = complaint.contract_request_id
            if request and not complaint.partner_id:
                complaint.partner_id = request.partner_id
            if request.order_id and not complaint.order_id:
                complaint.order_id = request.order_id

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        internal = is_internal(self.env, FLOW_MARK)
        vals_list = [dict(vals) for vals in vals_list]
        for vals in vals_list:
            if not internal:
                refused = sorted(
                    fname for fname in FLOW_FIELDS & set(vals)
                    if vals[fname] not in (False, None, "", "new" if fname == "state" else False)
                )
                if refused:
                    raise UserError(
                        self.env._(
                            "A new complaint starts new: %(fields)s are set only by its steps "
                            "(start, resolve, close, reject) and its escalation.",
                            fields=", ".join(self._fields[f]._description_string(self.env) for f in refused),
                        )
                    )
                for fname in FLOW_FIELDS & set(vals):
                    del vals[fname]
            if vals.get("name", "/") == "/":
                company_id = vals.get("company_id") or self.env.company.id
                vals["name"] = self.env["ir.sequence"].with_company(company_id).next_by_code(
                    "crm.complaint"
                ) or "/"
        complaints = super().create(vals_list)
        for complaint in complaints:
            complaint._schedule_step_activity(
                "crm_agency_sales.mail_activity_type_complaint_respond",
                complaint.user_id,
                self.env._("Respond to complaint %(name)s", name=complaint.name),
            )
        return complaints

    def write(self, vals):
        if FLOW_FIELDS & set(vals) and not is_internal(self.env, FLOW_MARK):
            raise UserError(
                self.env._(
                    "The state and the resolution of a complaint change only through its steps "
                    "(start, resolve, close, reject) and its escalation."
                )
            )
        if SUBJECT_FIELDS & set(vals) and not is_internal(self.env, FLOW_MARK):
            done = self.filtered(lambda c: c.state in ("closed", "rejected"))
            if done:
                raise UserError(
                    self.env._(
                        "The complaint %(name)s is %(state)s: it can no longer be changed.",
                        name=done[0].name,
                        state=done[0]._state_label(),
                    )
                )
        res = super().write(vals)
        if "user_id" in vals or "deadline" in vals:
            self._follow_assignment()
        return res

    @api.ondelete(at_uninstall=True)
    def _unlink_only_new(self):
        """A complaint that was handled is part of the customer's history."""
        if module_uninstalling(self.env):
            return
        handled = self.filtered(lambda c: c.state != "new")
        if handled and not self.env.su:
            raise UserError(
                self.env._(
                    "The complaint %(name)s is %(state)s: only new complaints can be deleted "
                    "(reject it with a reason instead).",
                    name=handled[0].name,
                    state=handled[0]._state_label(),
                )
            )

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_start(self):
        """new -> in_progress: the expert takes the complaint in hand."""
        self._check_role("handler")
        self._check_state(("new",), self.env._("started"))
        now = fields.Datetime.now()
        for complaint in self:
            complaint._flow_write({"state": "in_progress", "started_by_id": self.env.uid, "started_on": now})
            complaint._done_step_activities(self.env._("Complaint taken in hand."))
            complaint._schedule_step_activity(
                "crm_agency_sales.mail_activity_type_complaint_resolve",
                complaint.user_id,
                self.env._("Resolve complaint %(name)s", name=complaint.name),
            )
        return True

    def action_open_resolve_wizard(self):
        self.ensure_one()
        self._check_role("handler")
        self._check_state(("in_progress",), self.env._("resolved"))
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Resolve Complaint"),
            "res_model": "crm.complaint.resolve",
            "view_mode": "form",
            "target": "new",
            "context": {"default_complaint_id": self.id},
        }

    def action_close(self):
        """resolved -> closed: the salesperson (or a manager) closes the file."""
        self._check_role("closer")
        self._check_state(("resolved",), self.env._("closed"))
        now = fields.Datetime.now()
        for complaint in self:
            complaint._flow_write({"state": "closed", "closed_by_id": self.env.uid, "closed_on": now})
            complaint._done_step_activities(self.env._("Complaint closed."))
        return True

    def action_open_reject_wizard(self):
        self.ensure_one()
        self._check_role("manager")
        self._check_state(OPEN_STATES, self.env._("rejected"))
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Reject Complaint"),
            "res_model": "crm.complaint.reject",
            "view_mode": "form",
            "target": "new",
            "context": {"default_complaint_id": self.id},
        }

    def action_view_order(self):
        self.ensure_one()
        return self.order_id.get_formview_action()

    # ------------------------------------------------------------
    # STEPS (called by the wizards: private, not reachable over RPC)
    # ------------------------------------------------------------

    def _resolve(self, root_cause, resolution, customer_confirmed, confirmed_by=False):
        """in_progress -> resolved, with the root cause and the customer's
        confirmation."""
        self._check_role("handler")
        self._check_state(("in_progress",), self.env._("resolved"))
        root_cause = (root_cause or "").strip()
        if not root_cause:
            raise UserError(self.env._("Give the root cause of the complaint to resolve it."))
        if not customer_confirmed:
            raise UserError(
                self.env._("A complaint is resolved only when the customer has confirmed the resolution.")
            )
        now = fields.Datetime.now()
        for complaint in self:
            complaint._flow_write({
                "state": "resolved",
                "root_cause": root_cause,
                "resolution": (resolution or "").strip() or False,
                "customer_confirmed": True,
                "customer_confirmed_by": (confirmed_by or "").strip() or False,
                "customer_confirmed_on": now,
                "resolved_by_id": self.env.uid,
                "resolved_on": now,
            })
            complaint._done_step_activities(self.env._("Complaint resolved."))
            complaint.message_post(
                body=Markup("<p><b>%s</b></p><p>%s</p>") % (self.env._("Root cause"), root_cause),
                subtype_xmlid="mail.mt_note",
            )
            complaint._schedule_step_activity(
                "mail.mail_activity_data_todo",
                complaint.salesperson_id or complaint.team_id.user_id or complaint.user_id,
                self.env._("Check with the customer and close complaint %(name)s", name=complaint.name),
                deadline=fields.Date.context_today(complaint) + timedelta(days=2),
            )
        return True

    def _reject(self, reason):
        """new/in_progress -> rejected, with the reason (a sales manager)."""
        self._check_role("manager")
        self._check_state(OPEN_STATES, self.env._("rejected"))
        reason = (reason or "").strip()
        if not reason:
            raise UserError(self.env._("Give the reason why the complaint is rejected."))
        now = fields.Datetime.now()
        for complaint in self:
            complaint._flow_write({
                "state": "rejected", "reject_reason": reason,
                "rejected_by_id": self.env.uid, "rejected_on": now,
            })
            complaint._done_step_activities(self.env._("Complaint rejected."))
            complaint.message_post(
                body=Markup("<p><b>%s</b></p><p>%s</p>") % (self.env._("Rejected"), reason),
                subtype_xmlid="mail.mt_note",
            )
        return True

    # ------------------------------------------------------------
    # ESCALATION
    # ------------------------------------------------------------

    @api.model
    def _cron_escalate_overdue(self):
        """Complaints past their deadline and still open are escalated once
        to the sales manager(s) of their team: an activity each and a note on
        the chatter. Batched: a fixed number of queries whatever their count."""
        overdue = self.search([
            ("state", "in", OPEN_STATES),
            ("escalated", "=", False),
            ("deadline", "<", fields.Datetime.now()),
        ])
        if not overdue:
            return 0
        managers_by_company = self._sales_managers_by_company(overdue.company_id)
        activity_type = self.env.ref("crm_agency_sales.mail_activity_type_complaint_escalated")
        model_id = self.env["ir.model"]._get_id(self._name)
        today = fields.Date.context_today(self)
        activity_vals = []
        bodies = {}
        for complaint in overdue:
            leader = complaint.team_id.user_id
            if leader and leader.active and complaint.company_id in leader.company_ids:
                managers = leader
            else:
                managers = managers_by_company.get(complaint.company_id, self.env["res.users"])
            summary = self.env._("Complaint %(name)s is past its deadline", name=complaint.name)
            for manager in managers:
                activity_vals.append({
                    "res_model_id": model_id,
                    "res_id": complaint.id,
                    "activity_type_id": activity_type.id,
                    "summary": summary,
                    "user_id": manager.id,
                    "date_deadline": today,
                })
            bodies[complaint.id] = Markup("<p>%s</p>") % self.env._(
                "The response deadline (%(deadline)s) has passed: escalated to %(managers)s.",
                deadline=fields.Datetime.to_string(complaint.deadline),
                managers=", ".join(managers.mapped("name")) or self.env._("nobody (no sales manager)"),
            )
        # no e-mail per activity: the managers find them in their activities
        self.env["mail.activity"].with_context(mail_activity_quick_update=True).create(activity_vals)
        overdue._message_log_batch(bodies=bodies)
        overdue._flow_write({"escalated": True, "escalated_on": fields.Datetime.now()})
        return len(overdue)

    @api.model
    def _sales_managers_by_company(self, companies):
        group = self.env.ref("sales_team.group_sale_manager")
        # sudo: the members of the managers' group are read to address the
        # escalation, whatever the rights of the user running the job
        users = group.sudo().users.filtered(lambda u: u.active and not u.share).sudo(False)
        return {company: users.filtered(lambda u, c=company: c in u.company_ids) for company in companies}

    # ------------------------------------------------------------
    # HELPERS
    # ------------------------------------------------------------

    def _role_ok(self, role):
        self.ensure_one()
        if self.env.su:
            return True
        user = self.env.user
        if user.has_group("sales_team.group_sale_manager"):
            return True
        if role == "manager" or not user.has_group("sales_team.group_sale_salesman"):
            return False
        if role == "handler":
            return user in (self.user_id | self.salesperson_id)
        if role == "closer":
            return user == self.salesperson_id
        return False

    def _check_role(self, role):
        labels = {
            "handler": self.env._("the expert in charge, the salesperson or a sales manager"),
            "closer": self.env._("the salesperson of the customer or a sales manager"),
            "manager": self.env._("a sales manager"),
        }
        for complaint in self:
            if not complaint._role_ok(role):
                raise AccessError(
                    self.env._(
                        "Only %(role)s can do this on the complaint %(name)s.",
                        role=labels[role], name=complaint.name,
                    )
                )

    def _check_state(self, states, action):
        for complaint in self:
            if complaint.state not in states:
                raise UserError(
                    self.env._(
                        "The complaint %(name)s cannot be %(action)s while it is %(state)s.",
                        name=complaint.name, action=action, state=complaint._state_label(),
                    )
                )

    def _state_label(self):
        self.ensure_one()
        return dict(self._fields["state"]._description_selection(self.env))[self.state]

    def _flow_write(self, vals):
        return self.with_context(**internal_context(FLOW_MARK)).write(vals)

    def _schedule_step_activity(self, act_type_xmlid, user, summary, deadline=None):
        self.ensure_one()
        if not user:
            return
        if deadline is None:
            deadline = fields.Date.context_today(self, self.deadline) if self.deadline else False
            deadline = max(deadline or fields.Date.context_today(self), fields.Date.context_today(self))
        self.activity_schedule(act_type_xmlid, date_deadline=deadline, summary=summary, user_id=user.id)

    def _done_step_activities(self, feedback):
        """Mark done the complaint's open step activities (respond, resolve,
        close, escalation)."""
        self.activity_ids.action_feedback(feedback=feedback)

    def _follow_assignment(self):
        """The open respond/resolve activities follow the expert and the deadline."""
        types = self.env.ref("crm_agency_sales.mail_activity_type_complaint_respond") | self.env.ref(
            "crm_agency_sales.mail_activity_type_complaint_resolve"
        )
        today = fields.Date.context_today(self)
        for complaint in self.filtered(lambda c: c.state in OPEN_STATES):
            activities = complaint.activity_ids.filtered(lambda a: a.activity_type_id in types)
            if not activities:
                continue
            vals = {}
            if complaint.user_id:
                vals["user_id"] = complaint.user_id.id
            if complaint.deadline:
                vals["date_deadline"] = max(fields.Date.context_today(complaint, complaint.deadline), today)
            if vals:
                activities.write(vals)
