# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models, tools
from odoo.exceptions import ValidationError

PROCESS_STEPS = [
    ("new", "New lead"),
    ("qualify", "Initial contact and customer knowledge"),
    ("docs_sent", "Sales documents sent"),
    ("assessment", "Needs assessment"),
    ("quotation", "Quotation prepared, awaiting approval"),
    ("negotiation", "Quotation sent, objections"),
    ("contract", "Contract"),
    ("won", "Won"),
    ("future", "Future follow-ups"),
]


class CrmStage(models.Model):
    _inherit = "crm.stage"

    process_step = fields.Selection(
        PROCESS_STEPS,
        index=True,
        help="The stage's role in the agency's sales process. Gates and "
        "automations read this flag, never the stage's name or order, so the "
        "stage can be renamed, reordered or moved freely. Leave it empty for "
        "stages outside the agency's process: they have no gates.",
    )
    entry_plan_id = fields.Many2one(
        "mail.activity.plan",
        string="Entry Activities",
        domain="[('res_model', '=', 'crm.lead')]",
        ondelete="set null",
        help="Activity plan launched on a lead each time it enters this "
        "stage: each line of the plan creates its activity with its summary, "
        "deadline and assignee (salesperson, team leader, a group's users or "
        "a fixed user).",
    )

    @api.constrains("process_step", "is_won")
    def _check_won_step_is_won(self):
        """The ``won`` process step is where leads are won: its stage must be
        a won stage (probability 100, Odoo's won flow)."""
        for stage in self:
            if stage.process_step == "won" and not stage.is_won:
                raise ValidationError(self.env._(
                    "The stage %(stage)s has the process step Won: tick \"%(won_flag)s\" too.",
                    stage=stage.name,
                    won_flag=self._fields["is_won"]._description_string(self.env),
                ))

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        stages = super().create(vals_list)
        self.env.registry.clear_cache()
        return stages

    def write(self, vals):
        flags = {"process_step", "is_won", "entry_plan_id", "active"} & set(vals)
        if flags:
            self.env.registry.clear_cache()
        res = super().write(vals)
        if flags:
            self.env.registry.clear_cache()
        return res

    def unlink(self):
        res = super().unlink()
        self.env.registry.clear_cache()
        return res

    # ------------------------------------------------------------
    # HELPERS
    # ------------------------------------------------------------

    @api.model
    @tools.ormcache()
    def _agency_stage_flags(self):
        """``{stage id: (process_step, gated, has entry plan)}`` of the
        stages with a process step, won, or an entry plan: leads in any other
        stage (the stock stages, outside the process) cost no query to read
        their stage. Cached in the registry, cleared when a stage changes."""
        # sudo: a cache shared by every user, of configuration flags only
        stages = self.sudo().with_context(active_test=False).search_fetch(
            ["|", "|", ("process_step", "!=", False), ("is_won", "=", True), ("entry_plan_id", "!=", False)],
            ["process_step", "is_won", "entry_plan_id"],
        )
        return {
            stage.id: (stage.process_step, bool(stage.process_step or stage.is_won), bool(stage.entry_plan_id))
            for stage in stages
        }
