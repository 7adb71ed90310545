# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError

from .crm_assessment_template import ASSESSMENT_KINDS

# Fields the chatter and activities write on a record: allowed on done forms.
_DONE_WRITABLE_PREFIXES = ("message_", "activity_")


class CrmNeedsAssessment(models.Model):
    _name = "crm.needs.assessment"
    _description = "Customer Knowledge / Needs Assessment Form"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "meeting_date desc, id desc"
    _check_company_auto = True

    name = fields.Char(compute="_compute_name", store=True)
    lead_id = fields.Many2one(
        "crm.lead", required=True, ondelete="cascade", index=True, tracking=True
    )
    partner_id = fields.Many2one(related="lead_id.partner_id", string="Customer")
    user_id = fields.Many2one(related="lead_id.user_id", string="Salesperson")
    company_id = fields.Many2one(related="lead_id.company_id", store=True, index=True)
    template_id = fields.Many2one(
        "crm.assessment.template",
        required=True,
        tracking=True,
        check_company=True,
        domain="[('kind', '=', kind)]",
    )
    kind = fields.Selection(
        ASSESSMENT_KINDS,
        compute="_compute_kind",
        store=True,
        readonly=False,
        precompute=True,
        required=True,
        index=True,
    )
    product_id = fields.Many2one(related="template_id.product_id", string="Service")
    meeting_date = fields.Datetime(default=fields.Datetime.now, tracking=True)
    filled_by_id = fields.Many2one(
        "res.users", default=lambda self: self.env.user, tracking=True
    )
    answer_ids = fields.One2many(
        "crm.needs.assessment.answer",
        "assessment_id",
        string="Answers",
        compute="_compute_answer_ids",
        store=True,
        readonly=False,
        precompute=True,
        copy=True,
    )
    note = fields.Html(string="Notes")
    state = fields.Selection(
        [("draft", "Draft"), ("done", "Done")],
        default="draft",
        required=True,
        copy=False,
        tracking=True,
        index=True,
    )
    done_date = fields.Datetime(readonly=True, copy=False)
    order_ids = fields.Many2many(
        "sale.order",
        "sale_order_crm_needs_assessment_rel",
        "assessment_id",
        "order_id",
        string="Quotations",
        copy=False,
        readonly=True,
    )
    order_count = fields.Integer(compute="_compute_order_count")
    is_editable = fields.Boolean(
        compute="_compute_is_editable",
        help="Draft forms are editable; done forms only by sales managers.",
    )

    @api.depends("template_id.name", "lead_id.display_name")
    def _compute_name(self):
        for form in self:
            form.name = " - ".join(
                part for part in (form.template_id.name, form.lead_id.display_name) if part
            )

    @api.depends("order_ids")
    def _compute_order_count(self):
        for form in self:
            form.order_count = len(form.order_ids)

    @api.depends("state")
    @api.depends_context("uid")
    def _compute_is_editable(self):
        is_manager = self._is_manager()
        for form in self:
            form.is_editable = is_manager or form.state != "done"

    @api.depends("template_id")
    def _compute_kind(self):
        for form in self:
            if form.template_id:
                form.kind = form.template_id.kind
            elif not form.kind:
                form.kind = "needs"

    @api.depends("template_id")
    def _compute_answer_ids(self):
        """One answer row per question of the template (editable stored
        compute: emulates an onchange of the template)."""
        for form in self:
            commands = [Command.clear()]
            commands += [
                Command.create({"question_id": question.id, "sequence": question.sequence})
                for question in form.template_id.question_ids
            ]
            form.answer_ids = commands

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    @api.model
    def default_get(self, fields_list):
        """A form started from a lead (or its forms list) opens with the only
        template of its kind; with several templates (one per service) the
        template stays empty and the form asks for it first."""
        defaults = super().default_get(fields_list)
        if "template_id" in fields_list and not defaults.get("template_id") and defaults.get("lead_id"):
            lead = self.env["crm.lead"].browse(defaults["lead_id"]).exists()
            if lead:
                templates = self.env["crm.assessment.template"].search([
                    ("kind", "=", defaults.get("kind") or self.env.context.get("default_kind") or "needs"),
                    ("company_id", "in", [False, (lead.company_id or self.env.company).id]),
                ])
                if len(templates) == 1:
                    defaults["template_id"] = templates.id
        return defaults

    def _is_manager(self):
        # su: internal code running as superuser (e.g. uninstall, crons)
        return self.env.su or self.env.user.has_group("sales_team.group_sale_manager")

    def _check_editable(self):
        """Done forms are read-only except for sales managers."""
        if self._is_manager():
            return
        done = self.filtered(lambda form: form.state == "done")
        if done:
            raise UserError(
                self.env._(
                    "The form %(forms)s is done and can no longer be changed. Ask a sales "
                    "manager to reset it to draft.",
                    forms=", ".join(done.mapped("display_name")),
                )
            )

    def write(self, vals):
        if any(not fname.startswith(_DONE_WRITABLE_PREFIXES) for fname in vals):
            self._check_editable()
        if "template_id" in vals:
            template = self.env["crm.assessment.template"].browse(vals["template_id"])
            for form in self:
                if form.template_id != template and form.state == "done":
                    raise UserError(self.env._("The template of a done form cannot be changed."))
        if vals.get("state") == "done":
            # also for direct writes (RPC, import): no done form without its required answers
            self.filtered(lambda form: form.state != "done")._check_required_answers()
        return super().write(vals)

    @api.model_create_multi
    def create(self, vals_list):
        forms = super().create(vals_list)
        forms.filtered(lambda form: form.state == "done")._check_required_answers()
        return forms

    def unlink(self):
        self._check_editable()
        return super().unlink()

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def _check_required_answers(self):
        """One UserError listing every unanswered required question."""
        missing = []
        for form in self:
            unanswered = form.answer_ids.filtered(lambda ans: ans.required and not ans.is_answered)
            for answer in unanswered:
                missing.append(
                    self.env._("%(form)s: %(question)s", form=form.display_name, question=answer.question_id.name)
                )
        if missing:
            raise UserError(
                self.env._(
                    "Answer the required questions before marking the form done:\n%(questions)s",
                    questions="\n".join("- %s" % item for item in missing),
                )
            )

    def action_done(self):
        """Mark the forms done. Every required question must be answered:
        one error lists all unanswered required questions."""
        for form in self:
            if form.state != "draft":
                raise UserError(self.env._("The form %(form)s is already done.", form=form.display_name))
        self.write({"state": "done", "done_date": fields.Datetime.now()})
        # the pipeline follows: a done customer-knowledge form takes the lead
        # to the customer-knowledge step, a done needs assessment to the
        # needs-assessment step (forward only, see _agency_advance_to_step)
        for form in self:
            form.lead_id._agency_advance_to_step("qualify" if form.kind == "knowledge" else "assessment")
        return True

    def action_create_quotation(self):
        """The quotation of a done needs assessment: the lead's quotation from
        its done needs assessments (crm.lead.action_create_quotation)."""
        self.ensure_one()
        if self.kind != "needs" or self.state != "done":
            raise UserError(
                self.env._(
                    "Only a done needs assessment makes a quotation: mark %(form)s done first.",
                    form=self.display_name,
                )
            )
        return self.lead_id.action_create_quotation()

    def action_reset_draft(self):
        if not self._is_manager():
            raise AccessError(self.env._("Only sales managers can reset a done form to draft."))
        self.write({"state": "draft", "done_date": False})
        return True

    def action_view_orders(self):
        self.ensure_one()
        action = self.env["ir.actions.actions"]._for_xml_id("sale.action_quotations_with_onboarding")
        action["domain"] = [("id", "in", self.order_ids.ids)]
        action["context"] = {}
        if len(self.order_ids) == 1:
            action["views"] = [(self.env.ref("sale.view_order_form").id, "form")]
            action["res_id"] = self.order_ids.id
        return action

    def action_print(self):
        return self.env.ref("crm_agency_sales.action_report_crm_needs_assessment").report_action(self)
