# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import importlib.util
from datetime import timedelta

from psycopg2 import IntegrityError

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged, users
from odoo.tools import file_path, mute_logger

from ..tools.internal import internal_context
from .common import AgencyCommon


@tagged("post_install", "-at_install", "agency_logic")
class TestStageAutomation(AgencyCommon):
    """Entering a stage launches its entry plan for the configured people."""

    def _activities(self, lead, summary):
        return lead.activity_ids.filtered(lambda act: act.summary == summary)

    def test_new_lead_gets_call_for_salesperson(self):
        lead = self.env["crm.lead"].with_user(self.user_sales).create({
            "name": "Cold lead", "team_id": self.team.id, "stage_id": self.stages["new"].id,
        })
        call = self._activities(lead, "Call the new lead and qualify it")
        self.assertEqual(len(call), 1)
        self.assertEqual(call.user_id, self.user_sales)
        self.assertEqual(call.activity_type_id, self.env.ref("mail.mail_activity_data_call"))
        self.assertEqual(call.date_deadline, fields.Date.context_today(lead) + timedelta(days=1))

    def test_team_leader_recipient(self):
        self.stages["quotation"].entry_plan_id.template_ids.write({
            "responsible_type": "team_leader", "summary": "Review and approve the quotation",
        })
        lead = self._create_lead(step="assessment")
        lead.with_context(**internal_context("agency_skip_stage_gates")).stage_id = self.stages["quotation"]
        activity = self._activities(lead, "Review and approve the quotation")
        self.assertEqual(activity.user_id, self.user_manager)
        self.assertEqual(activity.agency_step, "quotation")

    def _won_group_plan(self):
        """A Won entry plan with a line for finance and one for project
        control (the shipped Won stage has none: the contract request
        carries those tasks)."""
        plan = self.env["mail.activity.plan"].create({
            "name": "Won (test)", "res_model": "crm.lead",
            "template_ids": [
                Command.create({
                    "activity_type_id": self.env.ref("mail.mail_activity_data_todo").id,
                    "summary": "Receive the paper copy of the signed contract and archive it",
                    "responsible_type": "group",
                    "responsible_group_id": self.env.ref("crm_agency_sales.group_agency_finance").id,
                }),
                Command.create({
                    "activity_type_id": self.env.ref("mail.mail_activity_data_todo").id,
                    "summary": "Receive the signed contract and refer it to execution",
                    "responsible_type": "group",
                    "responsible_group_id": self.env.ref("crm_agency_sales.group_agency_project_control").id,
                }),
            ],
        })
        self.stages["won"].entry_plan_id = plan

    def test_group_recipient_each_user_of_company(self):
        finance_2 = self.user_finance.copy({"login": "agency_finance_2", "name": "Second Finance"})
        finance_other_company = self.user_finance.copy({
            "login": "agency_finance_c2", "name": "Finance Elsewhere",
            "company_id": self.company_2.id, "company_ids": [Command.set(self.company_2.ids)],
        })
        self._won_group_plan()
        lead = self._create_lead(step="contract")
        lead.with_context(**internal_context("agency_skip_stage_gates")).stage_id = self.stages["won"]
        activities = self._activities(lead, "Receive the paper copy of the signed contract and archive it")
        self.assertIn(self.user_finance, activities.user_id)
        self.assertIn(finance_2, activities.user_id)
        self.assertNotIn(finance_other_company, activities.user_id)
        self.assertEqual(len(activities), len(activities.user_id), "one activity per user")
        project = self._activities(lead, "Receive the signed contract and refer it to execution")
        self.assertIn(self.user_project, project.user_id)

    def test_fixed_user_recipient_and_no_duplicate(self):
        plan = self.stages["qualify"].entry_plan_id
        plan.template_ids.write({"responsible_type": "other", "responsible_id": self.user_manager.id})
        lead = self._create_lead(step="new")
        lead.stage_id = self.stages["qualify"]
        self.assertEqual(self._activities(lead, "Send the sales documents to the customer").user_id, self.user_manager)
        lead.stage_id = self.stages["new"]
        lead.stage_id = self.stages["qualify"]
        self.assertEqual(len(self._activities(lead, "Send the sales documents to the customer")), 1,
                         "re-entering the stage does not duplicate an open activity")

    def test_group_template_requires_group(self):
        with self.assertRaises(ValidationError):
            self.env["mail.activity.plan.template"].create({
                "plan_id": self.stages["new"].entry_plan_id.id,
                "summary": "No group",
                "responsible_type": "group",
            })

    def test_stage_found_by_flag_not_name(self):
        self.stages["docs_sent"].name = "Documents gone out"
        lead = self._create_lead()
        self.assertEqual(lead._agency_stage_for_step("docs_sent"), self.stages["docs_sent"])

    def test_plan_wizard_resolves_salesperson(self):
        lead = self._create_lead()
        template = self.stages["new"].entry_plan_id.template_ids[:1]
        result = template._determine_responsible(self.env["res.users"], lead)
        self.assertEqual(result["responsible"], self.user_sales)
        lead.user_id = False
        self.assertTrue(template._determine_responsible(self.env["res.users"], lead)["error"])


