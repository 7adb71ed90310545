# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models
from odoo.tools import SQL


class CrmAgencyApprovalReport(models.Model):
    """Quotation approval turnaround: one row per quotation whose approval
    was requested, with the manager who decided (approved or rejected), the
    outcome and the hours from the request to the decision."""

    _name = "crm.agency.approval.report"
    _inherit = ["crm.agency.median.mixin"]
    _description = "Quotation Approval Analysis"
    _auto = False
    _rec_name = "order_id"
    _order = "requested_on desc"
    # flushed before the report is read
    _depends = {
        "sale.order": [
            "partner_id", "user_id", "team_id", "company_id", "amount_total",
            "approval_requested_on", "approved_by_id", "approved_on", "rejected_by_id",
            "rejected_on",
        ],
    }

    order_id = fields.Many2one("sale.order", string="Quotation", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    team_id = fields.Many2one("crm.team", string="Sales Team", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    manager_id = fields.Many2one(
        "res.users", readonly=True,
        help="The sales manager who approved or rejected the quotation.",
    )
    outcome = fields.Selection(
        [("pending", "Pending"), ("approved", "Approved"), ("rejected", "Rejected")],
        readonly=True,
    )
    requested_on = fields.Datetime(readonly=True)
    decided_on = fields.Datetime(readonly=True)
    amount_total = fields.Float(string="Total", readonly=True, aggregator="sum")
    approved_count = fields.Integer(string="Approved", readonly=True, aggregator="sum")
    rejected_count = fields.Integer(string="Rejected", readonly=True, aggregator="sum")
    hours_to_decision = fields.Float(
        string="Hours to Decision", readonly=True, aggregator="avg", digits=(16, 1)
    )
    hours_to_decision_median = fields.Float(
        string="Hours to Decision (Median)", readonly=True, aggregator="median", digits=(16, 1)
    )

    @property
    def _table_query(self):
        return SQL(
            """
            SELECT o.id,
                   o.id AS order_id,
                   o.partner_id,
                   o.user_id,
                   o.team_id,
                   o.company_id,
                   d.manager_id,
                   d.outcome,
                   o.approval_requested_on AS requested_on,
                   d.decided_on,
                   o.amount_total,
                   (d.outcome = 'approved')::int AS approved_count,
                   (d.outcome = 'rejected')::int AS rejected_count,
                   EXTRACT(EPOCH FROM (d.decided_on - o.approval_requested_on)) / 3600.0
                       AS hours_to_decision,
                   EXTRACT(EPOCH FROM (d.decided_on - o.approval_requested_on)) / 3600.0
                       AS hours_to_decision_median
              FROM sale_order o
              CROSS JOIN LATERAL (
                  SELECT CASE WHEN o.approved_on IS NOT NULL THEN 'approved'
                              WHEN o.rejected_on IS NOT NULL THEN 'rejected'
                              ELSE 'pending' END AS outcome,
                         CASE WHEN o.approved_on IS NOT NULL THEN o.approved_by_id
                              ELSE o.rejected_by_id END AS manager_id,
                         COALESCE(o.approved_on, o.rejected_on) AS decided_on
              ) d
             WHERE o.approval_requested_on IS NOT NULL
            """
        )
