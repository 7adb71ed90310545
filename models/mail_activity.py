# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .crm_stage import PROCESS_STEPS


class MailActivity(models.Model):
    _inherit = "mail.activity"

    agency_minutes_spent = fields.Integer(
        string="Minutes Spent",
        help="Optional: the minutes this follow-up took. Marking the activity "
        "done writes them in the chatter and the Time on Follow-ups analysis.",
    )

    agency_step = fields.Selection(
        PROCESS_STEPS,
        string="Process Step",
        readonly=True,
        index="btree_not_null",
        help="The step of the agency's sales process this activity belongs "
        "to: it is marked done when the lead has gone past that step, and "
        "when the lead is won, lost or moved to the future follow-ups.",
    )

    @api.constrains("agency_minutes_spent")
    def _check_agency_minutes_spent(self):
        for activity in self:
            if activity.agency_minutes_spent < 0:
                raise ValidationError(self.env._(
                    "The minutes spent on %(activity)s cannot be negative.",
                    activity=activity.summary or activity.activity_type_id.name or "",
                ))

    def _action_done(self, feedback=False, attachment_ids=None):
        """Activities with minutes spent are done one by one, the minutes
        added to the feedback ("Done in 25 min") and kept on their done
        message; the others as usual, in one batch."""
        timed = self.filtered(lambda activity: activity.agency_minutes_spent > 0)
        messages, next_activities = super(MailActivity, self - timed)._action_done(
            feedback=feedback, attachment_ids=attachment_ids
        ) if self - timed else (self.env["mail.message"], self.env["mail.activity"])
        for activity in timed:
            minutes = activity.agency_minutes_spent
            note = self.env._("Done in %(minutes)s min", minutes=minutes)
            message, next_activity = super(MailActivity, activity)._action_done(
                feedback="%s\n%s" % (feedback, note) if feedback else note,
                attachment_ids=attachment_ids,
            )
            # sudo: the done message was just posted by this action on a
            # record the user may not otherwise write messages of
            message.sudo().write({"agency_minutes_spent": minutes})
            messages |= message
            next_activities |= next_activity
        return messages, next_activities


class MailMessage(models.Model):
    _inherit = "mail.message"

    agency_minutes_spent = fields.Integer(
        string="Minutes Spent", readonly=True, copy=False,
        help="Minutes spent on the follow-up this message marks as done.",
    )
