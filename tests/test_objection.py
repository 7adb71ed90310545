# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from contextlib import contextmanager
from datetime import date, timedelta

from freezegun import freeze_time
from lxml import etree

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged, users
from odoo.tools.safe_eval import safe_eval

from ..tools.internal import internal_context
from .common import AgencyCommon


class ObjectionCommon(AgencyCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.agency_approval_mode = "never"
        cls.product_seo = cls.env["product.product"].create({
            "name": "SEO package", "type": "service", "list_price": 1000.0,
        })
        cls.product_ads = cls.env["product.product"].create({
            "name": "Ads campaign", "type": "service", "list_price": 500.0,
        })
        cls.reason_price = cls.env.ref("crm_agency_sales.objection_reason_price")
        cls.reason_timing = cls.env.ref("crm_agency_sales.objection_reason_timing")
        cls.reason_trust = cls.env.ref("crm_agency_sales.objection_reason_trust")
        cls.reason_scope = cls.env.ref("crm_agency_sales.objection_reason_scope")
        cls.followup_type = cls.env.ref("crm_agency_sales.mail_activity_type_future_followup")
        cls.lead = cls._create_lead(step="negotiation")
        cls.order = cls._create_order(cls.lead)

    @classmethod
    def _create_lead(cls, user=None, step="new", **values):
        # without the gate-skipping context of the fixture
        lead = super()._create_lead(user=user, step=step, **values)
        return cls.env["crm.lead"].browse(lead.id)

    @classmethod
    def _create_order(cls, lead, sent=True):
        order = cls.env["sale.order"].create({
            "partner_id": lead.partner_id.id,
            "opportunity_id": lead.id,
            "user_id": lead.user_id.id,
            "team_id": lead.team_id.id,
            "order_line": [
                Command.create({"product_id": cls.product_seo.id, "product_uom_qty": 2}),
                Command.create({"product_id": cls.product_ads.id, "product_uom_qty": 3}),
            ],
        })
        if sent:
            order.write({"state": "sent"})
        return order

    @contextmanager
    def assertRaisesRegex(self, expected_exception, expected_regex):
        """In a savepoint, so that the test sees what a failed RPC leaves."""
        with super().assertRaisesRegex(expected_exception, expected_regex), self.env.cr.savepoint():
            yield

    def _object(self, user=None, order=None, kind="other", reason=None, **values):
        """Record an objection through the wizard, as ``user``."""
        order = order or self.order
        user = user or self.user_sales
        action = order.with_user(user).action_customer_object()
        wizard_form = Form(self.env[action["res_model"]].with_user(user).with_context(**action["context"]))
        wizard_form.kind = kind
        wizard_form.reason_id = reason or (self.reason_price if kind == "price" else self.reason_timing)
        wizard_form.description = values.pop("description", "The customer is not sure yet.")
        for key, value in values.items():
            setattr(wizard_form, key, value)
        wizard = wizard_form.save()
        result = wizard.action_confirm()
        objection = self.env["crm.objection"].search(
            [("lead_id", "=", order.opportunity_id.id)], order="id desc", limit=1
        )
        return objection.with_user(user), result

    def _fail_attempts(self, count, user=None):
        objections = self.env["crm.objection"]
        for _i in range(count):
            objection, _res = self._object(user=user)
            objection.action_fail()
            objections |= objection
        return objections

    def _recontact_activities(self, lead):
        return lead.activity_ids.filtered(
            lambda act: act.activity_type_id == self.followup_type
        )


@tagged("post_install", "-at_install", "agency_logic")
class TestCustomerDecision(ObjectionCommon):
    def test_accept_sent_quotation(self):
        result = self.order.with_user(self.user_sales).action_customer_accept()
        self.assertEqual(self.order.customer_decision, "accepted")
        if "crm.contract.request.wizard" in self.env:
            self.assertEqual(result["res_model"], "crm.contract.request.wizard")
            self.assertEqual(result["context"]["default_order_id"], self.order.id)
        else:
            self.assertIs(result, True)

    @users("agency_sales")
    def test_accept_draft_quotation_refused(self):
        draft = self._create_order(self.lead, sent=False)
        with self.assertRaisesRegex(UserError, "not sent"):
            draft.with_env(self.env).action_customer_accept()
        self.assertEqual(draft.customer_decision, "pending")
        with self.assertRaisesRegex(UserError, "not sent"):
            draft.with_env(self.env).action_customer_object()

    def test_accept_resolves_open_objection(self):
        objection, _res = self._object()
        self.assertEqual(self.order.customer_decision, "objected")
        self.order.with_user(self.user_sales).action_customer_accept()
        self.assertEqual(objection.outcome, "resolved")
        self.assertEqual(self.order.customer_decision, "accepted")

    @users("agency_sales")
    def test_contract_gate_needs_accepted_quotation(self):
        contract = self.stages["contract"]
        with self.assertRaisesRegex(UserError, "accepted by the customer"):
            self.lead.with_env(self.env).stage_id = contract
        self.assertEqual(self.lead.process_step, "negotiation")
        self.order.with_env(self.env).action_customer_accept()
        self.lead.with_env(self.env).stage_id = contract
        self.assertEqual(self.lead.process_step, "contract")


@tagged("post_install", "-at_install", "agency_logic")
class TestObjectionAttempts(ObjectionCommon):
    def test_objection_wizard_other(self):
        objection, result = self._object(description="Not this quarter.")
        self.assertEqual(result["type"], "ir.actions.act_window_close")
        self.assertRecordValues(objection, [{
            "lead_id": self.lead.id,
            "order_id": self.order.id,
            "kind": "other",
            "reason_id": self.reason_timing.id,
            "attempt": 1,
            "outcome": "open",
            "handled_by": "self",
            "user_id": self.user_sales.id,
            "company_id": self.company.id,
        }])
        self.assertEqual(self.order.customer_decision, "objected")
        self.assertIn("Not this quarter.", self.lead.message_ids[0].body)
        self.assertEqual(self.lead.objection_count, 1)

    @users("agency_sales")
    def test_objection_from_lead(self):
        action = self.lead.with_env(self.env).action_agency_record_objection()
        self.assertEqual(action["context"]["default_order_id"], self.order.id)
        wizard_form = Form(self.env["crm.objection.register"].with_context(**action["context"]))
        wizard_form.reason_id = self.reason_trust
        wizard_form.save().action_confirm()
        self.assertEqual(self.lead.objection_ids.reason_id, self.reason_trust)

    @users("agency_sales")
    def test_reason_must_fit_kind(self):
        with self.assertRaisesRegex(ValidationError, "not offered"):
            self.env["crm.objection"].create({
                "lead_id": self.lead.id, "kind": "other", "reason_id": self.reason_price.id,
            })
        self.assertFalse(self.lead.objection_ids)

    def test_order_must_belong_to_lead(self):
        other_lead = self._create_lead(step="negotiation", name="Other")
        with self.assertRaisesRegex(ValidationError, "does not belong"):
            self.env["crm.objection"].create({
                "lead_id": other_lead.id, "order_id": self.order.id,
                "kind": "other", "reason_id": self.reason_timing.id,
            })

    def test_three_failed_attempts_move_to_future(self):
        today = fields.Date.context_today(self.lead)
        first, second = self._fail_attempts(2)
        self.assertEqual((first.attempt, second.attempt), (1, 2))
        self.assertEqual(self.lead.objection_attempts, 2)
        self.assertEqual(self.lead.process_step, "negotiation")
        self.assertFalse(self.lead.followup_date)

        third, _res = self._object(reason=self.reason_trust, description="Wants bigger clients in the portfolio")
        self.assertEqual(third.attempt, 3)
        third.action_fail()
        self.assertEqual(self.lead.objection_attempts, 3)
        self.assertEqual(self.lead.process_step, "future")
        self.assertEqual(self.lead.followup_date, today + timedelta(days=90))
        activity = self._recontact_activities(self.lead)
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.date_deadline, today + timedelta(days=90))
        self.assertEqual(activity.user_id, self.user_sales)
        note = self.lead.message_ids.filtered(lambda m: "could not be overcome" in (m.body or ""))
        self.assertEqual(len(note), 1)
        self.assertIn("Wants bigger clients in the portfolio", note.body)
        self.assertIn(self.reason_timing.name, note.body)

        # a further attempt is refused, nothing is written
        with self.assertRaisesRegex(UserError, "no further attempt"):
            self._object()
        self.assertEqual(len(self.lead.objection_ids), 3)
        # as the manager too
        with self.assertRaisesRegex(UserError, "no further attempt"):
            self.env["crm.objection"].with_user(self.user_manager).create({
                "lead_id": self.lead.id, "kind": "other", "reason_id": self.reason_timing.id,
            })
        self.assertEqual(len(self.lead.objection_ids), 3)

    def test_manager_fails_last_attempt(self):
        self._fail_attempts(2)
        last, _res = self._object()
        last.with_user(self.user_manager).action_fail()
        self.assertEqual(self.lead.process_step, "future")
        self.assertEqual(last.closed_by_id, self.user_manager)
        self.assertEqual(len(self._recontact_activities(self.lead)), 1)

    def test_closed_attempt_cannot_close_again(self):
        objection, _res = self._object()
        objection.action_fail()
        with self.assertRaisesRegex(UserError, "already closed"):
            objection.action_fail()
        with self.assertRaisesRegex(UserError, "already closed"):
            objection.with_user(self.user_manager).action_resolve()
        self.assertEqual(objection.outcome, "failed")
        self.assertEqual(self.lead.objection_attempts, 1)

    def test_one_open_attempt_at_a_time(self):
        self._object()
        with self.assertRaisesRegex(UserError, "open attempt"):
            self._object()
        self.assertEqual(len(self.lead.objection_ids), 1)

    def test_resolved_back_to_followup(self):
        self._fail_attempts(1)
        objection, _res = self._object()
        self.assertEqual(objection.attempt, 2)
        objection.resolution_note = "Showed a similar project"
        objection.action_resolve()
        self.assertEqual(objection.outcome, "resolved")
        self.assertEqual(objection.closed_by_id, self.user_sales)
        self.assertEqual(self.order.customer_decision, "pending")
        self.assertEqual(self.lead.objection_attempts, 1)
        self.assertEqual(self.lead.process_step, "negotiation")
        followup = self.lead.activity_ids.filtered(lambda a: a.summary == "Follow up the quotation")
        self.assertEqual(followup.user_id, self.user_sales)
        self.assertIn("Showed a similar project", self.lead.message_ids[0].body)
        # the resolved attempt does not use up the budget
        self.assertEqual(self._object()[0].attempt, 2)

    def test_price_objection_is_not_an_attempt(self):
        objection, _res = self._object(kind="price", target_price=4000.0)
        self.assertEqual(objection.attempt, 0)
        self.assertEqual(objection.target_price, 4000.0)
        objection.action_fail()
        self.assertEqual(self.lead.objection_attempts, 0)
        self.assertEqual(self.lead.process_step, "negotiation")
        self.assertEqual(self._object()[0].attempt, 1)

    def test_kind_and_lead_are_fixed(self):
        objection, _res = self._object()
        with self.assertRaisesRegex(UserError, "cannot change"):
            objection.kind = "price"
        self.assertEqual(objection.kind, "other")

    def test_outcome_only_through_actions(self):
        """A plain write (RPC, import) cannot close an attempt around the limit."""
        self._fail_attempts(2)
        objection, _res = self._object()
        for user in (self.user_sales, self.user_manager):
            with self.assertRaisesRegex(UserError, "only through its actions"):
                objection.with_user(user).write({"outcome": "failed"})
        self.assertEqual(objection.outcome, "open")
        self.assertEqual(self.lead.objection_attempts, 2)
        self.assertEqual(self.lead.process_step, "negotiation")
        # a client's create cannot set them either: refused, nothing created
        imported = self._create_lead(step="negotiation", name="Imported")
        with self.assertRaisesRegex(UserError, "only through its actions"):
            self.env["crm.objection"].create({
                "lead_id": imported.id,
                "kind": "other", "reason_id": self.reason_timing.id, "outcome": "failed", "attempt": 7,
            })
        self.assertFalse(imported.objection_ids)
        # their default values pass; the attempt is counted by the system
        created = self.env["crm.objection"].create({
            "lead_id": imported.id,
            "kind": "other", "reason_id": self.reason_timing.id, "outcome": "open", "attempt": 1,
        })
        self.assertEqual((created.outcome, created.attempt), ("open", 1))

    def test_attempt_limit_one(self):
        self.company.agency_objection_attempt_limit = 1
        self.company.agency_followup_delay_days = 10
        objection, _res = self._object()
        objection.action_fail()
        self.assertEqual(self.lead.process_step, "future")
        self.assertEqual(self.lead.followup_date, fields.Date.context_today(self.lead) + timedelta(days=10))
        with self.assertRaisesRegex(UserError, r"limit is 1"):
            self._object()

    def test_attempt_limit_five(self):
        settings = self.env["res.config.settings"].create({})
        settings.agency_objection_attempt_limit = 5
        settings.execute()
        self.assertEqual(self.company.agency_objection_attempt_limit, 5)
        self._fail_attempts(4)
        self.assertEqual(self.lead.process_step, "negotiation")
        self.assertFalse(self._recontact_activities(self.lead))
        fifth, _res = self._object()
        self.assertEqual(fifth.attempt, 5)
        fifth.action_fail()
        self.assertEqual(self.lead.process_step, "future")
        with self.assertRaisesRegex(UserError, r"limit is 5"):
            self._object()

    def test_access_rights(self):
        objection, _res = self._object()
        with self.assertRaises(AccessError):
            objection.with_user(self.user_sales_2).read(["outcome"])
        with self.assertRaises(AccessError):
            objection.with_user(self.user_sales_2).action_fail()
        with self.assertRaises(AccessError):
            objection.with_user(self.user_sales).unlink()
        objection.with_user(self.user_finance).read(["outcome"])
        with self.assertRaises(AccessError):
            objection.with_user(self.user_finance).write({"description": "x"})
        with self.assertRaises(AccessError):
            objection.with_user(self.user_sales_c2).read(["outcome"])
        self.assertEqual(objection.outcome, "open")
        # the manager sees and deletes everything
        self.assertEqual(objection.with_user(self.user_manager).outcome, "open")
        # the reasons are read-only for salespeople
        with self.assertRaises(AccessError):
            self.reason_timing.with_user(self.user_sales).name = "Changed"
        self.reason_timing.with_user(self.user_manager).name = "Not now"
        objection.with_user(self.user_manager).unlink()
        self.assertFalse(objection.exists())


