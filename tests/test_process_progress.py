# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo.tests import tagged

from ..tools.internal import internal_context
from .assessment_common import AssessmentCommon
from .contract_common import ContractCommon


@tagged("post_install", "-at_install", "agency_logic")
class TestProcessProgress(ContractCommon, AssessmentCommon):
    """A deal walked through by each role as itself: after each step the
    lead is in the stage of the step reached, the "Next step" banner names
    what is really left, the step's activities are done (by whoever did the
    step) and only the work still to do is open."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.agency_approval_mode = "always"
        cls.customer.lang = "en_US"

    def setUp(self):
        super().setUp()
        self.deal = self.env["crm.lead"].with_user(self.user_sales).create({
            "name": "Setareh SEO",
            "type": "opportunity",
            "team_id": self.team.id,
            "user_id": self.user_sales.id,
            "partner_id": self.customer.id,
            "contact_origin": "cold",
        })

    # helpers ---------------------------------------------------------

    def _open(self, lead=None):
        """Summaries of the lead's open activities, sorted (searched: the
        one2many's cache does not see activities created meanwhile)."""
        return sorted(self.env["mail.activity"].search([
            ("res_model", "=", "crm.lead"), ("res_id", "=", (lead or self.deal).id),
        ]).mapped("summary"))

    def _messages(self, lead=None):
        return self.env["mail.message"].search([
            ("model", "=", "crm.lead"), ("res_id", "=", (lead or self.deal).id),
        ])

    def _done_by(self, summary, lead=None):
        """The author of the "done" message of the activity ``summary``."""
        messages = self._messages(lead).filtered(
            lambda message: message.mail_activity_type_id and summary in (message.body or "")
        )
        return messages.author_id

    def _assert_at(self, step, banner, open_activities):
        self.assertEqual(self.deal.process_step, step)
        self.assertEqual(self.deal.stage_id, self.stages[step])
        self.assertIn(banner, self.deal.agency_next_step)
        self.assertEqual(self._open(), sorted(open_activities))

    def _walk_to_sent_quotation(self):
        self._done_form(self.deal, self.tmpl_knowledge)
        self.deal.with_user(self.user_sales).action_send_sales_documents_whatsapp()
        self._done_form(self.deal, self.tmpl_needs)
        self.deal.with_user(self.user_sales).action_create_quotation()
        order = self.deal.order_ids
        order.with_user(self.user_sales).action_request_approval()
        order.with_user(self.user_manager).action_approve()
        order.with_user(self.user_sales).action_quotation_sent()
        return order

    # the whole deal --------------------------------------------------

    def test_deal_moves_forward_and_closes_its_tasks(self):
        self._assert_at("new", "fill the customer-knowledge form", ["Call the new lead and qualify it"])

        self._done_form(self.deal, self.tmpl_knowledge)
        self._assert_at("qualify", "Send the sales documents to the customer.",
                        ["Send the sales documents to the customer"])
        self.assertEqual(self._done_by("Call the new lead and qualify it"), self.user_sales.partner_id)

        self.deal.with_user(self.user_sales).action_send_sales_documents_whatsapp()
        self._assert_at("docs_sent", "Book the needs-assessment meeting",
                        ["Book the needs-assessment meeting"])

        self._done_form(self.deal, self.tmpl_needs)
        self._assert_at("assessment", "Create the quotation from the completed needs assessment",
                        ["Prepare the quotation from the needs assessment"])

        self.deal.with_user(self.user_sales).action_create_quotation()
        order = self.deal.order_ids
        self._assert_at("quotation", "Request management's approval of the quotation %s" % order.name,
                        ["Get the quotation approved and send it to the customer"])

        order.with_user(self.user_sales).action_request_approval()
        self._assert_at("quotation", "Management reviews the quotation %s" % order.name,
                        ["Get the quotation approved and send it to the customer"])
        order.with_user(self.user_manager).action_approve()
        self.assertIn("Send the quotation %s" % order.name, self.deal.agency_next_step)

        order.with_user(self.user_sales).action_quotation_sent()
        self._assert_at("negotiation", "record the customer's acceptance or objection",
                        ["Follow up the quotation with the customer"])

        order.with_user(self.user_sales).action_customer_accept()
        self._assert_at("contract", "Fill the contract request of the accepted quotation",
                        ["Fill and submit the contract request"])

        request = self._create_request(order=order)
        self.assertIn("Complete the contract request %s" % request.name, self.deal.agency_next_step)
        request.with_user(self.user_sales).action_submit()
        self._assert_at("contract", "Finance drafts the contract", [])
        self.assertEqual(self._done_by("Fill and submit the contract request"), self.user_sales.partner_id)

        request.with_user(self.user_finance).action_start_drafting()
        request.with_user(self.user_finance).action_drafted()
        self.assertIn("Send the contract %s to the customer for reading" % request.contract_number,
                      self.deal.agency_next_step)
        request.with_user(self.user_sales).action_mark_sent()
        self.assertIn("Book the signing meeting", self.deal.agency_next_step)
        request.with_user(self.user_sales).action_book_signing()
        self.assertIn("at the meeting and attach the signed scan", self.deal.agency_next_step)

        self._ready_to_sign(request)
        request.with_user(self.user_sales).action_sign()
        self._assert_at("won", "Finance receives the paper copy", [])
        self.assertEqual(self.deal.probability, 100)
        self.assertTrue(self.deal.active)

        request.with_user(self.user_finance).action_register_legal_archive(physical_location="Cabinet A")
        self.assertIn("Project control refers the contract", self.deal.agency_next_step)
        request.with_user(self.user_project).action_start_execution()
        self._assert_at("won", "is in execution", [])
        self.assertFalse(self.env["mail.activity"].search([
            ("res_model", "=", "crm.contract.request"), ("res_id", "=", request.id)]),
            "no task of the contract is left open")

    def test_closed_activities_name_who_did_the_step(self):
        """The manager moves a colleague's lead: the salesperson's task is
        done by the manager."""
        self._done_form(self.deal, self.tmpl_knowledge)
        self.deal.with_user(self.user_manager).action_send_sales_documents_whatsapp()
        self.assertEqual(self.deal.process_step, "docs_sent")
        self.assertEqual(self._done_by("Send the sales documents to the customer"), self.user_manager.partner_id)

    # never backwards -------------------------------------------------

    def test_events_never_move_a_lead_backwards(self):
        order = self._walk_to_sent_quotation()
        self.assertEqual(self.deal.process_step, "negotiation")
        # a second needs assessment done, a new quotation asked for approval:
        # the lead stays in negotiation
        self._done_form(self.deal, self.tmpl_needs)
        self.assertEqual(self.deal.process_step, "negotiation")
        second = order.copy()
        second.with_user(self.user_sales).action_request_approval()
        self.assertEqual(self.deal.process_step, "negotiation")
        self.assertIn("Management reviews the quotation %s" % second.name, self.deal.agency_next_step)

    def test_event_without_the_gate_leaves_the_lead(self):
        """A needs assessment done before the sales documents were sent: the
        needs-assessment stage's gate is not met, the lead stays."""
        self._done_form(self.deal, self.tmpl_knowledge)
        self._done_form(self.deal, self.tmpl_needs)
        self.assertEqual(self.deal.process_step, "qualify")
        self.assertIn("Create the quotation from the completed needs assessment", self.deal.agency_next_step)

    def test_won_lead_is_not_moved(self):
        self.deal.with_context(**internal_context("agency_skip_stage_gates")).stage_id = self.stages["won"]
        self._done_form(self.deal, self.tmpl_needs)
        self.assertEqual(self.deal.process_step, "won")

    def test_moving_back_keeps_later_tasks(self):
        self._done_form(self.deal, self.tmpl_knowledge)
        self.deal.with_user(self.user_sales).action_send_sales_documents_whatsapp()
        self.deal.with_user(self.user_sales).write({"stage_id": self.stages["qualify"].id})
        self.assertIn("Book the needs-assessment meeting", self._open())

    # won, lost, future -----------------------------------------------

    def test_lost_closes_the_process_tasks(self):
        self._done_form(self.deal, self.tmpl_knowledge)
        self.deal.activity_schedule("mail.mail_activity_data_todo", summary="Personal reminder",
                                    user_id=self.user_sales.id)
        self.deal.with_user(self.user_sales).action_set_lost()
        self.assertFalse(self.deal.active)
        done = self._messages().filtered(
            lambda message: "Send the sales documents to the customer" in (message.body or "")
            and "lost or archived" in (message.body or "")
        )
        self.assertEqual(len(done), 1, "the process task is marked done, with the reason")
        self.assertEqual(done.author_id, self.user_sales.partner_id)

    def test_future_closes_the_other_steps(self):
        self._walk_to_sent_quotation()
        self.assertEqual(self._open(), ["Follow up the quotation with the customer"])
        self.deal.with_user(self.user_sales)._agency_move_to_future()
        self.assertEqual(self.deal.process_step, "future")
        self.assertEqual(self._open(), ["Re-contact the customer (future follow-up)"])
        self.assertEqual(self.env["mail.activity"].search([
            ("res_model", "=", "crm.lead"), ("res_id", "=", self.deal.id)]).agency_step, "future")
        self.assertIn("Re-contact the customer on", self.deal.agency_next_step)
        # the customer comes back: a quotation sent again takes the lead
        # back into the process and the follow-up task is done
        second = self.deal.order_ids.copy()
        second.with_user(self.user_sales).action_request_approval()
        self.assertEqual(self.deal.process_step, "quotation")
        self.assertNotIn("Re-contact the customer (future follow-up)", self._open())

    def test_activities_outside_the_process_are_left_alone(self):
        """A lead of a stock team: no step, no stage move, its activities
        are untouched by the events."""
        stock_team = self.env["crm.team"].create({"name": "Stock team"})
        lead = self.env["crm.lead"].create({
            "name": "Stock lead", "type": "opportunity", "team_id": stock_team.id,
            "partner_id": self.customer.id, "user_id": self.user_sales.id,
        })
        stage = lead.stage_id
        lead.activity_schedule("mail.mail_activity_data_todo", summary="Stock task", user_id=self.user_sales.id)
        self.assertFalse(lead.process_step)
        self.assertFalse(lead.agency_next_step)
        lead._agency_advance_to_step("negotiation")
        lead.write({"stage_id": self.env["crm.stage"].search([("is_won", "=", True)], limit=1).id})
        self.assertNotEqual(lead.stage_id, stage)
        self.assertEqual(self._open(lead), ["Stock task"])
