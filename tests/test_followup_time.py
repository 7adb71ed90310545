# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import datetime

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from .common import AgencyCommon


@tagged("post_install", "-at_install", "agency_logic")
class TestFollowupTime(AgencyCommon):
    """Minutes spent on a lead's follow-up: carried to the done message and
    summed in the Time on Follow-ups analysis."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.agency_enforce_stage_gates = False
        cls.lead_a = cls._create_lead(name="Follow-up A")
        cls.lead_b = cls._create_lead(name="Follow-up B", user=cls.user_sales_2)
        cls.call = cls.env.ref("mail.mail_activity_data_call")
        cls.Report = cls.env["crm.agency.followup.report"]

    def _activity(self, lead, user, minutes=0):
        return self.env["mail.activity"].create({
            "res_model_id": self.env["ir.model"]._get_id("crm.lead"),
            "res_id": lead.id,
            "activity_type_id": self.call.id,
            "user_id": user.id,
            "summary": "Call back",
            "agency_minutes_spent": minutes,
        })

    def _done_message(self, lead):
        return self.env["mail.message"].search(
            [("model", "=", "crm.lead"), ("res_id", "=", lead.id), ("mail_activity_type_id", "=", self.call.id)],
            order="id desc", limit=1,
        )

    def test_minutes_carried_to_done_message(self):
        activity = self._activity(self.lead_a, self.user_sales, minutes=25)
        activity.with_user(self.user_sales).action_feedback(feedback="Customer asked for a new date")
        message = self._done_message(self.lead_a)
        self.assertEqual(message.agency_minutes_spent, 25)
        self.assertIn("Done in 25 min", message.body)
        self.assertIn("Customer asked for a new date", message.body)

    def test_minutes_optional(self):
        activity = self._activity(self.lead_a, self.user_sales)
        activity.with_user(self.user_sales).action_done()
        message = self._done_message(self.lead_a)
        self.assertTrue(message)
        self.assertFalse(message.agency_minutes_spent)
        self.assertNotIn("Done in", message.body)
        self.assertFalse(self.Report.search([("lead_id", "=", self.lead_a.id)]))

    def test_minutes_never_negative(self):
        with self.assertRaises(ValidationError):
            self._activity(self.lead_a, self.user_sales, minutes=-5)

    def test_batch_done_keeps_each_activity_minutes(self):
        activities = (self._activity(self.lead_a, self.user_sales, minutes=10)
                      | self._activity(self.lead_a, self.user_sales, minutes=15)
                      | self._activity(self.lead_a, self.user_sales))
        messages, _next = activities._action_done()
        self.assertEqual(len(messages), 3)
        self.assertEqual(sorted(messages.mapped("agency_minutes_spent")), [0, 10, 15])

    def test_time_summed_per_lead_user_and_month(self):
        self._activity(self.lead_a, self.user_sales, minutes=25).with_user(self.user_sales).action_done()
        self._activity(self.lead_a, self.user_sales, minutes=35).with_user(self.user_sales).action_done()
        self._activity(self.lead_b, self.user_sales_2, minutes=10).with_user(self.user_sales_2).action_done()
        # the last one in February
        self.env.flush_all()
        message = self._done_message(self.lead_b)
        self.env.cr.execute("UPDATE mail_message SET date = %s WHERE id = %s", [datetime(2026, 2, 3, 10), message.id])
        self.env.cr.execute(
            "UPDATE mail_message SET date = %s WHERE model = 'crm.lead' AND res_id = %s AND agency_minutes_spent > 0",
            [datetime(2026, 1, 15, 10), self.lead_a.id],
        )
        self.env.invalidate_all()
        domain = [("lead_id", "in", (self.lead_a | self.lead_b).ids)]
        per_user = {g["user_id"][0]: g for g in self.Report.read_group(domain, ["minutes:sum", "hours:sum"], ["user_id"])}
        self.assertEqual(per_user[self.user_sales.id]["minutes"], 60)
        self.assertAlmostEqual(per_user[self.user_sales.id]["hours"], 1.0)
        self.assertEqual(per_user[self.user_sales_2.id]["minutes"], 10)
        per_lead = {g["lead_id"][0]: g["minutes"] for g in self.Report.read_group(domain, ["minutes:sum"], ["lead_id"])}
        self.assertEqual(per_lead, {self.lead_a.id: 60, self.lead_b.id: 10})
        per_month = {g["date:month"]: g["minutes"] for g in self.Report.read_group(domain, ["minutes:sum"], ["date:month"])}
        self.assertEqual(per_month, {"January 2026": 60, "February 2026": 10})
        # access: a salesperson sees their own time and their leads' time only
        own = self.Report.with_user(self.user_sales_2).read_group(domain, ["minutes:sum"], [])
        self.assertEqual(own[0]["minutes"], 10)
        self.assertEqual(self.Report.with_user(self.user_manager).read_group(domain, ["minutes:sum"], [])[0]["minutes"], 70)
        with self.assertRaises(AccessError):
            self.Report.with_user(self.user_finance).read_group(domain, ["minutes:sum"], [])

    def test_report_query_count_does_not_grow(self):
        def queries_for(count):
            leads = self.env["crm.lead"].create([
                {"name": "T%s" % i, "type": "opportunity", "team_id": self.team.id, "user_id": self.user_sales.id}
                for i in range(count)
            ])
            for lead in leads:
                self._activity(lead, self.user_sales, minutes=5).action_done()
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.cr.sql_log_count
            self.Report.with_user(self.user_manager).read_group(
                [("lead_id", "in", leads.ids)], ["minutes:sum"], ["user_id"])
            return self.cr.sql_log_count - before

        queries_for(1)
        self.assertEqual(queries_for(3), queries_for(15))
