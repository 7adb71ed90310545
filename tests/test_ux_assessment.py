# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from lxml import etree

from odoo.exceptions import UserError
from odoo.tests import HttpCase, tagged, users

from .assessment_common import AssessmentCommon

LONG_QUESTION = (
    "How many separate landing pages does the customer expect for the autumn campaign?"
)


@tagged("post_install", "-at_install", "agency_logic")
class TestAssessmentScreens(AssessmentCommon):
    """One answer per question, of the question's type; required questions
    marked; the template of a form started from a lead; the quotation from
    a done needs assessment."""

    def test_question_label_marks_required(self):
        lead = self._create_lead(step="assessment")
        form = self._create_form(lead, self.tmpl_needs, user=self.user_sales)
        labels = {a.question_id.name: a.question_label for a in form.answer_ids}
        self.assertEqual(labels["Number of months of SEO"], "Number of months of SEO *")
        self.assertEqual(labels["Target market"], "Target market *")
        self.assertEqual(labels["Website address"], "Website address")

    @users("agency_sales")
    def test_answer_views_one_field_per_type(self):
        """Each value column is invisible unless the row's question has its
        type; a phone gets cards (kanban) and a one-answer popup (form)."""
        arch = self.env["crm.needs.assessment"].get_views(
            [(False, "form")]
        )["views"]["form"]["arch"]
        doc = etree.fromstring(arch)
        answers = doc.xpath("//field[@name='answer_ids']")[0]
        expected = {
            "value_text": "answer_type != 'text'",
            "value_number": "answer_type != 'number'",
            "value_bool": "answer_type != 'bool'",
            "choice_id": "answer_type != 'choice'",
        }
        for view in ("list", "form"):
            sub = answers.xpath(f"./{view}")[0]
            for fname, invisible in expected.items():
                node = sub.xpath(f".//field[@name='{fname}']")[0]
                self.assertEqual(node.get("invisible"), invisible, f"{view}: {fname}")
                self.assertFalse(node.get("optional"), "the user cannot hide an answer column")
        self.assertEqual(
            answers.xpath("./list//field[@name='value_number']")[0].get("widget"),
            "agency_optional_float",
        )
        self.assertTrue(answers.xpath("./kanban//field[@name='question_label']"))
        self.assertTrue(doc.xpath("//button[@name='action_create_quotation']"))

    def test_default_template_from_lead(self):
        lead = self._create_lead(step="assessment")
        Form = self.env["crm.needs.assessment"].with_user(self.user_sales)
        # several needs templates (one per service): the form asks for it first
        self.env["crm.assessment.template"].create({"name": "Branding test", "kind": "needs"})
        defaults = Form.with_context(default_lead_id=lead.id, default_kind="needs").default_get(
            ["template_id", "lead_id"]
        )
        self.assertFalse(defaults.get("template_id"))
        # the lead's action gives no template either
        action = lead.with_user(self.user_sales).action_new_needs_assessment()
        self.assertNotIn("default_template_id", action["context"])
        # the only template of its kind is chosen, also from the lead's forms list
        defaults = Form.with_context(default_lead_id=lead.id, default_kind="knowledge").default_get(
            ["template_id", "lead_id"]
        )
        self.assertEqual(defaults["template_id"], self.tmpl_knowledge.id)

    def test_create_quotation_from_done_assessment(self):
        lead = self._create_lead(step="assessment")
        form = self._create_form(lead, self.tmpl_needs, user=self.user_sales)
        self._fill_needs(form, months=3, website="yes")
        with self.assertRaisesMsg(UserError, "mark"):
            form.with_user(self.user_sales).action_create_quotation()
        form.with_user(self.user_sales).action_done()
        action = form.with_user(self.user_sales).action_create_quotation()
        order = self.env["sale.order"].browse(action["res_id"])
        self.assertEqual(order.opportunity_id, lead)
        self.assertEqual(order.assessment_ids, form)
        self.assertEqual(form.order_ids, order)
        self.assertEqual(
            sorted(order.order_line.mapped("product_id").ids),
            sorted((self.product_seo | self.product_web).ids),
        )
        # a knowledge form does not make quotations
        knowledge = self._create_form(lead, self.tmpl_knowledge, user=self.user_sales)
        with self.assertRaisesMsg(UserError, "Only a done needs assessment"):
            knowledge.with_user(self.user_sales).action_create_quotation()


@tagged("post_install", "-at_install", "agency_tour")
class TestAssessmentPhone(AssessmentCommon, HttpCase):
    """At 375 px the answers are cards showing the whole question."""

    browser_size = "375x800"
    touch_enabled = True

    def test_assessment_form_on_phone(self):
        self.tmpl_needs.question_ids[0].write({"name": LONG_QUESTION, "required": True})
        lead = self._create_lead(step="assessment")
        form = self._create_form(lead, self.tmpl_needs, user=self.user_sales)
        code = """
            const problems = [];
            const cards = [...document.querySelectorAll(
                '.o_field_widget[name=answer_ids] .o_kanban_record:not(.o_kanban_ghost)')];
            if (cards.length !== %(count)s) {
                problems.push(`expected %(count)s answer cards, got ${cards.length}`);
            }
            const longCard = cards.find((card) => card.innerText.includes(%(question)s));
            if (!longCard) {
                problems.push('the whole question text is not shown: '
                    + cards.map((c) => c.innerText).join(' | '));
            } else {
                const label = longCard.querySelector('.o_agency_answer_question');
                if (label.scrollWidth > label.clientWidth + 1) {
                    problems.push(`the question is cut: ${label.scrollWidth} > ${label.clientWidth}`);
                }
                if (!longCard.innerText.includes('Required')) {
                    problems.push('the required question is not marked');
                }
            }
            if (document.body.scrollWidth > window.innerWidth + 1) {
                problems.push(`the page scrolls sideways: ${document.body.scrollWidth}`);
            }
            if (document.querySelector('.o_field_widget[name=answer_ids]').innerText.includes('0.00')) {
                problems.push('an unanswered number shows 0.00');
            }
            if (problems.length) {
                console.error(problems.join('\\n'));
            } else {
                console.log('test successful');
            }
        """ % {"count": len(form.answer_ids), "question": repr(LONG_QUESTION)}
        self.browser_js(
            f"/odoo/action-crm_agency_sales.crm_needs_assessment_action/{form.id}",
            code,
            ready="document.querySelectorAll('.o_field_widget[name=answer_ids] .o_kanban_record').length > 0",
            login=self.user_sales.login,
        )
