# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class MailActivityPlanTemplate(models.Model):
    _inherit = "mail.activity.plan.template"

    responsible_type = fields.Selection(
        selection_add=[
            ("salesperson", "Salesperson"),
            ("team_leader", "Sales Team Leader"),
            ("group", "Users of a Group"),
        ],
        ondelete={
            "salesperson": "set default",
            "team_leader": "set default",
            "group": "set default",
        },
    )
    responsible_group_id = fields.Many2one(
        "res.groups",
        string="Assigned Group",
        help="Every active user of this group (in the record's company) "
        "receives the activity.",
    )

    @api.constrains("responsible_type", "responsible_group_id", "plan_id")
    def _check_agency_responsible(self):
        for template in self:
            if template.responsible_type == "group" and not template.responsible_group_id:
                raise ValidationError(
                    self.env._("Activity '%(summary)s': choose the group whose users receive it.",
                      summary=template.summary or template.activity_type_id.name)
                )
            if (
                template.responsible_type in ("salesperson", "team_leader")
                and template.plan_id.res_model != "crm.lead"
            ):
                raise ValidationError(
                    self.env._("Assignment to the salesperson or the team leader is only "
                      "available on plans for leads and opportunities.")
                )

    def _agency_group_users(self, record):
        """Active internal users of the template's group allowed in the
        record's company."""
        self.ensure_one()
        users = self.responsible_group_id.users.filtered(lambda u: u.active and not u.share)
        company = record.company_id if "company_id" in record._fields else False
        if company:
            users = users.filtered(lambda u: company in u.company_ids)
        return users

    def _determine_responsible(self, on_demand_responsible, applied_on_record):
        if self.responsible_type == "salesperson":
            responsible = applied_on_record.user_id
            return {
                "responsible": responsible,
                "error": not responsible and self.env._(
                    "%(record)s has no salesperson for the activity '%(summary)s'.",
                    record=applied_on_record.display_name, summary=self.summary or "-"),
            }
        if self.responsible_type == "team_leader":
            responsible = applied_on_record.team_id.user_id
            return {
                "responsible": responsible,
                "error": not responsible and self.env._(
                    "%(record)s has no sales team leader for the activity '%(summary)s'.",
                    record=applied_on_record.display_name, summary=self.summary or "-"),
            }
        if self.responsible_type == "group":
            # One user only for Odoo's plan wizard; the stage automation gives
            # the activity to every user of the group (_agency_group_users).
            responsible = self._agency_group_users(applied_on_record)[:1]
            return {
                "responsible": responsible,
                "error": not responsible and self.env._(
                    "The group %(group)s has no user for the activity '%(summary)s'.",
                    group=self.responsible_group_id.name, summary=self.summary or "-"),
            }
        return super()._determine_responsible(on_demand_responsible, applied_on_record)