@tagged("post_install", "-at_install", "agency_logic")
class TestObjectionEscalation(ObjectionCommon):
    def test_escalation_to_team_leader(self):
        objection, _res = self._object(handled_by="management")
        self.assertEqual(objection.handled_by, "management")
        self.assertEqual(objection.activity_ids.user_id, self.user_manager)
        self.assertIn("escalated to management", self.lead.message_ids[0].body)
        # the manager's action is logged on the lead
        objection.with_user(self.user_manager).resolution_note = "Called the CEO, offered a pilot"
        objection.with_user(self.user_manager).action_resolve()
        logged = self.lead.message_ids.filtered(lambda m: "by management (Mona Manager)" in (m.body or ""))
        self.assertEqual(len(logged), 1)
        self.assertIn("offered a pilot", logged.body)
        self.assertFalse(objection.activity_ids)

    def test_escalation_later_by_salesperson(self):
        objection, _res = self._object()
        self.assertFalse(objection.activity_ids)
        objection.action_escalate()
        self.assertEqual(objection.handled_by, "management")
        self.assertEqual(objection.activity_ids.user_id, self.user_manager)
        objection.with_user(self.user_manager).action_fail()
        self.assertEqual(self.lead.objection_attempts, 1)
        with self.assertRaisesRegex(UserError, "closed"):
            objection.action_escalate()

    def test_escalation_without_team_leader(self):
        self.team.user_id = False
        objection, _res = self._object(handled_by="management")
        managers = objection.activity_ids.user_id
        self.assertIn(self.user_manager, managers)
        self.assertTrue(all(user.has_group("sales_team.group_sale_manager") for user in managers))
        self.assertNotIn(self.user_sales_c2, managers)


