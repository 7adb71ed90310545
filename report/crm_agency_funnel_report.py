# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models
from odoo.tools import SQL

from ..models.crm_stage import PROCESS_STEPS

# The main path of the process, in order; ``future`` is a side branch (the
# leads whose objections failed), reached only when recorded.
PATH_STEPS = ["new", "qualify", "docs_sent", "assessment", "quotation", "negotiation", "contract", "won"]
STEP_SEQUENCE = {step: seq for seq, step in enumerate(PATH_STEPS + ["future"], start=1)}


class CrmAgencyFunnelReport(models.Model):
    """The funnel by process step: one row per lead and step the lead
    reached. A lead reached a step when it stayed there (its recorded stays,
    ``crm.lead.step.entry``, or its current stage) or when it stayed in a
    later step of the main path (it skipped over the step). Measures: the
    number of leads, their expected revenue, the conversion to the next step
    of the path (the average of 100 or 0 per lead, so it stays right for any
    filter or grouping) and the days spent in the step (average and median,
    empty for a skipped step)."""

    _name = "crm.agency.funnel.report"
    _inherit = ["crm.agency.median.mixin"]
    _description = "Sales Process Funnel"
    _auto = False
    _rec_name = "lead_id"
    _order = "step_sequence, lead_id"
    # flushed before the report is read
    _depends = {
        "crm.lead": [
            "stage_id", "user_id", "team_id", "company_id", "partner_id", "contact_origin",
            "type", "active", "create_date", "date_last_stage_update", "expected_revenue",
            "agency_jalali_month", "agency_jalali_year",
        ],
        "crm.stage": ["process_step"],
        "crm.lead.step.entry": ["lead_id", "step", "date_in", "date_out"],
        "crm.needs.assessment": ["lead_id", "template_id"],
        "crm.assessment.template": ["product_id"],
    }

    lead_id = fields.Many2one("crm.lead", readonly=True)
    step = fields.Selection(PROCESS_STEPS, string="Process Step", readonly=True)
    step_sequence = fields.Integer(string="Step Order", readonly=True, aggregator=None)
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    team_id = fields.Many2one("crm.team", string="Sales Team", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    service_id = fields.Many2one(
        "product.product", readonly=True,
        help="The service of the lead's first needs assessment.",
    )
    contact_origin = fields.Selection(
        [("cold", "Cold"), ("warm", "Warm")], readonly=True
    )
    lead_type = fields.Selection(
        [("lead", "Lead"), ("opportunity", "Opportunity")], string="Type", readonly=True
    )
    lead_active = fields.Boolean(
        string="Open", readonly=True,
        help="The lead is not lost (the analysis counts lost leads too).",
    )
    lead_create_date = fields.Datetime(string="Lead Created On", readonly=True)
    lead_jalali_month = fields.Char(string="Lead Created (Jalali Month)", readonly=True)
    lead_jalali_year = fields.Char(string="Lead Created (Jalali Year)", readonly=True)
    date_entered = fields.Datetime(
        string="Entered Step On", readonly=True,
        help="First entry into the step; empty when the lead skipped it.",
    )
    skipped = fields.Boolean(
        readonly=True, help="The lead went past this step without staying in it."
    )
    lead_count = fields.Integer(string="Leads", readonly=True, aggregator="sum")
    expected_revenue = fields.Float(readonly=True, aggregator="sum")
    reached_next = fields.Integer(
        string="Reached Next Step", readonly=True, aggregator="sum",
        help="Leads of the step that reached the next step of the path.",
    )
    conversion_rate = fields.Float(
        string="Conversion to Next Step (%)", readonly=True, aggregator="avg",
        help="Share of the step's leads that reached the next step of the path.",
    )
    days_in_step = fields.Float(
        string="Days in Step (Average)", readonly=True, aggregator="avg", digits=(16, 1),
        help="Days the lead spent in the step (all its stays; the current one "
        "up to now). Empty for a skipped step.",
    )
    days_in_step_median = fields.Float(
        string="Days in Step (Median)", readonly=True, aggregator="median", digits=(16, 1),
    )

    def _read_group_orderby(self, order, groupby_terms, query):
        """Groups of steps come in the order of the process, not in the
        alphabetical order of their technical values."""
        if "step" in groupby_terms:
            terms = []
            for part in (order or ",".join(groupby_terms)).split(","):
                words = part.split()
                if words and words[0] == "step":
                    words[0] = "step_sequence:min"
                terms.append(" ".join(words))
            order = ",".join(terms)
        return super()._read_group_orderby(order, groupby_terms, query)

    @property
    def _table_query(self):
        steps = SQL(", ").join(
            SQL("(%s, %s)", step, seq) for step, seq in STEP_SEQUENCE.items()
        )
        last_path_seq = STEP_SEQUENCE[PATH_STEPS[-1]]
        return SQL(
            """
            WITH steps(step, seq) AS (VALUES %(steps)s),
            stays AS (
                SELECT e.lead_id, e.step, e.date_in,
                       COALESCE(e.date_out, NOW() AT TIME ZONE 'UTC') AS date_out
                  FROM crm_lead_step_entry e
                 WHERE e.step IS NOT NULL
                UNION ALL
                -- leads without any recorded stay (created before the
                -- install): their current stage since its last change
                SELECT l.id, s.process_step,
                       COALESCE(l.date_last_stage_update, l.create_date),
                       NOW() AT TIME ZONE 'UTC'
                  FROM crm_lead l
                  JOIN crm_stage s ON s.id = l.stage_id
                 WHERE s.process_step IS NOT NULL
                   AND NOT EXISTS (SELECT 1 FROM crm_lead_step_entry e WHERE e.lead_id = l.id)
            ),
            per_step AS (
                SELECT lead_id, step, MIN(date_in) AS date_entered,
                       SUM(EXTRACT(EPOCH FROM (date_out - date_in))) / 86400.0 AS days
                  FROM stays
                 GROUP BY lead_id, step
            ),
            recorded AS (
                SELECT lead_id, step FROM per_step
                UNION
                SELECT l.id, s.process_step
                  FROM crm_lead l
                  JOIN crm_stage s ON s.id = l.stage_id
                 WHERE s.process_step IS NOT NULL
            ),
            lead_max AS (
                SELECT r.lead_id,
                       MAX(CASE WHEN st.seq <= %(last)s THEN st.seq ELSE 0 END) AS max_seq
                  FROM recorded r
                  JOIN steps st ON st.step = r.step
                 GROUP BY r.lead_id
            ),
            reached AS (
                SELECT m.lead_id, st.step, st.seq, m.max_seq
                  FROM lead_max m
                  JOIN steps st ON st.seq <= m.max_seq
                UNION
                SELECT r.lead_id, st.step, st.seq, m.max_seq
                  FROM recorded r
                  JOIN steps st ON st.step = r.step
                  JOIN lead_max m ON m.lead_id = r.lead_id
            ),
            services AS (
                SELECT DISTINCT ON (a.lead_id) a.lead_id, t.product_id
                  FROM crm_needs_assessment a
                  JOIN crm_assessment_template t ON t.id = a.template_id
                 WHERE t.product_id IS NOT NULL
                 ORDER BY a.lead_id, a.id
            )
            SELECT r.lead_id * 10 + r.seq AS id,
                   r.lead_id,
                   r.step,
                   r.seq AS step_sequence,
                   l.user_id,
                   l.team_id,
                   l.company_id,
                   l.partner_id,
                   sv.product_id AS service_id,
                   l.contact_origin,
                   l.type AS lead_type,
                   l.active AS lead_active,
                   l.create_date AS lead_create_date,
                   l.agency_jalali_month AS lead_jalali_month,
                   l.agency_jalali_year AS lead_jalali_year,
                   p.date_entered,
                   p.lead_id IS NULL AS skipped,
                   1 AS lead_count,
                   COALESCE(l.expected_revenue, 0) AS expected_revenue,
                   CASE WHEN r.seq >= %(last)s THEN NULL
                        WHEN r.max_seq > r.seq THEN 1 ELSE 0 END AS reached_next,
                   CASE WHEN r.seq >= %(last)s THEN NULL
                        WHEN r.max_seq > r.seq THEN 100.0 ELSE 0.0 END AS conversion_rate,
                   p.days AS days_in_step,
                   p.days AS days_in_step_median
              FROM reached r
              JOIN crm_lead l ON l.id = r.lead_id
              LEFT JOIN per_step p ON p.lead_id = r.lead_id AND p.step = r.step
              LEFT JOIN services sv ON sv.lead_id = r.lead_id
            """,
            steps=steps,
            last=last_path_seq,
        )
