# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import Form, tagged, users

from .test_objection import ObjectionCommon


@tagged("post_install", "-at_install", "agency_logic")
class TestLeadRefusal(ObjectionCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.lost_reason = cls.env["crm.lost.reason"].create({"name": "Chose a competitor"})

    def _lost_wizard(self, lead, user=None):
        user = user or self.user_sales
        return Form(
            self.env["crm.lead.lost"].with_user(user).with_context(
                active_model="crm.lead", active_ids=lead.ids, default_lead_ids=lead.ids
            )
        )

    @users("agency_sales")
    def test_refusal_required_with_sent_quotation(self):
        with freeze_time("2026-05-03"):
            wizard_form = self._lost_wizard(self.lead)
            self.assertEqual(wizard_form.refusal_date, date(2026, 5, 3))
            self.assertTrue(wizard_form.refusal_required)
            # the view asks for them too; the model refuses without them (RPC)
            wizard = self.env["crm.lead.lost"].create({
                "lead_ids": self.lead.ids, "lost_reason_id": self.lost_reason.id,
            })
        with self.assertRaisesRegex(UserError, "who refused, their position"):
            wizard.action_lost_reason_apply()
        self.assertTrue(self.lead.active)
        self.assertFalse(self.lead.refused_by_name)

        wizard.write({"refused_by_name": "Reza Karimi", "refused_by_position": "CEO", "lost_reason_id": False})
        with self.assertRaisesRegex(UserError, "the lost reason"):
            wizard.action_lost_reason_apply()
        self.assertTrue(self.lead.active)

        wizard.lost_reason_id = self.lost_reason
        wizard.action_lost_reason_apply()
        self.assertRecordValues(self.lead, [{
            "active": False,
            "lost_reason_id": self.lost_reason.id,
            "refusal_date": date(2026, 5, 3),
            "refused_by_name": "Reza Karimi",
            "refused_by_position": "CEO",
        }])
        Lead = self.env["crm.lead"].with_context(active_test=False)
        self.assertEqual(Lead.search([("refused_by_name", "ilike", "karimi")]), self.lead)
        self.assertEqual(
            Lead.search([("id", "=", self.lead.id), ("refusal_date", "!=", False)]), self.lead
        )

    def test_refusal_optional_without_sent_quotation(self):
        lead = self._create_lead(step="assessment", name="Early lead")
        self._create_order(lead, sent=False)
        wizard_form = self._lost_wizard(lead)
        self.assertFalse(wizard_form.refusal_required)
        wizard_form.save().action_lost_reason_apply()
        self.assertFalse(lead.active)
        self.assertFalse(lead.refused_by_name)
        self.assertFalse(lead.refusal_date)

        other = self._create_lead(step="assessment", name="Early lead 2")
        wizard_form = self._lost_wizard(other, user=self.user_manager)
        wizard_form.refused_by_name = "Ali"
        wizard_form.refused_by_position = "Buyer"
        wizard_form.save().action_lost_reason_apply()
        self.assertFalse(other.active)
        self.assertEqual(other.refused_by_name, "Ali")
        self.assertEqual(other.refused_by_position, "Buyer")
        self.assertTrue(other.refusal_date)

    def test_refusal_by_manager_multiple_leads(self):
        lead_2 = self._create_lead(step="assessment", name="No quotation")
        wizard_form = self._lost_wizard(self.lead | lead_2, user=self.user_manager)
        self.assertTrue(wizard_form.refusal_required)
        wizard_form.lost_reason_id = self.lost_reason
        wizard_form.refused_by_name = "Reza Karimi"
        wizard_form.refused_by_position = "CEO"
        wizard_form.save().action_lost_reason_apply()
        self.assertEqual((self.lead | lead_2).mapped("refused_by_position"), ["CEO", "CEO"])
        self.assertFalse(self.lead.active or lead_2.active)