@tagged("post_install", "-at_install", "agency_logic")
class TestQuotationRevision(ObjectionCommon):
    def test_revision_chain_with_approval_reset(self):
        self.company.agency_approval_mode = "always"
        order = self._create_order(self.lead, sent=False)
        order.with_user(self.user_sales).action_request_approval()
        order.with_user(self.user_manager).action_approve()
        order.write({"state": "sent"})
        self.assertEqual(order.approval_state, "approved")

        objection, action = self._object(
            order=order, kind="price", price_action="revise", target_price=2500.0
        )
        revision = self.env["sale.order"].browse(action["res_id"])
        self.assertEqual(action["res_model"], "sale.order")
        self.assertRecordValues(revision, [{
            "state": "draft",
            "approval_state": "draft",
            "revision_number": 1,
            "revised_from_id": order.id,
            "opportunity_id": self.lead.id,
            "target_price": 2500.0,
            "customer_decision": "pending",
            "name": "%s-R1" % order.name,
        }])
        self.assertEqual(order.state, "cancel")
        self.assertEqual(objection.revision_order_id, revision)
        self.assertEqual(len(revision.order_line), 2)

        # cut the ads line and reduce the SEO with the customer, approve again
        revision.order_line.filtered(lambda l: l.product_id == self.product_ads).unlink()
        revision.order_line.product_uom_qty = 1
        self.assertLess(revision.amount_untaxed, order.amount_untaxed)
        with self.assertRaises(UserError):
            revision.with_user(self.user_sales).action_quotation_sent()
        revision.with_user(self.user_sales).action_request_approval()
        revision.with_user(self.user_manager).action_approve()
        revision.with_user(self.user_sales).action_quotation_sent()
        self.assertEqual(revision.state, "sent")

        # second revision, numbered from the first version
        action = revision.with_user(self.user_sales).action_revise()
        second = self.env["sale.order"].browse(action["res_id"])
        self.assertEqual(second.name, "%s-R2" % order.name)
        self.assertEqual(second.revision_number, 2)
        self.assertEqual(second.target_price, 2500.0)
        self.assertEqual(second.approval_state, "draft")
        self.assertEqual(revision.state, "cancel")
        history = order | revision | second
        for version in history:
            self.assertEqual(version.revision_history_ids, history)
        self.assertEqual(second.revision_history_ids.mapped("revision_number"), [0, 1, 2])
        self.assertLessEqual(history, self.lead.order_ids)
        revised_notes = self.lead.message_ids.filtered(lambda m: "revised with the customer" in (m.body or ""))
        self.assertEqual(len(revised_notes), 2)

    def test_revision_without_approval(self):
        action = self.order.with_user(self.user_sales).action_revise(target_price=1000.0)
        revision = self.env["sale.order"].browse(action["res_id"])
        self.assertEqual(revision.approval_state, "not_required")
        self.assertEqual(revision.target_price, 1000.0)

    @users("agency_sales")
    def test_confirmed_or_cancelled_order_cannot_be_revised(self):
        self.order.action_confirm()
        with self.assertRaisesRegex(UserError, "Only a quotation in progress"):
            self.order.with_env(self.env).action_revise()
        self.assertFalse(self.order.revision_ids)

    def test_other_objection_cannot_revise(self):
        objection, _res = self._object()
        with self.assertRaisesRegex(UserError, "price objection"):
            objection.action_revise_quotation()
        self.assertFalse(self.order.revision_ids)


