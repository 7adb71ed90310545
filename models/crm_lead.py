# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from .crm_stage import PROCESS_STEPS

FOLLOWUP_ACTIVITY_XMLID = "crm_agency_sales.mail_activity_type_future_followup"


class CrmLead(models.Model):
    _inherit = "crm.lead"

    file_number = fields.Char(
        string="Sales File Number",
        readonly=True,
        copy=False,
        index="btree_not_null",
        tracking=True,
        help="Number of the customer's sales file, given by a sequence when "
        "the lead is registered.",
    )
    contact_origin = fields.Selection(
        [("cold", "Cold (never talked to)"), ("warm", "Warm (talked to, or came to us)")],
        string="Contact Origin",
        default="cold",
        required=True,
        tracking=True,
        help="Cold: call first, get to know the customer and fill the "
        "customer-knowledge form before sending the sales documents. "
        "Warm: send the sales documents at once and book the needs-assessment "
        "meeting.",
    )
    process_step = fields.Selection(
        related="stage_id.process_step", string="Process Step", store=True, index=True
    )
    agency_next_step = fields.Char(
        string="Next Step",
        compute="_compute_agency_next_step",
        help="What the process expects next for this lead.",
    )
    sales_docs_sent_on = fields.Datetime(
        string="Sales Documents Sent On", readonly=True, copy=False, tracking=True
    )
    sales_docs_channel = fields.Selection(
        [("email", "Email"), ("whatsapp", "WhatsApp"), ("telegram", "Telegram")],
        string="Sales Documents Channel",
        readonly=True,
        copy=False,
    )

    _sql_constraints = [
        (
            "file_number_company_uniq",
            "unique(company_id, file_number)",
            "The sales-file number must be unique per company.",
        ),
    ]

    # ------------------------------------------------------------
    # COMPUTES
    # ------------------------------------------------------------

    @api.depends("contact_origin", "process_step", "sales_docs_sent_on")
    def _compute_agency_next_step(self):
        for lead in self:
            lead.agency_next_step = lead._agency_get_next_step()

    def _agency_get_next_step(self):
        """Human-readable next step of the process, from the flags only."""
        self.ensure_one()
        step = self.process_step
        if not step:
            return False
        if step in ("new", "qualify") and not self.sales_docs_sent_on:
            if self.contact_origin == "warm":
                return _("Send the sales documents now and book the needs-assessment meeting.")
            return _("Call the customer, fill the customer-knowledge form, then send the sales documents.")
        if step in ("new", "qualify", "docs_sent"):
            return _("Book the needs-assessment meeting and fill the needs-assessment form.")
        if step == "assessment":
            return _("Prepare the quotation from the completed needs assessment.")
        if step == "quotation":
            return _("Get the quotation approved by management, then send it.")
        if step == "negotiation":
            return _("Follow up the quotation: record the customer's acceptance or objection.")
        if step == "contract":
            return _("Fill the contract request and follow the contract until it is signed.")
        if step == "won":
            return _("Hand the signed contract to finance and project control.")
        if step == "future":
            return _("Re-contact the customer on the follow-up date.")
        return False

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if not vals.get("file_number"):
                company = self.env["res.company"].browse(
                    vals.get("company_id") or self.env.company.id
                )
                vals["file_number"] = (
                    self.env["ir.sequence"]
                    .with_company(company)
                    .next_by_code("crm.lead.file_number")
                )
        leads = super().create(vals_list)
        leads_with_stage = leads.filtered("stage_id.process_step")
        if leads_with_stage:
            leads_with_stage._agency_check_stage_gates(leads_with_stage.stage_id)
        for lead in leads.filtered("stage_id.entry_plan_id"):
            lead._agency_launch_stage_plan(lead.stage_id)
        return leads

    def write(self, vals):
        new_stage = False
        moving = self.browse()
        if vals.get("stage_id"):
            new_stage = self.env["crm.stage"].browse(vals["stage_id"])
            moving = self.filtered(lambda lead: lead.stage_id != new_stage)
            if new_stage.process_step and moving:
                moving._agency_check_stage_gates(new_stage)
        res = super().write(vals)
        if new_stage and new_stage.entry_plan_id:
            for lead in moving:
                lead._agency_launch_stage_plan(new_stage)
        return res

    # ------------------------------------------------------------
    # STAGE GATES
    # ------------------------------------------------------------

    def _agency_stage_for_step(self, step):
        """The stage of ``step`` for the lead's team (team stages first, then
        shared ones), or an empty recordset."""
        self.ensure_one()
        return self._stage_find(team_id=self.team_id.id, domain=[("process_step", "=", step)])

    def _agency_gates_enforced(self):
        self.ensure_one()
        company = self.company_id or self.env.company
        return company.agency_enforce_stage_gates

    def _agency_check_stage_gates(self, stage):
        """Raise a UserError naming what is missing when a lead enters
        ``stage`` without the prerequisites of its process step."""
        step = stage.process_step
        if not step or self.env.context.get("agency_skip_stage_gates"):
            return
        step_label = dict(PROCESS_STEPS)[step]
        errors = []
        for lead in self:
            if not lead._agency_gates_enforced():
                continue
            missing = lead._agency_gate_missing(step)
            if missing:
                errors.append(
                    _(
                        "%(lead)s cannot move to the stage %(stage)s (%(step)s). Missing:\n%(missing)s",
                        lead=lead.display_name,
                        stage=stage.name,
                        step=step_label,
                        missing="\n".join("- %s" % item for item in missing),
                    )
                )
        if errors:
            raise UserError("\n\n".join(errors))

    def _agency_gate_missing(self, step):
        """List of what the lead lacks to enter a stage of ``step``. Each
        process step has its ``_agency_gate_<step>`` method; extend them."""
        self.ensure_one()
        method = getattr(self, "_agency_gate_%s" % step, None)
        return method() if method else []

    def _agency_sales_docs_prerequisites(self):
        """What the lead lacks before its sales documents may go out (list of
        strings). Cold leads need a completed customer-knowledge form; warm
        leads may skip it (seed 000). Used by the gate of the ``docs_sent``
        stage and by ``action_send_sales_documents``."""
        self.ensure_one()
        return []

    def _agency_gate_docs_sent(self):
        missing = self._agency_sales_docs_prerequisites()
        if not self.sales_docs_sent_on:
            missing.append(_("the sales documents have not been sent to the customer"))
        return missing

    def _agency_gate_assessment(self):
        missing = []
        if not self.sales_docs_sent_on:
            missing.append(_("the sales documents have not been sent to the customer"))
        return missing

    def _agency_gate_negotiation(self):
        """Negotiation starts with a quotation that was approved (or needed
        no approval) and sent to the customer."""
        missing = []
        orders = self.order_ids.filtered(lambda order: order.state != "cancel")
        if not orders:
            missing.append(_("no quotation has been made for this opportunity"))
        elif not orders.filtered(
            lambda order: order.approval_state in ("approved", "not_required")
            and order.state in ("sent", "sale")
        ):
            states = dict(self.env["sale.order"]._fields["approval_state"]._description_selection(self.env))
            missing.append(
                _(
                    "no approved quotation has been sent to the customer (%(orders)s)",
                    orders=", ".join(
                        "%s: %s" % (order.name, states[order.approval_state]) for order in orders
                    ),
                )
            )
        return missing

    # ------------------------------------------------------------
    # STAGE ENTRY AUTOMATION
    # ------------------------------------------------------------

    def _agency_launch_stage_plan(self, stage):
        """Create the activities of ``stage``'s entry plan on the lead, each
        for its assignee; an identical open activity is not duplicated."""
        self.ensure_one()
        plan = stage.entry_plan_id
        if not plan or not self.active:
            return self.env["mail.activity"]
        activities = self.env["mail.activity"]
        for template in plan.template_ids:
            if template.responsible_type == "group":
                users = template._agency_group_users(self)
            else:
                result = template._determine_responsible(self.env["res.users"], self)
                users = result["responsible"] or self.user_id or self.env.user
            deadline = template._get_date_deadline(fields.Date.context_today(self))
            for user in users:
                if self.activity_ids.filtered(
                    lambda act, tmpl=template, usr=user: act.activity_type_id == tmpl.activity_type_id
                    and act.user_id == usr
                    and act.summary == tmpl.summary
                ):
                    continue
                activities |= self.activity_schedule(
                    activity_type_id=template.activity_type_id.id,
                    summary=template.summary,
                    note=template.note,
                    user_id=user.id,
                    date_deadline=deadline,
                )
        return activities

    # ------------------------------------------------------------
    # OBJECTIONS, FUTURE FOLLOW-UPS AND REFUSAL
    # ------------------------------------------------------------

    objection_ids = fields.One2many("crm.objection", "lead_id", string="Objections")
    objection_count = fields.Integer(compute="_compute_objection_count")
    objection_attempts = fields.Integer(
        string="Failed Attempts",
        compute="_compute_objection_attempts",
        store=True,
        help="Failed attempts to overcome non-price objections so far.",
    )
    followup_date = fields.Date(
        string="Future Follow-up Date",
        copy=False,
        tracking=True,
        index="btree_not_null",
        help="When to contact the customer again (future follow-ups).",
    )
    followup_reminded_for = fields.Date(
        string="Follow-up Reminded For",
        copy=False,
        readonly=True,
        help="Technical: the follow-up date the daily reminder already brought "
        "back to the salesperson (each follow-up date is reminded once).",
    )
    refusal_date = fields.Date(copy=False, tracking=True)
    refused_by_name = fields.Char(string="Refused By", copy=False, tracking=True)
    refused_by_position = fields.Char(string="Refused By (Position)", copy=False, tracking=True)

    @api.depends("objection_ids")
    def _compute_objection_count(self):
        for lead in self:
            lead.objection_count = len(lead.objection_ids)

    @api.depends("objection_ids.kind", "objection_ids.outcome")
    def _compute_objection_attempts(self):
        for lead in self:
            lead.objection_attempts = len(
                lead.objection_ids.filtered(lambda o: o.kind == "other" and o.outcome == "failed")
            )

    def _agency_lock(self):
        """Lock the leads' rows until the end of the transaction, so that
        concurrent objection transitions on a lead run one after the other
        (the second one waits, then works on the state the first one left)."""
        if not self.ids:
            return
        self.flush_recordset()
        self.env.cr.execute("SELECT id FROM crm_lead WHERE id IN %s FOR UPDATE", [tuple(self.ids)])
        self.invalidate_recordset()
        self.objection_ids.invalidate_recordset()

    def _agency_objection_attempt_limit(self):
        self.ensure_one()
        company = self.company_id or self.env.company
        return max(company.agency_objection_attempt_limit, 1)

    def _agency_check_new_attempt(self, extra=0):
        """Refuse a new non-price attempt beyond the limit, or while one is
        still open."""
        self.ensure_one()
        limit = self._agency_objection_attempt_limit()
        if self.objection_attempts + extra >= limit:
            raise UserError(
                _(
                    "%(lead)s already had %(count)s failed attempts to overcome the "
                    "customer's objections (the limit is %(limit)s): no further attempt "
                    "can be recorded. The lead waits in the future follow-ups.",
                    lead=self.display_name,
                    count=self.objection_attempts,
                    limit=limit,
                )
            )
        open_attempt = self.objection_ids.filtered(
            lambda o: o.kind == "other" and o.outcome == "open"
        )
        if open_attempt or extra:
            raise UserError(
                _(
                    "%(lead)s has an open attempt (%(objection)s): close it as resolved "
                    "or failed before recording a new one.",
                    lead=self.display_name,
                    objection=open_attempt[:1].display_name or "",
                )
            )

    def _agency_check_attempt_limit_reached(self):
        """After a failed attempt: at the limit, move the lead to the future
        follow-ups once (the lead is locked by the caller)."""
        for lead in self:
            lead.invalidate_recordset(["objection_attempts", "process_step", "stage_id"])
            if lead.objection_attempts < lead._agency_objection_attempt_limit():
                continue
            if lead.process_step == "future":
                continue
            lead._agency_move_to_future()

    def _agency_move_to_future(self):
        self.ensure_one()
        company = self.company_id or self.env.company
        followup = fields.Date.add(
            fields.Date.context_today(self), days=max(company.agency_followup_delay_days, 0)
        )
        vals = {"followup_date": followup}
        stage = self._agency_stage_for_step("future")
        if stage:
            vals["stage_id"] = stage.id
        self.write(vals)
        self.activity_schedule(
            FOLLOWUP_ACTIVITY_XMLID,
            date_deadline=followup,
            summary=_("Re-contact the customer (future follow-up)"),
            user_id=(self.user_id or self.env.user).id,
        )
        failed = self.objection_ids.filtered(lambda o: o.kind == "other" and o.outcome == "failed")
        reasons = Markup("")
        for objection in failed.sorted("attempt"):
            reasons += Markup("<li>%s</li>") % _(
                "Attempt %(attempt)s: %(reason)s%(description)s",
                attempt=objection.attempt,
                reason=objection.reason_id.name,
                description=(" — %s" % objection.description) if objection.description else "",
            )
        self.message_post(
            body=Markup("<p>%s</p><ul>%s</ul>")
            % (
                _(
                    "The customer's objections could not be overcome in %(count)s attempts: "
                    "moved to the future follow-ups, to be contacted again on %(date)s.",
                    count=len(failed),
                    date=fields.Date.to_string(followup),
                ),
                reasons,
            ),
            subtype_xmlid="mail.mt_note",
        )

    @api.model
    def _cron_agency_future_followups(self):
        """Bring the future follow-ups whose date has come back to the
        salesperson: an activity (unless one is already open) and a note.
        Each follow-up date is reminded once."""
        today = fields.Date.context_today(self)
        leads = self.search([
            ("process_step", "=", "future"),
            ("followup_date", "!=", False),
            ("followup_date", "<=", today),
        ]).filtered(lambda lead: lead.followup_reminded_for != lead.followup_date)
        followup_type = self.env.ref(FOLLOWUP_ACTIVITY_XMLID)
        for lead in leads:
            user = lead.user_id or lead.team_id.user_id
            if not lead.activity_ids.filtered(
                lambda act, usr=user: act.activity_type_id == followup_type and act.user_id == usr
            ):
                lead.activity_schedule(
                    FOLLOWUP_ACTIVITY_XMLID,
                    date_deadline=today,
                    summary=_("Re-contact the customer (future follow-up)"),
                    user_id=user.id or self.env.user.id,
                )
            lead.message_post(
                body=_(
                    "The future follow-up date (%(date)s) has come: contact the customer again.",
                    date=fields.Date.to_string(lead.followup_date),
                ),
                partner_ids=user.partner_id.ids,
                subtype_xmlid="mail.mt_note",
            )
            lead.followup_reminded_for = lead.followup_date
        return leads

    def _agency_gate_contract(self):
        missing = []
        if not self.order_ids.filtered(lambda o: o.customer_decision == "accepted"):
            missing.append(_("no quotation of the lead was accepted by the customer"))
        return missing

    def _agency_sent_quotations(self):
        """Sent quotations of the leads (their refusal must be recorded in full)."""
        return self.order_ids.filtered(lambda order: order.state == "sent")

    def action_agency_record_objection(self):
        """Open the objection wizard on the lead (its sent quotation, if one)."""
        self.ensure_one()
        sent = self._agency_sent_quotations()
        return {
            "type": "ir.actions.act_window",
            "name": _("Customer Objection"),
            "res_model": "crm.objection.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_lead_id": self.id,
                "default_order_id": sent[:1].id if len(sent) == 1 else False,
            },
        }

    def action_agency_view_objections(self):
        self.ensure_one()
        action = self.env["ir.actions.actions"]._for_xml_id("crm_agency_sales.crm_objection_action")
        action["domain"] = [("lead_id", "=", self.id)]
        action["context"] = {"default_lead_id": self.id}
        return action