@tagged("post_install", "-at_install", "agency_logic")
class TestStageGates(AgencyCommon):

    @users("agency_sales")
    def test_gate_refuses_and_names_missing(self):
        lead = self._create_lead(step="qualify")
        with self.assertRaises(UserError) as err:
            lead.with_env(self.env).write({"stage_id": self.stages["docs_sent"].id})
        self.assertIn("sales documents have not been sent", str(err.exception))
        self.assertIn(lead.name, str(err.exception))
        self.assertEqual(lead.stage_id, self.stages["qualify"], "nothing written")

    @users("agency_sales")
    def test_gate_allows_when_prerequisite_met(self):
        lead = self._create_lead(step="qualify", contact_origin="warm")
        lead.sales_docs_sent_on = "2026-11-20 09:00:00"
        lead.with_env(self.env).write({"stage_id": self.stages["assessment"].id})
        self.assertEqual(lead.process_step, "assessment")

    @users("agency_sales")
    def test_gate_through_kanban_save(self):
        """The kanban drag-and-drop saves the record with web_save."""
        lead = self._create_lead(step="qualify")
        with self.assertRaises(UserError) as err:
            lead.with_env(self.env).web_save({"stage_id": self.stages["assessment"].id}, {})
        self.assertIn("sales documents have not been sent", str(err.exception))
        self.assertEqual(lead.stage_id, self.stages["qualify"])
        lead.sales_docs_sent_on = "2026-11-20 09:00:00"
        lead.with_env(self.env).web_save({"stage_id": self.stages["assessment"].id}, {})
        self.assertEqual(lead.stage_id, self.stages["assessment"])

    def test_gate_on_create(self):
        with self.assertRaises(UserError):
            self.env["crm.lead"].with_user(self.user_sales).create({
                "name": "Straight to assessment", "team_id": self.team.id,
                "stage_id": self.stages["assessment"].id,
            })
        self.assertFalse(self.env["crm.lead"].search([("name", "=", "Straight to assessment")]))

    def test_gates_off_in_settings(self):
        settings = self.env["res.config.settings"].create({})
        settings.agency_enforce_stage_gates = False
        settings.execute()
        self.assertFalse(self.company.agency_enforce_stage_gates)
        lead = self._create_lead(step="qualify")
        lead.write({"stage_id": self.stages["assessment"].id})
        self.assertEqual(lead.stage_id, self.stages["assessment"])

    def test_stage_without_step_has_no_gate(self):
        stock_stage = self.env["crm.stage"].create({"name": "Stock-like stage", "team_id": self.team.id})
        lead = self._create_lead(step="qualify")
        lead.write({"stage_id": stock_stage.id})
        self.assertEqual(lead.stage_id, stock_stage)
        self.assertFalse(lead.process_step)

    def test_stock_pipeline_untouched(self):
        """Leads of other teams keep the stock stages, whatever the setting."""
        sales_team = self.env["crm.team"].create({"name": "Stock team"})
        lead = self.env["crm.lead"].create({"name": "Stock lead", "team_id": sales_team.id, "type": "opportunity"})
        self.assertFalse(lead.stage_id.process_step)
        self.assertFalse(lead.stage_id.team_id)

    def test_batch_write_names_each_refused_lead(self):
        leads = self._create_lead(step="qualify", name="First") | self._create_lead(step="qualify", name="Second")
        with self.assertRaises(UserError) as err:
            leads.write({"stage_id": self.stages["docs_sent"].id})
        self.assertIn("First", str(err.exception))
        self.assertIn("Second", str(err.exception))