@tagged("post_install", "-at_install", "agency_logic")
class TestFutureFollowupCron(ObjectionCommon):
    lead_2 = None

    def _due_leads(self, today):
        """The leads of the search filter "Future Follow-ups Due" on ``today``."""
        arch = etree.fromstring(self.env.ref("crm_agency_sales.crm_lead_view_search_opportunity").arch)
        domain_text = arch.xpath("//filter[@name='future_followups_due']")[0].get("domain")
        domain = safe_eval(domain_text, {"context_today": lambda: today})
        return self.env["crm.lead"].search([("id", "in", (self.lead | self.lead_2).ids)] + domain)

    def _reminders(self, lead):
        return lead.message_ids.filtered(lambda m: "has come" in (m.body or ""))

    def test_cron_before_on_after_and_twice(self):
        self.lead_2 = self._create_lead(step="negotiation", name="Second")
        self.company.agency_objection_attempt_limit = 1
        start = date(2026, 1, 10)
        with freeze_time(start):
            self._fail_attempts(1)
        self.assertEqual(self.lead.followup_date, date(2026, 4, 10))
        self.lead_2.with_context(**internal_context("agency_skip_stage_gates")).write({
            "stage_id": self.stages["future"].id, "followup_date": date(2026, 4, 12),
        })
        Lead = self.env["crm.lead"]
        for day, reminded in (
            (date(2026, 4, 9), set()),
            (date(2026, 4, 10), {self.lead}),
            (date(2026, 4, 10), set()),  # twice the same day
            (date(2026, 4, 15), {self.lead_2}),
            (date(2026, 4, 16), set()),
        ):
            with freeze_time(day):
                result = Lead._cron_agency_future_followups()
            self.assertEqual(set(result & (self.lead | self.lead_2)), reminded, day)
        self.assertEqual(len(self._reminders(self.lead)), 1)
        self.assertEqual(len(self._reminders(self.lead_2)), 1)
        self.assertEqual(self._due_leads(date(2026, 4, 9)), self.env["crm.lead"])
        self.assertEqual(self._due_leads(date(2026, 4, 10)), self.lead)
        self.assertEqual(self._due_leads(date(2026, 4, 16)), self.lead | self.lead_2)
        # the re-contact activity scheduled by the failure is not duplicated
        self.assertEqual(len(self._recontact_activities(self.lead)), 1)
        # the lead without one gets it
        activity = self._recontact_activities(self.lead_2)
        self.assertEqual(activity.user_id, self.user_sales)
        self.assertEqual(activity.date_deadline, date(2026, 4, 15))
        # the leads stayed where they were
        self.assertEqual((self.lead | self.lead_2).mapped("process_step"), ["future", "future"])

    def test_cron_new_followup_date_reminded_again(self):
        self.lead_2 = self.env["crm.lead"]
        lead = self._create_lead(step="future", followup_date=date(2026, 2, 1))
        with freeze_time(date(2026, 2, 1)):
            self.assertEqual(self.env["crm.lead"]._cron_agency_future_followups(), lead)
        lead.followup_date = date(2026, 3, 1)
        with freeze_time(date(2026, 2, 20)):
            self.assertFalse(self.env["crm.lead"]._cron_agency_future_followups() & lead)
        with freeze_time(date(2026, 3, 1)):
            self.assertEqual(self.env["crm.lead"]._cron_agency_future_followups() & lead, lead)

    def test_cron_ignores_other_steps(self):
        self.lead_2 = self.env["crm.lead"]
        lead = self._create_lead(step="negotiation", followup_date=date(2026, 2, 1))
        with freeze_time(date(2026, 2, 5)):
            self.assertFalse(self.env["crm.lead"]._cron_agency_future_followups() & lead)
        self.assertFalse(self._reminders(lead))


