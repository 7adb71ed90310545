# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged, users

from .assessment_common import AssessmentCommon


@tagged("post_install", "-at_install", "agency_logic")
class TestRoleRefusals(AssessmentCommon):
    """The lead actions of salespeople are refused to the roles that only
    read leads (finance, project control) and to plain employees, and
    nothing is written."""

    def setUp(self):
        super().setUp()
        self.lead = self._create_lead(step="qualify", contact_origin="warm", mobile="+989121234567")

    @users("agency_finance", "agency_project", "agency_employee")
    def test_share_documents_refused_to_read_only_roles(self):
        with self.assertRaises(AccessError):
            self.lead.with_env(self.env).action_send_sales_documents_whatsapp()
        self.assertFalse(self.lead.sales_docs_sent_on)
        self.assertEqual(self.lead.process_step, "qualify")

    def test_quotation_from_assessment_refused_to_read_only_roles(self):
        form = self._create_form(self.lead, self.tmpl_needs)
        self._fill_needs(form)
        form.action_done()
        for user in (self.user_finance, self.user_project):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.lead.with_user(user).action_create_quotation()
        self.assertFalse(self.lead.order_ids)
        # The salesperson may.
        self.lead.with_user(self.user_sales).action_create_quotation()
        self.assertEqual(len(self.lead.order_ids), 1)

    @users("agency_finance", "agency_project")
    def test_objection_refused_to_read_only_roles(self):
        # the reason is the fixture's data, found as the superuser as before the switch
        reason = self.env["crm.objection.reason"].sudo().search([], limit=1)
        with self.assertRaises(AccessError):
            self.env["crm.objection"].create({
                "lead_id": self.lead.id, "kind": "other", "reason_id": reason.id,
            })
        self.assertFalse(self.lead.objection_ids)

    def test_stage_configuration_keeps_won_step_won(self):
        won = self.stages["won"]
        with self.assertRaises(ValidationError):
            won.with_user(self.user_manager).write({"is_won": False})
        self.assertTrue(won.is_won)
        with self.assertRaises(ValidationError):
            self.env["crm.stage"].create({"name": "Signed", "process_step": "won"})