@tagged("post_install", "-at_install", "agency_logic")
class TestLeadFileNumber(AgencyCommon):

    def test_file_number_sequence(self):
        lead_1 = self._create_lead()
        lead_2 = self._create_lead()
        self.assertTrue(lead_1.file_number)
        self.assertNotEqual(lead_1.file_number, lead_2.file_number)
        self.assertTrue(lead_1.copy().file_number not in (lead_1.file_number, False))

    def test_file_number_batch_in_process(self):
        leads = self.env["crm.lead"].with_user(self.user_sales).create([
            {"name": "Batch %d" % i, "team_id": self.team.id, "stage_id": self.stages["new"].id}
            for i in range(5)
        ])
        numbers = leads.mapped("file_number")
        self.assertTrue(all(numbers))
        self.assertEqual(len(set(numbers)), 5)
        # given at creation, not logged as a change of the new lead
        self.assertFalse(leads[0].message_ids.tracking_value_ids.filtered(
            lambda value: value.field_id.name == "file_number"))

    def test_file_number_given_on_entering_the_process(self):
        """A lead of another pipeline has no sales file; it gets its number
        when it enters the agency's process, and keeps it."""
        stock_stage = self.env.ref("crm.stage_lead1")
        self.assertFalse(stock_stage.process_step)
        lead = self.env["crm.lead"].with_user(self.user_sales).create({
            "name": "Outside", "team_id": self.env.ref("sales_team.team_sales_department").id,
            "stage_id": stock_stage.id,
        })
        self.assertFalse(lead.file_number)
        lead.write({"team_id": self.team.id, "stage_id": self.stages["new"].id})
        self.assertTrue(lead.file_number)
        number = lead.file_number
        lead.write({"stage_id": self.stages["new"].id, "team_id": self.team.id, "name": "Inside"})
        self.assertEqual(lead.file_number, number)

    def test_file_number_unique_per_company(self):
        lead, lead_2 = self._create_lead(), self._create_lead()
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"), self.cr.savepoint():
            lead_2.write({"file_number": lead.file_number})
            lead_2.flush_recordset()
        team_c2 = self.env["crm.team"].create({"name": "Team of company 2", "company_id": self.company_2.id})
        other = self._create_lead(
            user=self.user_sales_c2, file_number=lead.file_number,
            company_id=self.company_2.id, team_id=team_c2.id, partner_id=False, stage_id=False,
        )
        other.flush_recordset()
        self.assertEqual(other.company_id, self.company_2)
        self.assertEqual(other.file_number, lead.file_number)

    def test_contact_origin_next_step(self):
        cold = self._create_lead(contact_origin="cold")
        warm = self._create_lead(contact_origin="warm")
        self.assertIn("customer-knowledge form", cold.agency_next_step)
        self.assertIn("Send the sales documents now", warm.agency_next_step)
        with Form(cold) as form:
            form.contact_origin = "warm"
        self.assertIn("Send the sales documents now", cold.agency_next_step)


@tagged("post_install", "-at_install", "agency_logic")
class TestAgencyAccess(AgencyCommon):

    @users("agency_sales")
    def test_salesperson_own_lead(self):
        lead = self.env["crm.lead"].create({"name": "Mine", "team_id": self.team.id})
        lead.write({"contact_origin": "warm"})
        self.assertEqual(lead.contact_origin, "warm")

    @users("agency_manager")
    def test_manager_moves_any_lead(self):
        lead = self._create_lead(step="new", user=self.user_sales_2)
        lead.with_env(self.env).write({"stage_id": self.stages["qualify"].id})
        self.assertEqual(lead.process_step, "qualify")

    @users("agency_finance")
    def test_finance_reads_but_does_not_edit_leads(self):
        lead = self._create_lead()
        self.assertEqual(lead.with_env(self.env).file_number, lead.file_number)
        with self.assertRaises(AccessError):
            lead.with_env(self.env).write({"name": "Changed by finance"})
        with self.assertRaises(AccessError):
            self.env["crm.lead"].create({"name": "Finance lead"})

    @users("agency_project")
    def test_project_control_reads_but_does_not_edit_leads(self):
        lead = self._create_lead()
        lead.with_env(self.env).read(["file_number", "stage_id"])
        with self.assertRaises(AccessError):
            lead.with_env(self.env).write({"name": "Changed"})

    def test_stage_configuration_is_for_managers(self):
        with self.assertRaises(AccessError):
            self.stages["new"].with_user(self.user_sales).write({"process_step": "won"})
        with self.assertRaises(AccessError):
            self.stages["new"].with_user(self.user_finance).write({"name": "x"})
        self.stages["new"].with_user(self.user_manager).write({"name": "Fresh"})
        self.assertEqual(self.stages["new"].name, "Fresh")

    @users("agency_employee")
    def test_plain_employee_has_no_lead_access(self):
        lead = self._create_lead()
        with self.assertRaises(AccessError):
            lead.with_env(self.env).read(["name"])

    @users("agency_sales_c2")
    def test_multi_company_isolation(self):
        lead = self._create_lead()
        lead.company_id = self.company
        with self.assertRaises(AccessError):
            lead.with_env(self.env).read(["name"])
        self.assertNotIn(lead, self.env["crm.lead"].search([]))