@tagged("post_install", "-at_install", "agency_logic")
class TestObjectionViews(ObjectionCommon):
    def test_forms_open_for_the_salesperson(self):
        objection, _res = self._object(handled_by="management")
        with Form(objection) as objection_form:
            objection_form.resolution_note = "Sent two case studies"
        self.assertEqual(objection.resolution_note, "Sent two case studies")
        lead_form = Form(self.lead.with_user(self.user_sales))
        self.assertEqual(lead_form.objection_count, 1)
        self.assertEqual(len(lead_form.objection_ids), 1)
        order_form = Form(self.order.with_user(self.user_sales))
        self.assertEqual(order_form.customer_decision, "objected")

    def test_analysis(self):
        self._fail_attempts(2)
        self._object(kind="price")
        Objection = self.env["crm.objection"].with_user(self.user_manager)
        views = Objection.get_views([(False, "pivot"), (False, "graph"), (False, "search")])
        self.assertEqual(set(views["views"]), {"pivot", "graph", "search"})
        groups = Objection.read_group(
            [("lead_id", "=", self.lead.id)],
            ["__count"],
            ["reason_id", "kind", "outcome", "user_id", "date:month"],
            lazy=False,
        )
        counts = {(g["kind"], g["outcome"]): g["__count"] for g in groups}
        self.assertEqual(counts, {("other", "failed"): 2, ("price", "open"): 1})
        self.assertTrue(all(g["user_id"][0] == self.user_sales.id for g in groups))
