# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Two users record the last allowed attempt of a lead at the same moment
(found by `make load`: two open attempts with the same number, both failed,
one failure beyond the limit). The second transaction must not record a
second attempt from its older snapshot."""
import uuid

from psycopg2.errors import SerializationFailure

from odoo import SUPERUSER_ID, api
from odoo.exceptions import UserError
from odoo.tests.common import new_test_user, tagged
from odoo.tools import mute_logger

from .race_common import RaceCommon


@tagged("post_install", "-at_install", "agency_race")
class TestObjectionCreateRace(RaceCommon):
    def setUp(self):
        super().setUp()
        suffix = uuid.uuid4().hex[:8]
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            users = [
                new_test_user(env, login="race_create_%s_%s" % (index, suffix), name="Race Salesperson %s" % index,
                              groups="sales_team.group_sale_salesman_all_leads")
                for index in (1, 2)
            ]
            lead, reason = self._lead_before_last_attempt(env, users[0], "Race create lead %s" % suffix)
            self.data = {
                "user_ids": [user.id for user in users],
                "partner_ids": [user.partner_id.id for user in users],
                "lead_id": lead.id,
                "reason_id": reason.id,
                "limit": lead.company_id.agency_objection_attempt_limit,
            }
        self.addCleanup(self._delete_race_lead)

    @mute_logger("odoo.sql_db")
    def test_second_attempt_recorded_from_an_old_snapshot_is_refused(self):
        """The second transaction's snapshot predates the first one's commit:
        it fails with a serialization error (Odoo's RPC layer retries it),
        and on fresh data it is refused: one open attempt."""
        vals = {"lead_id": self.data["lead_id"], "kind": "other", "reason_id": self.data["reason_id"]}
        with self.registry.cursor() as cr1, self.registry.cursor() as cr2:
            env1 = api.Environment(cr1, self.data["user_ids"][0], {})
            env2 = api.Environment(cr2, self.data["user_ids"][1], {})
            # the second user's transaction reads the lead first (its snapshot)
            self.assertEqual(env2["crm.lead"].browse(self.data["lead_id"]).objection_attempts,
                             self.data["limit"] - 1)
            first = env1["crm.objection"].create(vals)
            self.assertEqual(first.attempt, self.data["limit"])
            # two real transactions are the point of this test
            cr1.commit()  # pylint: disable=invalid-commit
            with self.assertRaises(SerializationFailure):
                env2["crm.objection"].create(vals)
            cr2.rollback()
            env2.invalidate_all()
            with self.assertRaisesRegex(UserError, "has an open attempt"):
                env2["crm.objection"].create(vals)
            cr2.rollback()
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            objections = env["crm.objection"].search([("lead_id", "=", self.data["lead_id"])])
            self.assertEqual(sorted(objections.mapped("attempt")), list(range(1, self.data["limit"] + 1)))
            self.assertEqual(len(objections.filtered(lambda o: o.outcome == "open")), 1)