@tagged("post_install", "-at_install", "agency_perf")
class TestStageAutomationQueries(AgencyCommon):
    """Entering a stage costs the same number of queries for 5 or 30 leads:
    the entry activities are created in one batch. Marking the previous
    step's activities done is Odoo's own "done" message on each lead's
    chatter: its cost per lead is bounded separately."""

    def _queries_to_move(self, count, with_open_tasks=False):
        Lead = self.env["crm.lead"]
        if not with_open_tasks:
            # leads without the "new" step's task: the move only creates
            Lead = Lead.with_context(mail_activity_automation_skip=True)
        leads = Lead.concat(*(
            Lead.browse(self._create_lead(step="new").id) if with_open_tasks else
            Lead.with_context(**internal_context("agency_skip_stage_gates")).create({
                "name": "Lead %s" % index, "type": "opportunity", "team_id": self.team.id,
                "user_id": self.user_sales.id, "partner_id": self.customer.id,
                "stage_id": self.stages["new"].id,
            })
            for index in range(count)
        )).with_context(mail_activity_automation_skip=False)
        self.assertEqual(len(leads.activity_ids), count if with_open_tasks else 0)
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.cr.sql_log_count
        # The salesperson moves their own leads: no assignment e-mails, whose
        # cost (one per activity given to someone else) is Odoo's own.
        leads.with_user(self.user_sales).write({"stage_id": self.stages["qualify"].id})
        self.env.flush_all()
        queries = self.cr.sql_log_count - before
        self.assertEqual(len(leads.activity_ids.filtered(
            lambda act: act.summary == "Send the sales documents to the customer")), count)
        return queries

    def test_stage_move_queries_do_not_grow_per_lead(self):
        small = self._queries_to_move(5)
        large = self._queries_to_move(30)
        # Measured: the same count for both sizes, give or take a prefetch.
        self.assertLessEqual(large - small, 5, f"{small} queries for 5 leads, {large} for 30")

    def test_stage_move_closing_tasks_cost_per_lead(self):
        """Each lead's "new" task is marked done: Odoo posts one done
        message per activity (measured 97 more queries for 25 more leads,
        about 4 per lead); the addon adds no query per lead to it."""
        small = self._queries_to_move(5, with_open_tasks=True)
        large = self._queries_to_move(30, with_open_tasks=True)
        self.assertLessEqual(large - small, 25 * 4 + 5, f"{small} queries for 5 leads, {large} for 30")


@tagged("post_install", "-at_install", "agency_logic")
class TestMigration110(AgencyCommon):
    """18.0.1.1.0 brings the noupdate stage plans of an installed database up
    to date, where an admin has not edited them."""

    def _migrate(self):
        path = file_path("crm_agency_sales/migrations/18.0.1.1.0/post-migrate.py")
        spec = importlib.util.spec_from_file_location("agency_post_migrate_110", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        module.migrate(self.env.cr, "18.0.1.0.0")
        self.env.invalidate_all()

    def test_plans_updated_unless_edited(self):
        qualify = self.env.ref("crm_agency_sales.activity_plan_stage_qualify_line_1")
        quotation = self.env.ref("crm_agency_sales.activity_plan_stage_quotation_line_1")
        qualify.summary = "Fill the customer-knowledge form"
        quotation.write({"summary": "Our own approval task", "responsible_type": "team_leader"})
        # the Won plan of a database installed before 18.0.1.1.0
        won_plan = self.env["mail.activity.plan"].create({"name": "Agency stage: Won", "res_model": "crm.lead"})
        old_won = self.env["mail.activity.plan.template"].create([{
            "plan_id": won_plan.id, "summary": summary,
            "activity_type_id": self.env.ref("mail.mail_activity_data_todo").id,
            "responsible_type": "group",
            "responsible_group_id": self.env.ref("crm_agency_sales.group_agency_finance").id,
        } for summary in ("Paper copy", "Execution")])
        self.env["ir.model.data"].create([{
            "module": "crm_agency_sales", "name": "activity_plan_stage_won_line_%s" % index,
            "model": "mail.activity.plan.template", "res_id": line.id, "noupdate": True,
        } for index, line in enumerate(old_won, start=1)])
        self._migrate()
        self.assertEqual(qualify.summary, "Send the sales documents to the customer")
        self.assertEqual(quotation.summary, "Our own approval task", "an edited line is kept")
        self.assertEqual(quotation.responsible_type, "team_leader")
        self.assertFalse(old_won.exists(), "the Won plan's duplicated tasks are removed")
