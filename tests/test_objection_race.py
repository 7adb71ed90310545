# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Two users close the last allowed attempt of a lead at the same moment:
the lead moves to the future follow-ups once, with one re-contact activity.

The data must be committed so that two real transactions (two cursors) see
it, as in Odoo's own concurrency tests; it is deleted at the end."""
import threading
import uuid

from psycopg2.errors import LockNotAvailable, SerializationFailure

from odoo import SUPERUSER_ID, api
from odoo.exceptions import UserError
from odoo.tests.common import new_test_user, tagged
from odoo.tools import mute_logger

from .race_common import RaceCommon


@tagged("post_install", "-at_install", "agency_race")
class TestObjectionRace(RaceCommon):
    def setUp(self):
        super().setUp()
        suffix = uuid.uuid4().hex[:8]
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            salesperson = new_test_user(
                env, login="race_sales_%s" % suffix, name="Race Salesperson",
                groups="sales_team.group_sale_salesman",
            )
            manager = new_test_user(
                env, login="race_manager_%s" % suffix, name="Race Manager",
                groups="sales_team.group_sale_manager",
            )
            future = env["crm.stage"].search([("process_step", "=", "future")], limit=1)
            lead, reason = self._lead_before_last_attempt(env, salesperson, "Race lead %s" % suffix)
            limit = lead.company_id.agency_objection_attempt_limit
            Objection = env["crm.objection"].with_user(salesperson)
            last = Objection.create({"lead_id": lead.id, "kind": "other", "reason_id": reason.id})
            self.assertEqual(last.attempt, limit)
            self.assertEqual(lead.process_step, "negotiation")
            self.data = {
                "user_ids": (salesperson | manager).ids,
                "partner_ids": (salesperson | manager).partner_id.ids,
                "lead_id": lead.id,
                "objection_id": last.id,
                "future_stage_id": future.id,
            }
        self.addCleanup(self._delete_race_lead)

    def _check_moved_once(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            lead = env["crm.lead"].browse(self.data["lead_id"])
            objection = env["crm.objection"].browse(self.data["objection_id"])
            self.assertEqual(objection.outcome, "failed")
            self.assertEqual(lead.process_step, "future")
            self.assertTrue(lead.followup_date)
            recontact = lead.activity_ids.filtered(lambda a: "Re-contact" in (a.summary or ""))
            self.assertEqual(len(recontact), 1)
            notes = lead.message_ids.filtered(lambda m: "could not be overcome" in (m.body or ""))
            self.assertEqual(len(notes), 1)
            moves = env["mail.tracking.value"].search([
                ("mail_message_id", "in", lead.message_ids.ids),
                ("field_id.name", "=", "stage_id"),
                ("new_value_integer", "=", self.data["future_stage_id"]),
            ])
            self.assertEqual(len(moves), 1)
            failed_notes = lead.message_ids.filtered(
                lambda m: "attempt failed" in (m.body or "") and "Attempt: %s" % objection.attempt in (m.body or "")
            )
            self.assertEqual(len(failed_notes), 1)

    @mute_logger("odoo.sql_db")
    def test_second_transaction_waits_then_sees_the_move(self):
        """Sequential and deterministic: the first transaction holds the
        lock; the second cannot go past it (lock_timeout), and after the
        first commits it finds the attempt closed and changes nothing."""
        salesperson_id, manager_id = self.data["user_ids"]
        with self.registry.cursor() as cr1, self.registry.cursor() as cr2:
            env1 = api.Environment(cr1, salesperson_id, {})
            env2 = api.Environment(cr2, manager_id, {})
            env1["crm.objection"].browse(self.data["objection_id"]).action_fail()

            objection2 = env2["crm.objection"].browse(self.data["objection_id"])
            self.assertEqual(objection2.outcome, "open")  # the first did not commit yet
            cr2.execute("SET LOCAL lock_timeout = '500ms'")
            with self.assertRaises(LockNotAvailable):
                objection2.action_fail()
            cr2.rollback()

            cr1.commit()  # pylint: disable=invalid-commit
            env2.invalidate_all()
            with self.assertRaisesRegex(UserError, "already closed"):
                objection2.action_fail()
            cr2.rollback()
        self._check_moved_once()

    @mute_logger("odoo.sql_db")
    def test_two_users_fail_the_last_attempt_at_once(self):
        """Two threads, each its own transaction, close the same last
        attempt together; a serialization failure is retried as Odoo's
        RPC layer does."""
        barrier = threading.Barrier(2)
        results = {}
        # Environments are made here, and e-mails are queued rather than sent
        # after the commit from a new environment: Registry() takes a lock
        # the main thread holds while it runs the tests.
        envs = [
            api.Environment(self.registry.cursor(), uid, {"mail_notify_force_send": False})
            for uid in self.data["user_ids"]
        ]

        def close_attempt(env):
            cr = env.cr
            objection = env["crm.objection"].browse(self.data["objection_id"])
            # reading opens the transaction's snapshot before the race
            objection.read(["outcome"])
            try:
                barrier.wait(timeout=10)
            except threading.BrokenBarrierError:
                results[env.uid] = "barrier"
                return
            for _try in range(5):
                try:
                    objection.action_fail()
                    # two real transactions are the point of this test
                    cr.commit()  # pylint: disable=invalid-commit
                    results[env.uid] = "failed"
                    return
                except (SerializationFailure, LockNotAvailable):
                    cr.rollback()
                    env.invalidate_all()
                except UserError:
                    cr.rollback()
                    results[env.uid] = "refused"
                    return
            results[env.uid] = "gave up"

        self._run_at_once(close_attempt, envs)
        self.assertEqual(sorted(results.values()), ["failed", "refused"])
        self._check_moved_once()
