# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import re
from urllib.parse import quote, urlencode

from markupsafe import Markup, escape

from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, clean_context, html2plaintext

from ..tools import iran_id
from ..tools.internal import internal_context, is_internal
from .crm_stage import PROCESS_STEPS

FOLLOWUP_ACTIVITY_XMLID = "crm_agency_sales.mail_activity_type_future_followup"
# internal mark (tools/internal.py) of the server's own moves that skip the
# gates (fixtures, data migrations); a client's context cannot set it
SKIP_GATES_MARK = "agency_skip_stage_gates"
# states of a contract request before it is signed (the won step needs one
# signed, or further on)
CONTRACT_UNSIGNED_STATES = ("draft", "submitted", "drafted", "sent", "signing", "cancelled")
# rank of each process step along the process: a lead moves forward only.
# The future follow-ups are parked outside the path: any step of the
# process takes a lead back from there.
STEP_RANK = {step: rank for rank, (step, _label) in enumerate(PROCESS_STEPS) if step != "future"}
STEP_RANK["future"] = -1
# internal mark of the lead's own flows that write the fields below
FLOW_MARK = "agency_lead_flow"
# fields the process sets (sending the documents, the assessment forms, the
# objections, the follow-up cron), never a client's write: the stage gates
# read them
PROTECTED_FIELDS = {
    "sales_docs_sent_on",
    "sales_docs_channel",
    "knowledge_done",
    "objection_attempts",
    "followup_reminded_for",
    "process_step",
}


