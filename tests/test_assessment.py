# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged, users
from odoo.tools import mute_logger

from .assessment_common import AssessmentCommon


@tagged("post_install", "-at_install", "agency_logic")
class TestAssessment(AssessmentCommon):

    # ------------------------------------------------------------
    # Templates
    # ------------------------------------------------------------

    def test_template_editing(self):
        Template = self.env["crm.assessment.template"]
        template = Template.with_user(self.user_manager).create({
            "name": "Branding",
            "kind": "needs",
            "question_ids": [
                Command.create({"name": "Colour?", "answer_type": "choice",
                                "choice_ids": [Command.create({"name": "Red"})]}),
            ],
        })
        question = template.question_ids
        question.with_user(self.user_manager).write({
            "choice_ids": [Command.create({"name": "Blue"})],
        })
        self.assertEqual(question.choice_ids.mapped("name"), ["Red", "Blue"])
        self.assertEqual(template.question_count, 1)
        # salespeople only read templates
        self.assertEqual(template.with_user(self.user_sales).name, "Branding")
        with self.assertRaises(AccessError), mute_logger("odoo.models"):
            template.with_user(self.user_sales).write({"name": "Mine"})
        with self.assertRaises(AccessError), mute_logger("odoo.models"):
            question.with_user(self.user_sales).write({"required": True})
        self.assertFalse(question.required)

    def test_template_constraints(self):
        Question = self.env["crm.assessment.question"]
        with self.assertRaisesMsg(ValidationError, "only number and yes/no"):
            Question.create({"template_id": self.tmpl_needs.id, "name": "Notes",
                             "answer_type": "text", "product_id": self.product_seo.id})
        with self.assertRaisesMsg(ValidationError, "needs at least one choice"):
            Question.create({"template_id": self.tmpl_needs.id, "name": "Pick",
                             "answer_type": "choice"})
        number_question = self._answer(
            self._create_form(self._create_lead(), self.tmpl_needs), "Website address"
        ).question_id
        with self.assertRaisesMsg(ValidationError, "Only choice questions have choices"):
            number_question.write({"choice_ids": [Command.create({"name": "x"})]})
        self.assertFalse(number_question.choice_ids)

    # ------------------------------------------------------------
    # Forms and answers
    # ------------------------------------------------------------

    @users("agency_sales")
    def test_answers_created_from_template(self):
        lead = self._create_lead()
        form = self._create_form(lead, self.tmpl_needs, user=self.user_sales)
        self.assertEqual(form.kind, "needs")
        self.assertEqual(form.filled_by_id, self.user_sales)
        self.assertEqual(form.state, "draft")
        self.assertEqual(form.answer_ids.question_id, self.tmpl_needs.question_ids)
        self.assertEqual(
            form.answer_ids.mapped("question_id.name"), self.tmpl_needs.question_ids.mapped("name")
        )
        self.assertEqual(lead.assessment_ids, form)
        self.assertEqual(lead.assessment_count, 1)
        # changing the template of a draft form rebuilds the rows
        form.with_env(self.env).template_id = self.tmpl_knowledge
        self.assertEqual(form.kind, "knowledge")
        self.assertEqual(form.answer_ids.question_id, self.tmpl_knowledge.question_ids)

    @users("agency_sales")
    def test_form_from_lead_button(self):
        lead = self._create_lead(user=self.user_sales)
        action = lead.with_env(self.env).action_new_knowledge_form()
        self.assertEqual(action["res_model"], "crm.needs.assessment")
        self.assertEqual(action["context"]["default_kind"], "knowledge")
        form_edit = Form(self.env["crm.needs.assessment"].with_context(
            **action["context"]))
        form_edit.template_id = self.tmpl_knowledge
        self.assertEqual(len(form_edit.answer_ids), 3)
        with form_edit.answer_ids.edit(0) as answer:
            answer.value_text = "Family bakery chain"
        form = form_edit.save()
        self.assertEqual(form.lead_id, lead)
        self.assertEqual(form.kind, "knowledge")
        self.assertEqual(form.answer_ids[0].value_text, "Family bakery chain")
        self.assertEqual(form.answer_ids[0].value_display, "Family bakery chain")

        action = lead.action_new_needs_assessment()
        self.assertEqual(action["context"]["default_kind"], "needs")

    @users("agency_sales")
    def test_answer_wrong_type(self):
        form = self._create_form(self._create_lead(), self.tmpl_needs, user=self.user_sales)
        months = self._answer(form, "Number of months of SEO").with_user(self.user_sales)
        text = self._answer(form, "Website address").with_user(self.user_sales)
        with self.assertRaisesMsg(ValidationError, "Number of months of SEO"):
            months.value_text = "three"
        with self.assertRaisesMsg(ValidationError, "Website address"):
            text.value_number = 3
        with self.assertRaisesMsg(ValidationError, "Website address"):
            text.value_bool = "yes"
        with self.assertRaisesMsg(ValidationError, "cannot be negative"):
            months.value_number = -2
        # a number answer is a number
        with self.assertRaises(ValueError):
            months.write({"value_number": "three"})
        months.value_number = 4
        self.assertEqual(months.value_display, "4")
        self.assertFalse(months.value_text)
        self.assertFalse(text.value_number)

    def test_answer_choice_outside_list(self):
        form = self._create_form(self._create_lead(), self.tmpl_needs, user=self.user_sales)
        market = self._answer(form, "Target market").with_user(self.user_sales)
        budget_choice = self.tmpl_knowledge.question_ids.choice_ids[0]
        with self.assertRaisesMsg(ValidationError, "not one of the choices"):
            market.choice_id = budget_choice
        self.assertFalse(market.choice_id)
        market.choice_id = market.question_id.choice_ids[1]
        self.assertEqual(market.value_display, "National")
        with self.assertRaisesMsg(ValidationError, "is not a question of the template"):
            self.env["crm.needs.assessment.answer"].create({
                "assessment_id": form.id,
                "question_id": self.tmpl_knowledge.question_ids[0].id,
            })

    @users("agency_sales")
    def test_done_requires_answers_one_error(self):
        form = self._create_form(self._create_lead(), self.tmpl_needs, user=self.user_sales)
        form = form.with_env(self.env)
        with self.assertRaises(UserError) as error:
            form.action_done()
        message = str(error.exception)
        self.assertIn("Number of months of SEO", message)
        self.assertIn("Target market", message)
        self.assertNotIn("Website address", message)  # not required
        self.assertEqual(form.state, "draft")
        self.assertFalse(form.done_date)
        # zero months is not an answer; a bool "no" is one
        self._fill_needs(form, months=0.0, website="no")
        with self.assertRaisesMsg(UserError, "Number of months of SEO"):
            form.action_done()
        self._answer(form, "Number of months of SEO").value_number = 2
        form.action_done()
        self.assertEqual(form.state, "done")
        self.assertTrue(form.done_date)
        with self.assertRaisesMsg(UserError, "already done"):
            form.action_done()

    def test_done_by_write_checks_required_answers(self):
        form = self._create_form(self._create_lead(), self.tmpl_needs, user=self.user_sales)
        with self.assertRaisesMsg(UserError, "Target market"):
            form.with_user(self.user_sales).write({"state": "done"})
        self.assertEqual(form.state, "draft")
        with self.assertRaisesMsg(UserError, "Number of months of SEO"):
            self.env["crm.needs.assessment"].create({
                "lead_id": form.lead_id.id, "template_id": self.tmpl_needs.id, "state": "done",
            })

    def test_salesperson_deletes_draft_forms_only(self):
        form = self._create_form(self._create_lead(), self.tmpl_needs, user=self.user_sales)
        done = self._create_form(form.lead_id, self.tmpl_needs, user=self.user_sales)
        self._fill_needs(done)
        done.with_user(self.user_sales).action_done()
        with self.assertRaisesMsg(UserError, "done"):
            done.with_user(self.user_sales).unlink()
        self.assertTrue(done.exists())
        form.with_user(self.user_sales).unlink()
        self.assertFalse(form.exists())
        done.with_user(self.user_manager).unlink()
        self.assertFalse(done.exists())

    def test_done_form_read_only_for_salesperson(self):
        lead = self._create_lead()
        form = self._create_form(lead, self.tmpl_needs, user=self.user_sales)
        self._fill_needs(form)
        form.with_user(self.user_sales).action_done()
        as_sales = form.with_user(self.user_sales)
        answer = self._answer(as_sales, "Number of months of SEO")
        with self.assertRaisesMsg(UserError, "done"):
            as_sales.meeting_date = "2026-01-01 10:00:00"
        with self.assertRaisesMsg(UserError, "done"):
            answer.value_number = 12
        with self.assertRaisesMsg(UserError, "done"):
            as_sales.write({"answer_ids": [Command.update(answer.id, {"value_number": 12})]})
        self.assertEqual(answer.value_number, 3)
        with self.assertRaises(AccessError):
            as_sales.action_reset_draft()
        self.assertEqual(form.state, "done")
        self.assertFalse(as_sales.is_editable)
        # the chatter still works on a done form
        as_sales.message_post(body="Customer called back")
        # managers edit done forms and reset them
        as_manager = form.with_user(self.user_manager)
        self.assertTrue(as_manager.is_editable)
        self._answer(as_manager, "Number of months of SEO").value_number = 12
        self.assertEqual(answer.value_number, 12)
        as_manager.action_reset_draft()
        self.assertEqual(form.state, "draft")
        answer.with_user(self.user_sales).value_number = 5
        self.assertEqual(answer.value_number, 5)

    def test_template_of_another_company_refused(self):
        template_c2 = self.env["crm.assessment.template"].create({
            "name": "Company 2 needs", "kind": "needs", "company_id": self.company_2.id,
            "question_ids": [Command.create({"name": "Anything?", "answer_type": "text"})],
        })
        with self.assertRaises(UserError):
            self._create_form(self._create_lead(), template_c2)

    def test_access_rules(self):
        lead = self._create_lead(user=self.user_sales)
        form = self._create_form(lead, self.tmpl_needs, user=self.user_sales)
        form.invalidate_recordset()
        # another salesperson does not see the forms of Sara's leads
        with self.assertRaises(AccessError), mute_logger("odoo.addons.base.models.ir_rule"):
            form.with_user(self.user_sales_2).read(["name"])
        self.assertFalse(self.env["crm.needs.assessment"].with_user(self.user_sales_2).search(
            [("id", "=", form.id)]))
        # unassigned leads are visible to every salesperson
        open_form = self._create_form(self._create_lead(user_id=False), self.tmpl_needs)
        self.assertTrue(open_form.with_user(self.user_sales_2).read(["name"]))
        # manager, finance and project control read
        for user in (self.user_manager, self.user_finance, self.user_project):
            self.assertEqual(form.with_user(user).read(["state"])[0]["state"], "draft")
        with self.assertRaises(AccessError), mute_logger("odoo.models"):
            form.with_user(self.user_finance).write({"meeting_date": "2026-01-01 10:00:00"})
        with self.assertRaises(AccessError), mute_logger("odoo.models"):
            self._answer(form, "Website address").with_user(self.user_project).write(
                {"value_text": "x"})
        # another company does not see it
        self.assertEqual(form.company_id, lead.company_id)
        self.assertFalse(self.env["crm.needs.assessment"].with_user(self.user_sales_c2).search(
            [("id", "=", form.id)]))

    # ------------------------------------------------------------
    # Cold and warm leads: sales documents prerequisites
    # ------------------------------------------------------------

    def test_cold_lead_needs_knowledge_form(self):
        lead = self._create_lead(contact_origin="cold", step="qualify")
        missing = lead._agency_sales_docs_prerequisites()
        self.assertEqual(len(missing), 1)
        self.assertIn("customer-knowledge form", missing[0])
        self.assertFalse(lead.knowledge_done)
        # the docs_sent gate refuses, even with the documents marked as sent
        lead.sales_docs_sent_on = "2026-01-01 10:00:00"
        with self.assertRaisesMsg(UserError, "customer-knowledge form"):
            lead.with_user(self.user_sales).write({"stage_id": self.stages["docs_sent"].id})
        self.assertEqual(lead.stage_id, self.stages["qualify"])
        # a draft form is not enough
        form = self._create_form(lead, self.tmpl_knowledge, user=self.user_sales)
        self.assertTrue(lead._agency_sales_docs_prerequisites())
        self._answer(form, "What is special about the business?").value_text = "Bakery chain"
        self._answer(form, "Is this the decision maker?").value_bool = "no"
        form.with_user(self.user_sales).action_done()
        self.assertTrue(lead.knowledge_done)
        self.assertEqual(lead._agency_sales_docs_prerequisites(), [])
        lead.with_user(self.user_sales).write({"stage_id": self.stages["docs_sent"].id})
        self.assertEqual(lead.stage_id, self.stages["docs_sent"])
        # reset by a manager: not done any more
        form.with_user(self.user_manager).action_reset_draft()
        self.assertFalse(lead.knowledge_done)

    @users("agency_sales")
    def test_warm_lead_skips_knowledge_form(self):
        lead = self._create_lead(contact_origin="warm", step="qualify")
        self.assertEqual(lead._agency_sales_docs_prerequisites(), [])
        lead.sales_docs_sent_on = "2026-01-01 10:00:00"
        lead.with_env(self.env).write({"stage_id": self.stages["docs_sent"].id})
        self.assertEqual(lead.stage_id, self.stages["docs_sent"])

    # ------------------------------------------------------------
    # Report
    # ------------------------------------------------------------

    @users("agency_sales")
    def test_report_renders(self):
        lead = self._create_lead()
        form = self._create_form(lead, self.tmpl_needs, user=self.user_sales)
        self._fill_needs(form, months=7)
        html = self.env["ir.actions.report"]._render_qweb_html(
            "crm_agency_sales.action_report_crm_needs_assessment", form.ids
        )[0].decode()
        for question in self.tmpl_needs.question_ids:
            self.assertIn(question.name, html)
        self.assertIn(lead.name, html)
        self.assertIn(self.customer.name, html)
        self.assertIn(self.user_sales.name, html)
        self.assertIn("Local", html)
        action = form.action_print()
        self.assertEqual(action["report_name"], "crm_agency_sales.report_crm_needs_assessment")
