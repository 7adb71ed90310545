# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The agency pipeline out of the box: a team with "Show only this team's
stages" starts its new leads at its own "New lead" step and its pipeline
lists only its own stages; other teams keep Odoo's behaviour."""
from odoo.tests import Form, tagged, users

from .common import AgencyCommon
from .rpc_common import AgencyRpcMixin

NEW_STEP_SUMMARY = "Call the new lead and qualify it"


@tagged("post_install", "-at_install", "agency_rpc")
class TestTeamPipeline(AgencyRpcMixin, AgencyCommon):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.stock_team = cls.env.ref("sales_team.team_sales_department")
        cls.agency_stages = cls.env["crm.stage"].search([("team_id", "=", cls.team.id)])
        cls.shared_stages = cls.env["crm.stage"].search([("team_id", "=", False)])

    def _stage_columns(self, team, user=None):
        """The stage ids of the kanban columns of ``team``'s pipeline, as
        the web client asks them (web_read_group, default_team_id)."""
        Lead = self.env["crm.lead"].with_user(user or self.user_sales).with_context(default_team_id=team.id)
        groups = Lead.web_read_group(
            [("type", "=", "opportunity")], ["stage_id"], ["stage_id"], lazy=True,
        )["groups"]
        return {group["stage_id"][0] for group in groups if group["stage_id"]}

    def test_agency_team_flag_by_data(self):
        self.assertTrue(self.team.agency_own_stages_only)
        self.assertFalse(self.stock_team.agency_own_stages_only)
        self.assertTrue(self.shared_stages, "the plain install has Odoo's shared stages")

    @users("agency_sales")
    def test_form_lead_starts_at_agency_new_step(self):
        form = Form(self.env["crm.lead"].with_context(default_team_id=self.team.id))
        form.name = "New website for Gol Bakery"
        form.partner_name = "Gol Bakery"
        lead = form.save()
        self.assertEqual(lead.team_id, self.team)
        self.assertEqual(lead.stage_id, self.stages["new"])
        self.assertEqual(lead.stage_id.process_step, "new")
        self.assertIn(NEW_STEP_SUMMARY, lead.activity_ids.mapped("summary"))

    @users("agency_sales")
    def test_form_lead_team_from_salesperson(self):
        """No team in the context: the team comes from the salesperson's
        membership, and the stage from the team."""
        form = Form(self.env["crm.lead"])
        form.name = "SEO for Gol Bakery"
        lead = form.save()
        self.assertEqual(lead.team_id, self.team)
        self.assertEqual(lead.stage_id, self.stages["new"])
        self.assertIn(NEW_STEP_SUMMARY, lead.activity_ids.mapped("summary"))

    @users("agency_sales")
    def test_first_step_keyed_on_flag(self):
        """The "New lead" step is found by its flag, not by name or order:
        renamed and moved after another team stage, it is still the start."""
        self.stages["new"].write({"name": "Inbox", "sequence": 500})
        lead = self.env["crm.lead"].create({
            "name": "Ads for Gol Bakery", "team_id": self.team.id,
        })
        self.assertEqual(lead.stage_id, self.stages["new"])

    def test_won_stage_is_the_teams(self):
        """Odoo's won flow looks for a won stage among the team's own."""
        lead = self._create_lead()
        self.assertEqual(lead._stage_find(domain=[("is_won", "=", True)]), self.stages["won"])

    def test_stock_team_unchanged(self):
        lead = self.env["crm.lead"].with_user(self.user_manager).create({
            "name": "Stock lead", "team_id": self.stock_team.id, "type": "opportunity",
        })
        expected = self.env["crm.stage"].search(
            ["|", ("team_id", "=", False), ("team_id", "=", self.stock_team.id), ("fold", "=", False)],
            order="sequence, id", limit=1,
        )
        self.assertEqual(lead.stage_id, expected)
        self.assertFalse(lead.stage_id.process_step)

    def test_flag_off_gives_stock_behaviour(self):
        self.team.agency_own_stages_only = False
        lead = self.env["crm.lead"].with_user(self.user_sales).create({
            "name": "Flag off", "team_id": self.team.id,
        })
        self.assertFalse(lead.stage_id.team_id, "Odoo's shared stage of lowest sequence")
        columns = self._stage_columns(self.team)
        self.assertTrue(set(self.shared_stages.ids) <= columns)

    def test_agency_pipeline_lists_only_its_stages(self):
        self._create_lead()
        columns = self._stage_columns(self.team)
        self.assertEqual(columns, set(self.agency_stages.ids))
        self.assertFalse(columns & set(self.shared_stages.ids))

    def test_agency_pipeline_keeps_stages_with_records(self):
        """A lead of the team left in a shared stage keeps its column."""
        stray_stage = self.shared_stages[:1]
        self._create_lead(step="new", stage_id=stray_stage.id)
        columns = self._stage_columns(self.team)
        self.assertIn(stray_stage.id, columns)
        self.assertTrue(set(self.agency_stages.ids) <= columns)

    def test_stock_pipeline_lists_stock_stages(self):
        columns = self._stage_columns(self.stock_team, user=self.user_manager)
        self.assertTrue(set(self.shared_stages.ids) <= columns)
        self.assertFalse(columns & set(self.agency_stages.ids))

    def test_rpc_create_lead_starts_at_agency_new_step(self):
        lead_id = self.rpc(self.user_sales, "crm.lead", "create", {
            "name": "Branding for Gol Bakery", "team_id": self.team.id, "type": "opportunity",
        })
        lead = self.env["crm.lead"].browse(lead_id)
        self.assertEqual(lead.stage_id, self.stages["new"])
        self.assertIn(NEW_STEP_SUMMARY, lead.activity_ids.mapped("summary"))

    def test_rpc_agency_pipeline_columns(self):
        self._create_lead()
        result = self.rpc(
            self.user_sales, "crm.lead", "web_read_group",
            [("type", "=", "opportunity")], ["stage_id"], ["stage_id"],
            context={"default_team_id": self.team.id},
        )
        columns = {group["stage_id"][0] for group in result["groups"] if group["stage_id"]}
        self.assertEqual(columns, set(self.agency_stages.ids))

    def test_rpc_bad_team_in_context(self):
        """A context team that is not an id falls back to Odoo's columns."""
        result = self.rpc(
            self.user_sales, "crm.lead", "web_read_group",
            [("type", "=", "opportunity")], ["stage_id"], ["stage_id"],
            context={"default_team_id": "x"},
        )
        self.assertIsInstance(result["groups"], list)
