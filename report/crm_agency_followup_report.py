# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models
from odoo.tools import SQL


class CrmAgencyFollowupReport(models.Model):
    """Time spent on follow-ups: one row per done activity of a lead whose
    minutes were recorded, to sum them per lead, salesperson and period."""

    _name = "crm.agency.followup.report"
    _description = "Time on Follow-ups"
    _auto = False
    _rec_name = "lead_id"
    _order = "date desc, id desc"
    _depends = {
        "mail.message": ["model", "res_id", "agency_minutes_spent", "date", "create_uid",
                         "mail_activity_type_id"],
        "crm.lead": ["user_id", "team_id", "company_id"],
    }

    lead_id = fields.Many2one("crm.lead", readonly=True)
    user_id = fields.Many2one("res.users", string="Done By", readonly=True)
    salesperson_id = fields.Many2one("res.users", readonly=True)
    team_id = fields.Many2one("crm.team", string="Sales Team", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    activity_type_id = fields.Many2one("mail.activity.type", readonly=True)
    date = fields.Datetime(string="Done On", readonly=True)
    minutes = fields.Integer(string="Minutes Spent", readonly=True, aggregator="sum")
    hours = fields.Float(string="Hours Spent", readonly=True, aggregator="sum", digits=(16, 2))

    @property
    def _table_query(self):
        return SQL(
            """
            SELECT m.id,
                   m.res_id AS lead_id,
                   m.create_uid AS user_id,
                   l.user_id AS salesperson_id,
                   l.team_id,
                   l.company_id,
                   m.mail_activity_type_id AS activity_type_id,
                   m.date,
                   m.agency_minutes_spent AS minutes,
                   m.agency_minutes_spent / 60.0 AS hours
              FROM mail_message m
              JOIN crm_lead l ON l.id = m.res_id
             WHERE m.model = 'crm.lead'
               AND m.agency_minutes_spent > 0
            """
        )
