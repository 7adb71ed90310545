# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo.tests import HttpCase, tagged

from .assessment_common import AssessmentCommon
from .contract_common import ContractCommon


@tagged("post_install", "-at_install", "agency_tour")
class TestRoleTours(ContractCommon, AssessmentCommon, HttpCase):
    """Each role does its part of one deal in the browser, as itself; the
    tours check what the user sees after each step (stage or state,
    "Next step" banner, open activities); the test checks what was stored."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.agency_approval_mode = "always"
        cls.deal = cls.env["crm.lead"].with_user(cls.user_sales).create({
            "name": "Setareh SEO",
            "type": "opportunity",
            "team_id": cls.team.id,
            "user_id": cls.user_sales.id,
            "partner_id": cls.customer.id,
            "contact_origin": "cold",
        })

    def _to_approval(self):
        self._done_form(self.deal, self.tmpl_knowledge)
        self.deal.with_user(self.user_sales).action_send_sales_documents_whatsapp()
        self._done_form(self.deal, self.tmpl_needs)
        self.deal.with_user(self.user_sales).action_create_quotation()
        order = self.deal.order_ids
        order.with_user(self.user_sales).action_request_approval()
        return order

    def _to_contract(self):
        order = self._to_approval()
        order.with_user(self.user_manager).action_approve()
        order.with_user(self.user_sales).action_quotation_sent()
        order.with_user(self.user_sales).action_customer_accept()
        request = self._create_request(order=order)
        request.with_user(self.user_sales).action_submit()
        return request

    def _activity_summaries(self, record):
        return self.env["mail.activity"].search([
            ("res_model", "=", record._name), ("res_id", "=", record.id),
        ]).mapped("summary")

    def test_salesperson_sends_the_documents(self):
        self._done_form(self.deal, self.tmpl_knowledge)
        self.start_tour(f"/odoo/crm/{self.deal.id}", "agency_role_salesperson_tour", login=self.user_sales.login)
        self.assertEqual(self.deal.process_step, "docs_sent")
        self.assertEqual(self.deal.sales_docs_channel, "email")
        self.assertEqual(self._activity_summaries(self.deal), ["Book the needs-assessment meeting"])

    def test_manager_approves_from_the_lead(self):
        order = self._to_approval()
        self.start_tour(f"/odoo/crm/{self.deal.id}", "agency_role_manager_tour", login=self.user_manager.login)
        self.assertEqual(order.approval_state, "approved")
        self.assertEqual(order.approved_by_id, self.user_manager)
        self.assertEqual(self.deal.process_step, "quotation")

    def test_finance_drafts_the_contract(self):
        request = self._to_contract()
        self.start_tour(
            f"/odoo/action-crm_agency_sales.crm_contract_request_action/{request.id}",
            "agency_role_finance_tour", login=self.user_finance.login,
        )
        self.assertEqual(request.state, "drafted")
        self.assertEqual(request.drafted_by_id, self.user_finance)
        self.assertTrue(request.contract_attachment_id)
        self.assertIn("Send the contract %s to the customer" % request.contract_number, self.deal.agency_next_step)

    def test_project_control_starts_execution(self):
        request = self._to_contract()
        request.with_user(self.user_finance).action_drafted()
        request.with_user(self.user_sales).action_mark_sent()
        request.with_user(self.user_sales).action_book_signing()
        self._ready_to_sign(request)
        request.with_user(self.user_sales).action_sign()
        request.with_user(self.user_finance).action_register_legal_archive(physical_location="Cabinet A")
        self.start_tour(
            f"/odoo/action-crm_agency_sales.crm_contract_request_action/{request.id}",
            "agency_role_project_tour", login=self.user_project.login,
        )
        self.assertEqual(request.state, "in_execution")
        self.assertEqual(request.execution_started_by_id, self.user_project)
        self.assertFalse(self._activity_summaries(request))
        self.assertFalse(self._activity_summaries(self.deal))
        self.assertIn("is in execution", self.deal.agency_next_step)
