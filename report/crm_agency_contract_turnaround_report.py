# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models
from odoo.tools import SQL

from ..models.crm_contract_request import STATES


def _days(end, start):
    return SQL(
        "EXTRACT(EPOCH FROM (%s - %s)) / 86400.0",
        SQL.identifier("r", end), SQL.identifier("r", start),
    )


class CrmAgencyContractTurnaroundReport(models.Model):
    """Contract turnaround: one row per submitted contract request with the
    days of each hand-over (submitted -> drafted by finance, drafted ->
    signed, signed -> archived, archived -> execution started). A duration
    is empty until both of its ends are recorded, so the averages only count
    the requests that went through the step."""

    _name = "crm.agency.contract.turnaround.report"
    _inherit = ["crm.agency.median.mixin"]
    _description = "Contract Turnaround Analysis"
    _auto = False
    _rec_name = "request_id"
    _order = "submitted_on desc"
    # flushed before the report is read
    _depends = {
        "crm.contract.request": [
            "lead_id", "partner_id", "user_id", "drafted_by_id", "company_id", "state",
            "submitted_on", "drafting_end_on", "signed_on", "archived_on",
            "execution_started_on", "amount", "delivered_on", "paid_on", "closed_on",
            "satisfaction_score", "satisfaction_count",
        ],
        "crm.lead": ["team_id"],
    }

    request_id = fields.Many2one("crm.contract.request", string="Contract Request", readonly=True)
    lead_id = fields.Many2one("crm.lead", string="Opportunity", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    team_id = fields.Many2one("crm.team", string="Sales Team", readonly=True)
    drafted_by_id = fields.Many2one("res.users", string="Finance Officer", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    state = fields.Selection(STATES, string="Status", readonly=True)
    submitted_on = fields.Datetime(readonly=True)
    drafting_end_on = fields.Datetime(string="Drafted On", readonly=True)
    signed_on = fields.Datetime(readonly=True)
    archived_on = fields.Datetime(readonly=True)
    execution_started_on = fields.Datetime(readonly=True)
    delivered_on = fields.Datetime(readonly=True)
    paid_on = fields.Datetime(readonly=True)
    closed_on = fields.Datetime(readonly=True)
    amount = fields.Float(readonly=True, aggregator="sum")
    satisfaction_score = fields.Float(
        string="Satisfaction (%)", readonly=True, aggregator="avg", digits=(16, 1),
        help="Average score of the customers' completed closing questionnaires "
        "(requests without an answer are left out of the average).",
    )
    days_to_closed = fields.Float(
        string="Days Execution to Closed", readonly=True, aggregator="avg", digits=(16, 1)
    )
    days_to_drafted = fields.Float(
        string="Days Submitted to Drafted", readonly=True, aggregator="avg", digits=(16, 1)
    )
    days_to_signed = fields.Float(
        string="Days Drafted to Signed", readonly=True, aggregator="avg", digits=(16, 1)
    )
    days_to_archived = fields.Float(
        string="Days Signed to Archived", readonly=True, aggregator="avg", digits=(16, 1)
    )
    days_to_execution = fields.Float(
        string="Days Archived to Execution", readonly=True, aggregator="avg", digits=(16, 1)
    )
    days_total = fields.Float(
        string="Days Submitted to Execution", readonly=True, aggregator="avg", digits=(16, 1)
    )
    days_to_drafted_median = fields.Float(
        string="Days Submitted to Drafted (Median)", readonly=True, aggregator="median",
        digits=(16, 1),
    )

    @property
    def _table_query(self):
        return SQL(
            """
            SELECT r.id,
                   r.id AS request_id,
                   r.lead_id,
                   r.partner_id,
                   r.user_id,
                   l.team_id,
                   r.drafted_by_id,
                   r.company_id,
                   r.state,
                   r.submitted_on,
                   r.drafting_end_on,
                   r.signed_on,
                   r.archived_on,
                   r.execution_started_on,
                   r.delivered_on,
                   r.paid_on,
                   r.closed_on,
                   r.amount,
                   CASE WHEN r.satisfaction_count > 0 THEN r.satisfaction_score END
                       AS satisfaction_score,
                   %(closed)s AS days_to_closed,
                   %(drafted)s AS days_to_drafted,
                   %(signed)s AS days_to_signed,
                   %(archived)s AS days_to_archived,
                   %(execution)s AS days_to_execution,
                   %(total)s AS days_total,
                   %(drafted)s AS days_to_drafted_median
              FROM crm_contract_request r
              LEFT JOIN crm_lead l ON l.id = r.lead_id
             WHERE r.submitted_on IS NOT NULL
            """,
            drafted=_days("drafting_end_on", "submitted_on"),
            signed=_days("signed_on", "drafting_end_on"),
            archived=_days("archived_on", "signed_on"),
            execution=_days("execution_started_on", "archived_on"),
            total=_days("execution_started_on", "submitted_on"),
            closed=_days("closed_on", "execution_started_on"),
        )
