# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The daily jobs work in batches: their query count does not grow with the
number of leads or payment lines they remind of, beyond Odoo's own cost of
giving someone an activity (its assignment notification), measured here on
stock leads with the same user."""
from datetime import timedelta

from odoo import fields
from odoo.tests import tagged

from .contract_common import ContractCommon


@tagged("post_install", "-at_install", "agency_perf")
class TestCronBatches(ContractCommon):

    def _queries(self, func):
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.cr.sql_log_count
        result = func()
        self.env.flush_all()
        return self.cr.sql_log_count - before, result

    def _odoo_activity_cost(self, few, many, user=None):
        """How many more queries Odoo itself takes to give ``many`` than
        ``few`` activities to ``user`` (the salesperson by default), on leads
        outside the process, as the cron's user."""
        user = user or self.user_sales
        counts = []
        for count in (few, many):
            leads = self.env["crm.lead"].create([{
                "name": "Stock %d" % index, "user_id": user.id,
                "team_id": self.env.ref("sales_team.team_sales_department").id,
            } for index in range(count)])
            counts.append(self._queries(lambda leads=leads: leads.activity_schedule(
                "mail.mail_activity_data_todo", summary="Call back", user_id=user.id,
            ))[0])
        return counts[1] - counts[0]

    def _new_request(self, state):
        request = self._create_request(order=self._create_order(self._create_lead(step="contract")))
        return self._bring_to(state, request)

    def _due_followups(self, count):
        yesterday = fields.Date.today() - timedelta(days=1)
        leads = self.env["crm.lead"]
        for index in range(count):
            leads |= self._create_lead(step="future", followup_date=yesterday, name="Due %d" % index)
        # without an open re-contact activity: the job gives each one
        leads.activity_ids.unlink()
        return leads

    def test_future_followups_in_batches(self):
        Lead = self.env["crm.lead"]
        followup = self.env.ref("crm_agency_sales.mail_activity_type_future_followup")
        results = {}
        for count in (2, 6):
            due = self._due_followups(count)
            results[count], done = self._queries(Lead._cron_agency_future_followups)
            self.assertEqual(done, due)
            for lead in due:
                self.assertEqual(lead.activity_ids.activity_type_id, followup)
                self.assertEqual(lead.activity_ids.user_id, self.user_sales)
                self.assertEqual(len(lead.message_ids.filtered(lambda m: "has come" in (m.body or ""))), 1)
        self.assertFalse(Lead._cron_agency_future_followups(), "each date is reminded once")
        allowed = self._odoo_activity_cost(2, 6)
        self.assertLessEqual(
            results[6] - results[2], allowed + 2,
            "%s queries for 2 leads, %s for 6; Odoo's own activities: %s more" % (results[2], results[6], allowed),
        )

    def test_finance_reminders_in_batches(self):
        Request = self.env["crm.contract.request"]
        reminder = self.env.ref("crm_agency_sales.mail_activity_type_contract_reminder")
        results = {}
        for count in (2, 5):
            waiting = Request
            for _index in range(count):
                request = self._new_request("submitted")
                request._transition({"submitted_on": fields.Datetime.now() - timedelta(days=10)})
                waiting |= request
            results[count] = self._queries(Request._cron_finance_waiting_reminder)[0]
            for request in waiting:
                self.assertEqual(request.finance_reminder_activity_id.activity_type_id, reminder)
                self.assertEqual(request.finance_reminder_activity_id.user_id, self.user_finance)
                self.assertIn("waiting for drafting since", request.finance_reminder_activity_id.summary)
        allowed = self._odoo_activity_cost(2, 5, self.user_finance)
        self.assertLessEqual(
            results[5] - results[2], allowed + 2,
            "%s queries for 2 requests, %s for 5; Odoo's own activities: %s more" % (
                results[2], results[5], allowed),
        )

    def test_payment_reminders_in_batches(self):
        Request = self.env["crm.contract.request"]
        results = {}
        for count in (2, 5):
            signed = Request
            for _index in range(count):
                signed |= self._new_request("signed")
            results[count] = self._queries(Request._cron_payment_due_reminder)[0]
            lines = signed.payment_line_ids.filtered("due_reminder_activity_id")
            self.assertEqual(len(lines), count, "the prepayment of each contract is due today")
            self.assertEqual(lines.due_reminder_activity_id.user_id, self.user_sales)
            self.assertTrue(all("Payment due" in line.due_reminder_activity_id.summary for line in lines))
        allowed = self._odoo_activity_cost(2, 5)
        self.assertLessEqual(
            results[5] - results[2], allowed + 2,
            "%s queries for 2 payment lines, %s for 5; Odoo's own activities: %s more" % (
                results[2], results[5], allowed),
        )