class CrmLead(models.Model):
    _name = "crm.lead"
    _inherit = ["crm.lead", "crm.agency.identity.mixin"]

    file_number = fields.Char(
        string="Sales File Number",
        readonly=True,
        copy=False,
        index="btree_not_null",
        tracking=True,
        help="Number of the customer's sales file, given by a sequence when "
        "the lead is registered in the agency's process (or enters it from "
        "another pipeline).",
    )
    contact_origin = fields.Selection(
        [("cold", "Cold (never talked to)"), ("warm", "Warm (talked to, or came to us)")],
        default="cold",
        required=True,
        tracking=True,
        help="Cold: call first, get to know the customer and fill the "
        "customer-knowledge form before sending the sales documents. "
        "Warm: send the sales documents at once and book the needs-assessment "
        "meeting.",
    )
    process_step = fields.Selection(
        selection=PROCESS_STEPS,
        compute="_compute_process_step",
        store=True,
        index=True,
        help="The process step of the lead's stage (empty outside the agency's process).",
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

    # identity data captured before conversion (fields of
    # crm.agency.identity.mixin), completed from the customer when empty
    national_id = fields.Char(
        compute="_compute_agency_person_identity", store=True, readonly=False
    )
    birthdate = fields.Date(compute="_compute_agency_person_identity", store=True, readonly=False)
    gender = fields.Selection(
        compute="_compute_agency_person_identity", store=True, readonly=False
    )
    marital_status = fields.Selection(
        compute="_compute_agency_person_identity", store=True, readonly=False
    )
    company_national_id = fields.Char(
        compute="_compute_agency_company_identity", store=True, readonly=False
    )
    economic_code = fields.Char(
        compute="_compute_agency_company_identity", store=True, readonly=False
    )
    company_registry = fields.Char(
        compute="_compute_agency_company_identity",
        store=True,
        readonly=False,
        help="Registration number of the company.",
    )
    registration_date = fields.Date(
        compute="_compute_agency_company_identity", store=True, readonly=False
    )
    legal_form = fields.Selection(
        compute="_compute_agency_company_identity", store=True, readonly=False
    )
    employee_count = fields.Integer(
        compute="_compute_agency_company_identity", store=True, readonly=False
    )
    industry_id = fields.Many2one(
        "res.partner.industry",
        compute="_compute_agency_company_identity",
        store=True,
        readonly=False,
    )
    assessment_ids = fields.One2many(
        "crm.needs.assessment", "lead_id", string="Assessment Forms"
    )
    assessment_count = fields.Integer(compute="_compute_assessment_count")
    knowledge_done = fields.Boolean(
        string="Customer Knowledge Done",
        compute="_compute_knowledge_done",
        store=True,
        help="A customer-knowledge form of this lead is done.",
    )
    pricelist_id = fields.Many2one(
        "product.pricelist",
        string="Tariff Price List",
        tracking=True,
        check_company=True,
        help="Price list of the quotations created from the needs assessment. "
        "Empty: the company's tariff price list (settings).",
    )
    contract_request_ids = fields.One2many(
        "crm.contract.request", "lead_id", string="Contract Requests"
    )
    contract_request_count = fields.Integer(
        compute="_compute_contract_request_count"
    )

    # objections, future follow-ups and refusal
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

    @api.depends("stage_id.process_step")
    def _compute_process_step(self):
        # the stages' flags from the registry cache: no query per create or
        # stage change (a stored related field would read the stage)
        flags = self.env["crm.stage"]._agency_stage_flags()
        for lead in self:
            lead.process_step = flags.get(lead.stage_id.id, (False,))[0]

    @api.depends(
        "contact_origin", "process_step", "sales_docs_sent_on", "knowledge_done", "followup_date",
        "assessment_ids.state", "order_ids.state", "order_ids.approval_state",
        "order_ids.customer_decision", "contract_request_ids.state",
    )
    def _compute_agency_next_step(self):
        for lead in self:
            lead.agency_next_step = lead._agency_get_next_step()

    @api.depends("assessment_ids")
    def _compute_assessment_count(self):
        counts = dict(
            self.env["crm.needs.assessment"]._read_group(
                [("lead_id", "in", self.ids)], ["lead_id"], ["__count"]
            )
        )
        for lead in self:
            lead.assessment_count = counts.get(lead._origin, 0)

    @api.depends("assessment_ids.state", "assessment_ids.kind")
    def _compute_knowledge_done(self):
        for lead in self:
            lead.knowledge_done = any(
                form.kind == "knowledge" and form.state == "done" for form in lead.assessment_ids
            )

    @api.depends("contract_request_ids")
    def _compute_contract_request_count(self):
        for lead in self:
            lead.contract_request_count = len(lead.contract_request_ids)

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

    @api.depends("partner_id")
    def _compute_agency_person_identity(self):
        """Empty person fields are taken from the customer, when a person."""
        for lead in self:
            if lead.partner_id and not lead.partner_id.is_company:
                lead._agency_identity_from_partner(
                    lead.partner_id, self._agency_person_identity_fields()
                )

    @api.depends("partner_id")
    def _compute_agency_company_identity(self):
        """Empty company fields are taken from the customer's company."""
        for lead in self:
            company = lead.partner_id.commercial_partner_id
            if company.is_company:
                lead._agency_identity_from_partner(
                    company, self._agency_company_identity_fields()
                )

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        # Callers may pass the same dict several times: never mutate theirs.
        vals_list = [dict(self._agency_check_vals(vals)) for vals in vals_list]
        for vals in vals_list:
            self._agency_check_protected_fields(vals)
            if vals.get("stage_id"):
                self._agency_check_record_id(vals["stage_id"], "stage_id")
        leads = super().create(vals_list)
        # The stages' flags come from a registry cache: leads created in the
        # stock stages (outside the process) cost no query here.
        flags = self.env["crm.stage"]._agency_stage_flags()
        # a lead created in the agency's process gets its sales-file number
        # now (not tracked: it is part of the lead's creation)
        leads.with_context(mail_notrack=True)._agency_number_files(flags)
        stage_ids = sorted({lead.stage_id.id for lead in leads} & set(flags))
        for stage in self.env["crm.stage"].browse([sid for sid in stage_ids if flags[sid][1]]):
            leads.filtered(lambda lead, st=stage: lead.stage_id == st)._agency_check_stage_gates(stage)
        for stage in self.env["crm.stage"].browse([sid for sid in stage_ids if flags[sid][2]]):
            leads.filtered(lambda lead, st=stage: lead.stage_id == st)._agency_launch_stage_plan(stage)
        return leads

    def write(self, vals):
        self._agency_check_vals(vals)
        self._agency_check_protected_fields(vals, writing=True)
        new_stage = False
        moving = self.browse()
        if vals.get("stage_id"):
            new_stage = self.env["crm.stage"].browse(self._agency_check_record_id(vals["stage_id"], "stage_id"))
            moving = self.filtered(lambda lead: lead.stage_id != new_stage)
            if (new_stage.process_step or new_stage.is_won) and moving:
                moving._agency_check_stage_gates(new_stage)
        if "active" in vals and not vals["active"]:
            # lost or archived: the process's open work is done (Odoo then
            # removes the activities of archived records)
            self._agency_close_process_activities(
                feedback=self.env._("Closed: the lead was lost or archived.")
            )
        res = super().write(vals)
        if "stage_id" in vals or "team_id" in vals:
            # a lead entering the agency's process gets its sales-file number
            self._agency_number_files()
        if new_stage and moving:
            moving._agency_close_activities_on_entering(new_stage)
            if new_stage.entry_plan_id:
                moving._agency_launch_stage_plan(new_stage)
        return res

    def toggle_active(self):
        # lost or archived: the process's open work is done first (Odoo's
        # activity mixin then removes the activities of archived records)
        self.filtered("active")._agency_close_process_activities(
            feedback=self.env._("Closed: the lead was lost or archived.")
        )
        return super().toggle_active()

    def _agency_number_files(self, flags=None):
        """Give a sales-file number to the leads of the agency's process
        (their stage has a process step) that have none yet: at creation, or
        when a lead of another pipeline enters the process. Leads outside the
        process are not numbered and cost no query here (the stages' flags
        are a registry cache). One batch of numbers per company: two queries
        for the numbers and one update, whatever the number of leads."""
        flags = self.env["crm.stage"]._agency_stage_flags() if flags is None else flags
        todo = self.filtered(lambda lead: flags.get(lead.stage_id.id, (False,))[0])
        todo = todo.filtered(lambda lead: not lead.file_number)
        for company, leads in todo.grouped("company_id").items():
            numbers = self._agency_next_file_numbers(company or self.env.company, len(leads))
            for lead, number in zip(leads.with_context(**internal_context(FLOW_MARK)), numbers):
                lead.file_number = number

    @api.model
    def _agency_next_file_numbers(self, company, count):
        """``count`` sales-file numbers from the ``crm.lead.file_number``
        sequence of ``company`` (or the shared one), as ``next_by_code`` would
        draw them one by one, but with one query for the sequence and one for
        the numbers."""
        Sequence = self.env["ir.sequence"].with_company(company)
        Sequence.browse().check_access("read")  # as next_by_code
        sequence = Sequence.search_fetch(
            [("code", "=", "crm.lead.file_number"), ("company_id", "in", [company.id, False])],
            ["implementation", "use_date_range", "prefix", "suffix", "padding", "number_increment"],
            order="company_id", limit=1,
        )
        if not sequence:
            return [False] * count
        if count == 1 or sequence.implementation != "standard" or sequence.use_date_range:
            return [sequence._next() for _index in range(count)]
        self.env.cr.execute(SQL(
            "SELECT nextval(%s) FROM generate_series(1, %s)", "ir_sequence_%03d" % sequence.id, count,
        ))
        return [sequence.get_next_char(number) for number in sorted(row[0] for row in self.env.cr.fetchall())]

    @api.model
    def _agency_check_vals(self, vals):
        """The values of a create/write: a dict (RPC clients may send anything)."""
        if not isinstance(vals, dict):
            raise UserError(
                self.env._("The values to save must be a dictionary of field names and values, not %(value)r.",
                           value=str(vals)[:100])
            )
        return vals

    @api.model
    def _agency_check_record_id(self, value, fname, model=None):
        """The id ``value`` given for the many2one ``fname`` (of ``model``,
        by default the lead), or a UserError."""
        if isinstance(value, models.BaseModel) and len(value) <= 1:
            return value.id
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise UserError(
                self.env._(
                    "%(field)s expects the id of a record, not %(value)r.",
                    field=(self if model is None else model)._fields[fname]._description_string(self.env),
                    value=str(value)[:100],
                )
            )
        return value

    @api.model
    def _agency_check_protected_fields(self, vals, writing=False):
        """Refuse the fields only the process writes (``PROTECTED_FIELDS``,
        and the sales-file number once given) unless the server's own flow
        writes them (``internal_context(FLOW_MARK)``) or runs as superuser
        (installation, crons, data migrations). Empty values on create are
        the defaults and pass (e.g. a duplicated lead's copied values). A
        sales manager may create leads with their sales-file number (leads
        imported from another system); anyone else would take a number the
        sequence will draw later, and another user's lead would then be
        refused as a duplicate."""
        if self.env.su or is_internal(self.env, FLOW_MARK):
            return
        protected = PROTECTED_FIELDS
        if writing or not self.env.user.has_group("sales_team.group_sale_manager"):
            protected = protected | {"file_number"}
        refused = sorted(fname for fname in protected & set(vals) if writing or vals[fname])
        if refused:
            raise UserError(
                self.env._(
                    "These fields of a lead are set by the sales process itself and "
                    "cannot be written directly: %(fields)s.",
                    fields=", ".join(self._fields[fname]._description_string(self.env) for fname in refused),
                )
            )

    # ------------------------------------------------------------
    # STAGES AND GATES: what a lead needs to enter each step's stage
    # ------------------------------------------------------------

    def action_set_won(self):
        """Odoo's "Won" button and the won flow: a lead of the agency's
        process (its stage has a process step) is won only through the won
        step's gate, like any other stage move, when the company enforces
        the gates. Other leads are untouched."""
        if not is_internal(self.env, SKIP_GATES_MARK):
            for lead in self:
                if lead.process_step and lead.process_step != "won" and lead._agency_gates_enforced():
                    missing = lead._agency_gate_missing("won")
                    if missing:
                        raise UserError(
                            self.env._(
                                "%(lead)s cannot be marked as won. Missing:\n%(missing)s",
                                lead=lead.display_name,
                                missing="\n".join("- %s" % item for item in missing),
                            )
                        )
        return super().action_set_won()

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
        ``stage`` without the prerequisites of its process step.

        A won stage without a process step (e.g. a stage shared by every
        team) applies the won step's gate to the leads of the agency's
        process (a lead whose current stage has a process step); the leads
        of other pipelines are untouched. Only the server's own code skips
        the gates, with ``internal_context(SKIP_GATES_MARK)``: no context key
        a client sends does."""
        step = stage.process_step or ("won" if stage.is_won else False)
        if not step or is_internal(self.env, SKIP_GATES_MARK):
            return
        step_label = dict(PROCESS_STEPS)[step]
        errors = []
        for lead in self:
            if not lead._agency_gates_enforced():
                continue
            if not stage.process_step and not lead.process_step:
                continue
            missing = lead._agency_gate_missing(step)
            if missing:
                errors.append(
                    self.env._(
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
        leads, who came to us, may skip it. Used by the gate of the ``docs_sent``
        stage and by ``action_send_sales_documents``."""
        self.ensure_one()
        missing = []
        if self.contact_origin == "cold" and not self.knowledge_done:
            missing.append(
                self.env._("the customer-knowledge form is not done (required for a cold lead)")
            )
        return missing

    def _agency_gate_docs_sent(self):
        missing = self._agency_sales_docs_prerequisites()
        if not self.sales_docs_sent_on:
            missing.append(self.env._("the sales documents have not been sent to the customer"))
        return missing

    def _agency_gate_assessment(self):
        missing = []
        if not self.sales_docs_sent_on:
            missing.append(self.env._("the sales documents have not been sent to the customer"))
        return missing

    def _agency_gate_quotation(self):
        missing = []
        if not self._agency_done_needs_assessments():
            missing.append(self.env._("no needs assessment of this lead is done"))
        return missing

    def _agency_gate_negotiation(self):
        """Negotiation starts with a quotation that was approved (or needed
        no approval) and sent to the customer."""
        missing = []
        orders = self.order_ids.filtered(lambda order: order.state != "cancel")
        if not orders:
            missing.append(self.env._("no quotation has been made for this opportunity"))
        elif not orders.filtered(
            lambda order: order.approval_state in ("approved", "not_required")
            and order.state in ("sent", "sale")
        ):
            states = dict(self.env["sale.order"]._fields["approval_state"]._description_selection(self.env))
            missing.append(
                self.env._(
                    "no approved quotation has been sent to the customer (%(orders)s)",
                    orders=", ".join(
                        "%s: %s" % (order.name, states[order.approval_state]) for order in orders
                    ),
                )
            )
        return missing

    def _agency_gate_contract(self):
        missing = []
        if not self.order_ids.filtered(lambda o: o.customer_decision == "accepted"):
            missing.append(self.env._("no quotation of the lead was accepted by the customer"))
        return missing

    def _agency_gate_won(self):
        """The lead is won when its contract is signed:
        a contract request of the lead is signed, or further on."""
        missing = []
        # sudo: the gate reads the state of every contract request of the
        # lead, whoever filled it (record rules show a salesperson their own)
        if not self.sudo().contract_request_ids.filtered(
            lambda request: request.state not in CONTRACT_UNSIGNED_STATES
        ):
            missing.append(self.env._("no contract of the lead has been signed"))
        return missing

    # ------------------------------------------------------------
    # PROCESS PROGRESS: next step, forward moves, the steps' tasks
    # ------------------------------------------------------------

    def _agency_get_next_step(self):
        """Human-readable next step of the process: what the lead's data says
        is still to do (its contract request, quotations, forms), at the
        lead's process step; nothing outside the process."""
        self.ensure_one()
        step = self.process_step
        if not step:
            return False
        if step == "future":
            if self.followup_date:
                return self.env._("Re-contact the customer on %(date)s (future follow-up).",
                                  date=fields.Date.to_string(self.followup_date))
            return self.env._("Re-contact the customer on the follow-up date.")
        contract = self._agency_next_step_contract()
        if step == "won" and not contract:
            return self.env._("The deal is won.")
        if contract or step in ("contract", "won"):
            return contract or self.env._(
                "Fill the contract request of the accepted quotation and submit it to finance.")
        quotation = self._agency_next_step_quotation()
        if quotation:
            return quotation
        if self._agency_done_needs_assessments():
            return self.env._("Create the quotation from the completed needs assessment.")
        if self.sales_docs_sent_on:
            return self.env._("Book the needs-assessment meeting and fill the needs-assessment form.")
        if self.contact_origin == "warm":
            return self.env._("Send the sales documents now and book the needs-assessment meeting.")
        if self.knowledge_done:
            return self.env._("Send the sales documents to the customer.")
        return self.env._("Call the customer, fill the customer-knowledge form, then send the sales documents.")

    def _agency_next_step_contract(self):
        """The next step of the lead's latest contract request that is not
        cancelled, or False."""
        # sudo: the banner names the state of the lead's contract, whoever
        # filled the request (record rules show a salesperson their own)
        requests = self.sudo().contract_request_ids.filtered(lambda request: request.state != "cancelled")
        if not requests:
            if self.order_ids.filtered(lambda order: order.customer_decision == "accepted"):
                return self.env._("Fill the contract request of the accepted quotation and submit it to finance.")
            return False
        request = requests.sorted("id")[-1]
        name = request.contract_number or request.name
        state = request.state
        if state == "draft":
            return self.env._("Complete the contract request %(name)s and submit it to finance.", name=name)
        if state == "submitted":
            return self.env._("Finance drafts the contract of %(name)s.", name=name)
        if state == "drafted":
            return self.env._("Send the contract %(name)s to the customer for reading.", name=name)
        if state == "sent":
            return self.env._("Book the signing meeting of %(name)s with the customer.", name=name)
        if state == "signing":
            return self.env._("Sign the contract %(name)s at the meeting and attach the signed scan.", name=name)
        if state == "signed":
            return self.env._("Finance receives the paper copy of %(name)s and archives it.", name=name)
        if state == "archived":
            return self.env._("Project control refers the contract %(name)s to execution.", name=name)
        if state == "in_execution":
            return self.env._("The contract %(name)s is in execution: project control records "
                              "the delivery with the acceptance act.", name=name)
        if state == "delivered":
            return self.env._("The work of %(name)s is delivered: finance collects the final "
                              "payment.", name=name)
        if state == "paid":
            return self.env._("The contract %(name)s is paid: close the deal.", name=name)
        return self.env._("The deal of the contract %(name)s is closed.", name=name)

    def _agency_next_step_quotation(self):
        """The next step of the lead's latest open quotation, or False."""
        orders = self.order_ids.filtered(lambda order: order.state in ("draft", "sent"))
        if not orders:
            return False
        order = orders.sorted("id")[-1]
        if order.approval_state == "draft":
            return self.env._("Request management's approval of the quotation %(order)s.", order=order.name)
        if order.approval_state == "to_approve":
            return self.env._("Management reviews the quotation %(order)s.", order=order.name)
        if order.approval_state == "rejected":
            return self.env._("Revise the quotation %(order)s as management asked, then request the approval again.",
                              order=order.name)
        if order.state == "draft":
            return self.env._("Send the quotation %(order)s to the customer.", order=order.name)
        if order.objection_ids.filtered(lambda objection: objection.outcome == "open"):
            return self.env._("Close the open objection to the quotation %(order)s: resolved or failed.",
                              order=order.name)
        return self.env._("Follow up the quotation %(order)s: record the customer's acceptance or objection.",
                          order=order.name)

    def _agency_advance_to_step(self, step):
        """Move each lead to the stage of ``step`` of its team as the process
        reaches it (a form done, a quotation sent, a contract signed...):
        only forward (from an earlier step, a stage outside the process or
        the future follow-ups), never a won or lost lead, and only when the
        lead meets the stage's gate (the event did not complete what the
        stage needs: the lead stays where it is)."""
        moved = self.browse()
        # sudo: the step's author may not read the lead (a salesperson's
        # quotation on a colleague's opportunity); the lead moves all the
        # same, its gate checked below, and the user stays the author of the
        # change (sudo keeps the uid)
        for lead in self.sudo():
            current = lead.process_step
            if not lead.active or lead.stage_id.is_won:
                continue
            if current and STEP_RANK[current] >= STEP_RANK[step]:
                continue
            stage = lead._agency_stage_for_step(step)
            if not stage or stage == lead.stage_id:
                continue
            if lead._agency_gates_enforced() and lead._agency_gate_missing(step):
                continue
            moved |= lead
            lead.write({"stage_id": stage.id})
        return moved.sudo(False)

    def _agency_launch_stage_plan(self, stage):
        """Create the activities of ``stage``'s entry plan on the leads, each
        for its assignee, in one batch; an identical open activity is not
        duplicated."""
        plan = stage.entry_plan_id
        leads = self.filtered("active")
        if not plan or not leads or self.env.context.get("mail_activity_automation_skip"):
            return self.env["mail.activity"]
        model_id = self.env["ir.model"]._get_id(self._name)
        today = fields.Date.context_today(self)
        vals_list = []
        for template in plan.template_ids:
            deadline = template._get_date_deadline(today)
            for lead in leads:
                if template.responsible_type == "group":
                    users = template._agency_group_users(lead)
                else:
                    result = template._determine_responsible(self.env["res.users"], lead)
                    users = result["responsible"] or lead.user_id or self.env.user
                for user in users:
                    if lead.activity_ids.filtered(
                        lambda act, tmpl=template, usr=user: act.activity_type_id == tmpl.activity_type_id
                        and act.user_id == usr
                        and act.summary == tmpl.summary
                    ):
                        continue
                    vals_list.append({
                        "res_model_id": model_id,
                        "res_id": lead.id,
                        "activity_type_id": template.activity_type_id.id,
                        "summary": template.summary,
                        "note": template.note,
                        "user_id": user.id,
                        "date_deadline": deadline,
                        "automated": True,
                        "agency_step": stage.process_step,
                    })
        # Without the caller's default_* keys (e.g. a composer's attachments).
        return self.env["mail.activity"].with_context(clean_context(self.env.context)).create(vals_list)

    def _agency_process_activities(self, steps=None):
        """Open activities of the leads that belong to a step of the process
        (all steps, or those in ``steps``)."""
        if not self.ids:
            return self.env["mail.activity"]
        domain = [("res_model", "=", self._name), ("res_id", "in", self.ids), ("agency_step", "!=", False)]
        if steps is not None:
            domain.append(("agency_step", "in", list(steps)))
        # sudo: the process closes the work of every role on the lead, also
        # the activities assigned to other users. A search, not the leads'
        # activity_ids: activities created in this transaction are not in
        # that one2many's cache.
        return self.env["mail.activity"].sudo().search(domain)

    def _agency_close_process_activities(self, steps=None, feedback=False):
        """Mark done the leads' open activities of ``steps`` (all process
        steps by default): the done message names who did the step (the
        current user) and ``feedback``."""
        activities = self._agency_process_activities(steps)
        if activities:
            activities.action_feedback(feedback=feedback)
        return activities

    def _agency_close_activities_on_entering(self, stage):
        """A lead entering ``stage``: the steps it has gone past are done.
        Won, the future follow-ups: every other step's work is done. Moving
        back keeps the later steps' activities."""
        step = stage.process_step or ("won" if stage.is_won else False)
        if not step:
            return
        if step in ("won", "future"):
            steps = [other for other in STEP_RANK if other != step]
        else:
            steps = [other for other, rank in STEP_RANK.items() if rank < STEP_RANK[step]]
        self._agency_close_process_activities(
            steps, feedback=self.env._("Step done: the lead moved to %(stage)s.", stage=stage.name)
        )

    # ------------------------------------------------------------
    # IDENTITY DATA AND CONVERSION
    # ------------------------------------------------------------

    def _agency_identity_from_partner(self, partner, fnames):
        for fname in fnames:
            if not self[fname] and partner[fname]:
                self[fname] = partner[fname]

    def _merge_get_fields(self):
        """Merged opportunities keep the first identity data found."""
        return (
            super()._merge_get_fields()
            + self._agency_person_identity_fields()
            + self._agency_company_identity_fields()
            + ["fax"]
        )

    def _agency_identity_values(self, fnames):
        """Write-ready values of the lead's filled identity fields ``fnames``."""
        self.ensure_one()
        return {
            fname: self._fields[fname].convert_to_write(self[fname], self)
            for fname in fnames
            if self[fname]
        }

    def _prepare_customer_values(self, partner_name, is_company=False, parent_id=False):
        """Company identity data goes to the company created from the lead,
        person identity data to the contact."""
        values = super()._prepare_customer_values(
            partner_name, is_company=is_company, parent_id=parent_id
        )
        if is_company:
            fnames = self._agency_company_identity_fields()
        else:
            fnames = self._agency_person_identity_fields()
        values.update(self._agency_identity_values(fnames + ["fax"]))
        return values

    def _handle_partner_assignment(self, force_partner_id=False, create_missing=True):
        """When leads are linked to an existing customer, complete the empty
        identity fields of the customer (person data on the person, company
        data on its company) from the lead; nothing is overwritten."""
        res = super()._handle_partner_assignment(
            force_partner_id=force_partner_id, create_missing=create_missing
        )
        if force_partner_id:
            for lead in self.filtered("partner_id"):
                lead._agency_identity_to_partner(lead.partner_id)
        return res

    def _agency_identity_to_partner(self, partner):
        self.ensure_one()
        company = partner.commercial_partner_id
        if company.is_company:
            company._agency_fill_identity_from(
                self._agency_identity_values(self._agency_company_identity_fields())
            )
        person_fnames = ["fax"]
        if not partner.is_company:
            person_fnames += self._agency_person_identity_fields()
        partner._agency_fill_identity_from(self._agency_identity_values(person_fnames))

    # ------------------------------------------------------------
    # SALES DOCUMENTS
    # ------------------------------------------------------------

    @api.returns("mail.message", lambda value: value.id)
    def message_post(self, **kwargs):
        """Record the sending of the sales documents when the email composer
        opened by ``action_send_sales_documents`` posts its message (like
        sale's ``mark_so_as_sent``). A log note does not count."""
        message = super().message_post(**kwargs)
        if (
            self.env.context.get("agency_mark_sales_docs_sent")
            and message.subtype_id
            and not message.subtype_id.internal
        ):
            # the flag comes back from the client with the composer: what it
            # records obeys the same prerequisites as the button that opened
            # the composer (a cold lead needs its customer-knowledge form)
            for lead in self:
                lead._agency_check_sales_docs_prerequisites()
            # neither the flag nor the composer's default_* keys (e.g.
            # default_attachment_ids) may leak into what recording creates,
            # such as the activities of the docs_sent stage's entry plan
            self.with_context(
                clean_context(self.env.context), agency_mark_sales_docs_sent=False
            )._agency_record_sales_docs_sent("email", recipient=self.email_from)
        return message

    def _agency_sales_docs_template(self):
        """The covering message: the company's setting, else the default; a
        UserError when neither exists (the default template was deleted)."""
        self.ensure_one()
        company = self.company_id or self.env.company
        template = company.agency_sales_doc_template_id.exists() or self.env.ref(
            "crm_agency_sales.mail_template_agency_sales_documents", raise_if_not_found=False
        )
        if not template or not template.exists():
            raise UserError(
                self.env._(
                    "There is no message template for the sales documents of %(company)s: "
                    "choose one in the CRM settings (Sales documents) before sending them.",
                    company=company.display_name,
                )
            )
        return template

    def _agency_sales_docs_attachments(self):
        """The résumé, catalogue and portfolio of the lead's company (settings)."""
        self.ensure_one()
        return (self.company_id or self.env.company).agency_sales_doc_attachment_ids

    def _agency_check_sales_docs_prerequisites(self):
        self.ensure_one()
        missing = self._agency_sales_docs_prerequisites()
        if missing:
            raise UserError(
                self.env._(
                    "The sales documents of %(lead)s cannot be sent yet. Missing:\n%(missing)s",
                    lead=self.display_name,
                    missing="\n".join("- %s" % item for item in missing),
                )
            )

    def action_send_sales_documents(self):
        """Open the email composer with the covering message (a mail.template
        in the lead's language) and a copy of the company's sales documents.
        Sending the email records it (see ``message_post``)."""
        self.ensure_one()
        self._agency_check_sales_docs_prerequisites()
        if not self.email_from:
            raise UserError(
                self.env._(
                    "The lead %(lead)s has no email address: add one to send the sales "
                    "documents by email.",
                    lead=self.display_name,
                )
            )
        template = self._agency_sales_docs_template()
        # Copies pending in the composer, as the composer makes for the reports
        # of a template: posting moves them to the lead (the record of what was
        # sent), an abandoned composer leaves them to its garbage collector,
        # and the company's originals are never handed over to a lead.
        documents = self.env["ir.attachment"]
        for attachment in self._agency_sales_docs_attachments():
            documents |= attachment.copy({"res_model": "mail.compose.message", "res_id": 0})
        context = {
            "default_model": self._name,
            "default_res_ids": self.ids,
            "default_composition_mode": "comment",
            "default_template_id": template.id,
            "default_attachment_ids": documents.ids,
            "default_email_layout_xmlid": "mail.mail_notification_light",
            "force_email": True,
            "agency_mark_sales_docs_sent": True,
        }
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Send Sales Documents"),
            "res_model": "mail.compose.message",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": context,
        }

    def action_send_sales_documents_whatsapp(self):
        """Open WhatsApp's click-to-chat link (https://wa.me/<number>?text=)
        to the lead's mobile number with the covering message and the links
        of the sales documents, and record the send."""
        return self._agency_share_sales_documents("whatsapp")

    def action_send_sales_documents_telegram(self):
        """Open Telegram's share link with the covering message and the links
        of the sales documents, and record the send. Telegram has no
        documented link that both targets a phone number and carries a text
        (``https://t.me/+<number>`` opens the chat but drops the text), so the
        standard share link (https://core.telegram.org/widgets/share) is used
        and the salesperson picks the customer's chat; the mobile number is
        still required and named in the chatter note."""
        return self._agency_share_sales_documents("telegram")

    def _agency_sales_docs_mobile(self):
        """The lead's mobile number in international format (E.164, digits
        only), or a UserError saying why there is none."""
        self.ensure_one()
        # Persian or Arabic-Indic digits (typed on a Persian keyboard) as ASCII
        number = iran_id.latin_digits(self.mobile or self.partner_id.mobile)
        if not number:
            raise UserError(
                self.env._(
                    "The lead %(lead)s has no mobile number: add one to send the "
                    "sales documents by WhatsApp or Telegram.",
                    lead=self.display_name,
                )
            )
        formatted = self._phone_format(number=number, force_format="E164")
        if not formatted:
            # not parsable (e.g. phonenumbers missing): accept an explicit
            # international number only, +<code>... or 00<code>...
            raw = re.sub(r"[^\d+]", "", number)
            if raw.startswith("00"):
                raw = "+" + raw[2:]
            formatted = raw if raw.startswith("+") else False
        digits = re.sub(r"\D", "", formatted or "")
        if len(digits) < 8:
            raise UserError(
                self.env._(
                    "The mobile number %(number)s of %(lead)s is not a valid international "
                    "number: correct it (with its country code) to send the sales documents "
                    "by WhatsApp or Telegram.",
                    number=number,
                    lead=self.display_name,
                )
            )
        return digits

    def _agency_sales_docs_text(self, documents):
        """The covering message as plain text in the lead's language, followed
        by the download links of ``documents``."""
        self.ensure_one()
        template = self._agency_sales_docs_template()
        body = template._render_field("body_html", self.ids, compute_lang=True)[self.id]
        text = html2plaintext(body)
        if documents:
            base_url = self.get_base_url()
            tokens = documents.generate_access_token()
            links = [
                "%s: %s/web/content/%s?access_token=%s&download=true"
                % (document.name, base_url, document.id, token)
                for document, token in zip(documents, tokens)
            ]
            text = "%s\n\n%s" % (text, "\n".join(links))
        return text

    def _agency_share_sales_documents(self, channel):
        self.ensure_one()
        self._agency_check_sales_docs_prerequisites()
        self._agency_sales_docs_template()  # a clear error before any copy when there is none
        digits = self._agency_sales_docs_mobile()
        # copies on the lead: what was shared stays on its file, and their
        # access tokens do not expose the company's originals
        documents = self.env["ir.attachment"]
        for attachment in self._agency_sales_docs_attachments():
            documents |= attachment.copy({"res_model": self._name, "res_id": self.id})
        text = self._agency_sales_docs_text(documents)
        if channel == "whatsapp":
            url = "https://wa.me/%s?%s" % (digits, urlencode({"text": text}, quote_via=quote))
        else:
            company = self.company_id or self.env.company
            url = "https://t.me/share/url?%s" % urlencode(
                {"url": company.website or self.get_base_url(), "text": text}, quote_via=quote
            )
        self._agency_record_sales_docs_sent(channel, recipient="+" + digits, documents=documents)
        return {"type": "ir.actions.act_url", "url": url, "target": "new"}

    def _agency_record_sales_docs_sent(self, channel, recipient=None, documents=None):
        """Log the send on the chatter with its channel, set the sending date
        and channel, and move a lead that is still at the start of the
        process (new, qualify, or a stage without a process step) to the
        ``docs_sent`` stage of its team; never backwards."""
        channels = dict(self._fields["sales_docs_channel"]._description_selection(self.env))
        channel_label = channels[channel]
        for lead in self:
            lead.message_post(
                body=self.env._(
                    "Sales documents sent by %(channel)s to %(recipient)s.",
                    channel=channel_label,
                    recipient=recipient or lead.email_from or "",
                ),
                attachment_ids=documents.ids if documents else [],
                message_type="comment",
                subtype_xmlid="mail.mt_note",
            )
            lead.with_context(**internal_context(FLOW_MARK)).write(
                {"sales_docs_sent_on": fields.Datetime.now(), "sales_docs_channel": channel}
            )
            lead._agency_advance_to_step("docs_sent")

    # ------------------------------------------------------------
    # ASSESSMENTS AND QUOTATION
    # ------------------------------------------------------------

    def action_new_knowledge_form(self):
        """Open a new customer-knowledge form for the lead."""
        return self._agency_new_assessment_action("knowledge")

    def action_new_needs_assessment(self):
        """Open a new needs-assessment form for the lead."""
        return self._agency_new_assessment_action("needs")

    def action_view_assessments(self):
        self.ensure_one()
        action = self.env["ir.actions.actions"]._for_xml_id(
            "crm_agency_sales.crm_needs_assessment_action"
        )
        action["domain"] = [("lead_id", "=", self.id)]
        action["context"] = {"default_lead_id": self.id}
        return action

    def action_create_quotation(self):
        """Create a draft quotation for the customer from the done needs
        assessments: one line per answered product question, priced by the
        tariff price list. Moves the lead to the quotation stage."""
        self.ensure_one()
        if not self.partner_id:
            raise UserError(
                self.env._("Set the customer of %(lead)s before creating a quotation.", lead=self.display_name)
            )
        assessments = self._agency_done_needs_assessments()
        if not assessments:
            raise UserError(
                self.env._(
                    "%(lead)s has no done needs assessment: fill the needs-assessment form "
                    "and mark it done first.",
                    lead=self.display_name,
                )
            )
        answers = assessments.answer_ids.filtered(
            lambda answer: answer.product_id and answer.product_qty > 0
        )
        if not answers:
            raise UserError(
                self.env._(
                    "The done needs assessments of %(lead)s have no answered product question: "
                    "there is nothing to quote.",
                    lead=self.display_name,
                )
            )
        order_vals = {
            "partner_id": self.partner_id.id,
            "opportunity_id": self.id,
            "company_id": (self.company_id or self.env.company).id,
            "origin": self.name,
            "campaign_id": self.campaign_id.id,
            "medium_id": self.medium_id.id,
            "source_id": self.source_id.id,
            "tag_ids": [Command.set(self.tag_ids.ids)],
            "assessment_ids": [Command.set(assessments.ids)],
        }
        if self.team_id:
            order_vals["team_id"] = self.team_id.id
        if self.user_id:
            order_vals["user_id"] = self.user_id.id
        pricelist = self._agency_tariff_pricelist()
        if pricelist:
            order_vals["pricelist_id"] = pricelist.id
        order = self.env["sale.order"].create(order_vals)
        # all the lines in one create call (no query per line)
        self.env["sale.order.line"].create([
            {
                "order_id": order.id,
                "product_id": answer.product_id.id,
                "product_uom_qty": answer.product_qty,
                "assessment_answer_id": answer.id,
                "sequence": index,
            }
            for index, answer in enumerate(answers, start=10)
        ])
        self._agency_advance_to_step("quotation")
        action = self.env["ir.actions.actions"]._for_xml_id("sale.action_quotations_with_onboarding")
        action.update({
            "views": [(self.env.ref("sale.view_order_form").id, "form")],
            "view_mode": "form",
            "res_id": order.id,
            "context": {},
        })
        return action

    def _agency_done_needs_assessments(self):
        self.ensure_one()
        return self.assessment_ids.filtered(
            lambda form: form.kind == "needs" and form.state == "done"
        )

    def _agency_new_assessment_action(self, kind):
        self.ensure_one()
        templates = self.env["crm.assessment.template"].search(
            [("kind", "=", kind), ("company_id", "in", [False, (self.company_id or self.env.company).id])]
        )
        context = {
            "default_lead_id": self.id,
            "default_kind": kind,
        }
        if len(templates) == 1:
            context["default_template_id"] = templates.id
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Customer Knowledge Form") if kind == "knowledge" else self.env._("Needs Assessment"),
            "res_model": "crm.needs.assessment",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
            "context": context,
        }

    def _agency_tariff_pricelist(self):
        self.ensure_one()
        return self.pricelist_id or (self.company_id or self.env.company).agency_tariff_pricelist_id

    # ------------------------------------------------------------
    # OBJECTIONS AND FUTURE FOLLOW-UPS
    # ------------------------------------------------------------

    def action_agency_record_objection(self):
        """Open the objection wizard on the lead (its sent quotation, if one)."""
        self.ensure_one()
        sent = self._agency_sent_quotations()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Customer Objection"),
            "res_model": "crm.objection.register",
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
        if not leads:
            return leads
        followup_type = self.env.ref(FOLLOWUP_ACTIVITY_XMLID)
        # In batches, whatever the number of leads due: one activity per lead
        # that has no open re-contact activity of its salesperson (the
        # activity is the salesperson's reminder: it is due today), one note
        # per lead, logged together.
        salesperson = {lead: lead.user_id or lead.team_id.user_id for lead in leads}
        todo = leads.filtered(lambda lead: not lead.activity_ids.filtered(
            lambda act: act.activity_type_id == followup_type and act.user_id == salesperson[lead]
        ))
        for user, user_leads in todo.grouped(lambda lead: salesperson[lead]).items():
            user_leads.activity_schedule(
                FOLLOWUP_ACTIVITY_XMLID,
                date_deadline=today,
                summary=self.env._("Re-contact the customer (future follow-up)"),
                user_id=user.id or self.env.user.id,
                agency_step="future",
            )
        leads._message_log_batch(bodies={
            lead.id: escape(self.env._(
                "The future follow-up date (%(date)s) has come: contact the customer again.",
                date=fields.Date.to_string(lead.followup_date),
            ))
            for lead in leads
        })
        for lead in leads.with_context(**internal_context(FLOW_MARK)):
            lead.followup_reminded_for = lead.followup_date
        return leads

    def _agency_sent_quotations(self):
        """Sent quotations of the leads (their refusal must be recorded in full)."""
        return self.order_ids.filtered(lambda order: order.state == "sent")

    def _agency_lock(self):
        """Lock the leads' rows until the end of the transaction, so that
        concurrent objection transitions on a lead run one after the other
        (the second one waits, then works on the state the first one left).

        The row is updated (to itself), not only locked: in Odoo's
        REPEATABLE READ transactions the second one, once the first has
        committed, keeps its older snapshot (it would not see the attempt
        the first one recorded) unless the first one *updated* the row; then
        it fails with a serialization error and Odoo's RPC layer runs it
        again on fresh data."""
        if not self.ids:
            return
        self.flush_recordset()
        self.env.cr.execute("UPDATE crm_lead SET id = id WHERE id IN %s", [tuple(self.ids)])
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
                self.env._(
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
                self.env._(
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
            summary=self.env._("Re-contact the customer (future follow-up)"),
            user_id=(self.user_id or self.env.user).id,
            agency_step="future",
        )
        failed = self.objection_ids.filtered(lambda o: o.kind == "other" and o.outcome == "failed")
        reasons = Markup("")
        for objection in failed.sorted("attempt"):
            reasons += Markup("<li>%s</li>") % self.env._(
                "Attempt %(attempt)s: %(reason)s%(description)s",
                attempt=objection.attempt,
                reason=objection.reason_id.name,
                description=(" — %s" % objection.description) if objection.description else "",
            )
        self.message_post(
            body=Markup("<p>%s</p><ul>%s</ul>")
            % (
                self.env._(
                    "The customer's objections could not be overcome in %(count)s attempts: "
                    "moved to the future follow-ups, to be contacted again on %(date)s.",
                    count=len(failed),
                    date=fields.Date.to_string(followup),
                ),
                reasons,
            ),
            subtype_xmlid="mail.mt_note",
        )

    # ------------------------------------------------------------
    # CONTRACT REQUESTS
    # ------------------------------------------------------------

    def action_view_contract_requests(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_agency_sales.crm_contract_request_action"
        )
        action["domain"] = [("lead_id", "=", self.id)]
        action["context"] = {"default_lead_id": self.id}
        if len(self.contract_request_ids) == 1:
            action.update(view_mode="form", views=[(False, "form")], res_id=self.contract_request_ids.id)
        return action

    def action_open_contract_request_wizard(self):
        """The contract-request wizard, pre-filled from the lead's customer
        and its latest quotation."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Contract Request"),
            "res_model": "crm.contract.request.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_lead_id": self.id},
        }

    # ------------------------------------------------------------
    # TEAM'S OWN PIPELINE (crm.team.agency_own_stages_only)
    # ------------------------------------------------------------

    def _agency_own_stages_team(self, team_id=False):
        """The team whose own stages alone apply to these leads (and the
        given ``team_id``), or an empty recordset: exactly one team is
        involved and it has ``agency_own_stages_only``."""
        teams = self.team_id
        if isinstance(team_id, int) and not isinstance(team_id, bool) and team_id > 0:
            teams |= self.env["crm.team"].browse(team_id).exists()
        if len(teams) == 1 and teams.agency_own_stages_only:
            return teams
        return self.env["crm.team"]

    def _stage_find(self, team_id=False, domain=None, order="sequence, id", limit=1):
        """A team that shows only its own stages finds its stages among its
        own, never the stages shared by every team (Odoo's stock "New" or
        "Won"); other teams keep Odoo's search."""
        team = self._agency_own_stages_team(team_id)
        if not team:
            return super()._stage_find(team_id=team_id, domain=domain, order=order, limit=limit)
        search_domain = [("team_id", "=", team.id)] + list(domain or [])
        return self.env["crm.stage"].search(search_domain, order=order, limit=limit)

    def _compute_stage_id(self):
        """A new lead of a team that shows only its own stages starts at the
        team's "New lead" process step (else its first unfolded stage), also
        when the form had put it first in a stage outside the team."""
        own = self.filtered(
            lambda lead: lead._agency_own_stages_team()
            and (not lead.stage_id or (not lead._origin.id and lead.stage_id.team_id != lead.team_id))
        )
        for lead in own:
            lead.stage_id = (
                lead._stage_find(domain=[("process_step", "=", "new")])
                or lead._stage_find(domain=[("fold", "=", False)])
            )
        return super(CrmLead, self - own)._compute_stage_id()

    @api.model
    def _read_group_stage_ids(self, stages, domain):
        """The pipeline of a team that shows only its own stages (the
        context's ``default_team_id``, set by its pipeline action) lists the
        team's stages and the stages holding records of the grouping, not
        the stages shared by every team. A display choice: the context only
        picks which columns are shown, never what a user may read or write."""
        team_id = self.env.context.get("default_team_id")
        if not isinstance(team_id, int) or isinstance(team_id, bool) or team_id <= 0:
            return super()._read_group_stage_ids(stages, domain)
        # sudo: the flag of the team in the context decides the columns only;
        # the stages are searched with sudo by Odoo's own method too
        team = self.env["crm.team"].sudo().browse(team_id).exists()
        if not team.agency_own_stages_only:
            return super()._read_group_stage_ids(stages, domain)
        search_domain = ["|", ("id", "in", stages.ids), ("team_id", "=", team.id)]
        # sudo: as Odoo's _read_group_stage_ids (stages are shown as columns)
        stage_ids = stages.sudo()._search(search_domain, order=stages._order)
        return stages.browse(stage_ids)
