# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Two real transactions at once, as in Odoo's own concurrency tests: the
data is committed (so that two cursors see it) by the test's ``setUp`` and
deleted by its clean-up; each side runs in its own thread and cursor."""
import threading

from odoo import SUPERUSER_ID, api
from odoo.modules.registry import Registry
from odoo.tests.common import BaseCase, get_db_name

from ..tools.internal import internal_context


class RaceCommon(BaseCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.registry = Registry(get_db_name())

    def _run_at_once(self, target, envs):
        """Run ``target(env)`` for each of ``envs`` in its own thread (each
        env has its own cursor); close the cursors once every thread is
        done, and fail if one of them hangs."""
        threads = [threading.Thread(target=target, args=(env,)) for env in envs]
        try:
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=60)
        finally:
            for env in envs:
                if not any(thread.is_alive() for thread in threads):
                    env.cr.close()
        self.assertFalse(any(thread.is_alive() for thread in threads))

    @staticmethod
    def _lead_before_last_attempt(env, salesperson, name):
        """A lead of the agency's team in negotiation, its salesperson's,
        whose non-price attempts all failed but the last one: ``(lead,
        reason)``. The caller commits it."""
        team = env.ref("crm_agency_sales.crm_team_agency")
        negotiation = env["crm.stage"].search(
            [("process_step", "=", "negotiation"), ("team_id", "=", team.id)], limit=1
        )
        lead = env["crm.lead"].with_context(**internal_context("agency_skip_stage_gates")).create({
            "name": name, "type": "opportunity", "team_id": team.id,
            "user_id": salesperson.id, "stage_id": negotiation.id,
        })
        reason = env.ref("crm_agency_sales.objection_reason_timing")
        Objection = env["crm.objection"].with_user(salesperson)
        for _index in range(lead.company_id.agency_objection_attempt_limit - 1):
            Objection.create({"lead_id": lead.id, "kind": "other", "reason_id": reason.id}).action_fail()
        return lead, reason

    def _delete_race_lead(self):
        """Clean-up of the committed data named in ``self.data``: the lead,
        its objections and mails, the users and their partners."""
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            lead = env["crm.lead"].with_context(active_test=False).browse(self.data["lead_id"])
            lead.objection_ids.unlink()
            env["mail.mail"].search([("model", "=", "crm.lead"), ("res_id", "=", lead.id)]).unlink()
            lead.unlink()
            env["res.users"].browse(self.data["user_ids"]).unlink()
            env["res.partner"].browse(self.data["partner_ids"]).unlink()
