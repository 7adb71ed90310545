# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models

from .crm_stage import PROCESS_STEPS


class CrmLeadStepEntry(models.Model):
    """One stay of a lead in a stage: written by the system each time a lead
    enters a stage (creation or stage change), closed when it leaves it. The
    process analysis reads these stays for the funnel (steps reached) and the
    time spent in each step."""

    _name = "crm.lead.step.entry"
    _description = "Lead Stage Stay"
    _order = "lead_id, date_in, id"
    _rec_name = "stage_id"

    lead_id = fields.Many2one(
        "crm.lead", required=True, ondelete="cascade", index=True, readonly=True
    )
    stage_id = fields.Many2one("crm.stage", ondelete="set null", readonly=True)
    step = fields.Selection(PROCESS_STEPS, string="Process Step", readonly=True, index=True)
    date_in = fields.Datetime(string="Entered On", required=True, readonly=True)
    date_out = fields.Datetime(string="Left On", readonly=True)
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True, index=True)


class CrmLead(models.Model):
    _inherit = "crm.lead"

    # Only the agency's process is recorded: a lead entering or leaving a
    # stage with a process step. Leads of other pipelines cost no query.

    @api.model_create_multi
    def create(self, vals_list):
        leads = super().create(vals_list)
        # process_step is the lead's own stored flag: no read of the stages
        leads.filtered("process_step")._agency_record_step_entries()
        return leads

    def write(self, vals):
        if "stage_id" not in vals:
            return super().write(vals)
        before = {lead.id: (lead.stage_id.id, lead.process_step) for lead in self}
        res = super().write(vals)
        self.filtered(
            lambda lead: lead.stage_id.id != before[lead.id][0]
            and (lead.process_step or before[lead.id][1])
        )._agency_record_step_entries()
        return res

    def _agency_record_step_entries(self):
        """Close the open stays of these leads and open one in their current
        stage: one search, one write and one create whatever the number of
        leads."""
        if not self:
            return
        now = fields.Datetime.now()
        # sudo: the stays are the system's history of the stage changes, no
        # user may write them; the caller has just changed these leads.
        Entry = self.env["crm.lead.step.entry"].sudo()
        Entry.search([("lead_id", "in", self.ids), ("date_out", "=", False)]).write({"date_out": now})
        Entry.create([
            {
                "lead_id": lead.id,
                "stage_id": lead.stage_id.id,
                "step": lead.process_step,
                "date_in": now,
                "user_id": lead.user_id.id,
                "company_id": lead.company_id.id,
            }
            for lead in self if lead.process_step
        ])
