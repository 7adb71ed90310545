# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import UserError

from .crm_stage import PROCESS_STEPS


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
