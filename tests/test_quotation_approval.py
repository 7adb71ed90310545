# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, HttpCase, JsonRpcException, tagged, users

from odoo.addons.crm_agency_sales.controllers.portal import CustomerPortal

from .common import AgencyCommon


class ApprovalCommon(AgencyCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write({"agency_approval_mode": "always", "agency_approval_amount": 0.0})
        cls.product = cls.env["product.product"].create({
            "name": "SEO Package",
            "type": "service",
            "list_price": 1000.0,
            "taxes_id": [Command.clear()],
        })
        cls.product_2 = cls.env["product.product"].create({
            "name": "Social Media Management",
            "type": "service",
            "list_price": 500.0,
            "taxes_id": [Command.clear()],
        })
        cls.pricelist = cls.env["product.pricelist"].create({
            "name": "Agency Partners",
            "currency_id": cls.company.currency_id.id,
        })
        cls.pricelist_2 = cls.pricelist.copy({"name": "Agency VIP"})
        cls.manager_group = cls.env.ref("sales_team.group_sale_manager")
        cls.approval_type = cls.env.ref("crm_agency_sales.mail_activity_type_quotation_approval")

    def _create_order(self, lead=None, qty=2.0, price=1000.0, user=None):
        """A quotation of ``qty`` SEO packages at ``price`` (no taxes)."""
        user = user or self.user_sales
        return self.env["sale.order"].with_user(user).create({
            "partner_id": self.customer.id,
            "user_id": user.id,
            "team_id": self.team.id,
            "opportunity_id": lead.id if lead else False,
            "order_line": [Command.create({
                "product_id": self.product.id,
                "product_uom_qty": qty,
                "price_unit": price,
            })],
        })

    def _approved_order(self, **kwargs):
        order = self._create_order(**kwargs)
        order.action_request_approval()
        order.with_user(self.user_manager).action_approve()
        self.assertEqual(order.approval_state, "approved")
        return order

    def _approval_activities(self, order):
        return order.activity_ids.filtered(lambda act: act.activity_type_id == self.approval_type)


@tagged("post_install", "-at_install", "agency_logic")
class TestQuotationApproval(ApprovalCommon):

    # ------------------------------------------------------------
    # SETTINGS
    # ------------------------------------------------------------

    def test_mode_never_blocks_nothing(self):
        self.company.agency_approval_mode = "never"
        order = self._create_order()
        self.assertEqual(order.approval_state, "not_required")
        self.assertEqual(order.action_quotation_send()["res_model"], "mail.compose.message")
        html, _report_type = self.env["ir.actions.report"]._render_qweb_pdf(
            "sale.action_report_saleorder", order.ids
        )
        self.assertIn(order.name.encode(), html)
        order.action_confirm()
        self.assertEqual(order.state, "sale")
        self.assertEqual(order.approval_state, "not_required")

    def test_settings_fields(self):
        settings = self.env["res.config.settings"].create({
            "agency_approval_mode": "amount",
            "agency_approval_amount": 1500.0,
        })
        settings.execute()
        self.assertEqual(self.company.agency_approval_mode, "amount")
        self.assertEqual(self.company.agency_approval_amount, 1500.0)

    def test_threshold_at_below_above(self):
        self.company.write({"agency_approval_mode": "amount", "agency_approval_amount": 2000.0})
        at = self._create_order(qty=2.0)
        below = self._create_order(qty=1.0)
        above = self._create_order(qty=3.0)
        self.assertEqual(at.amount_total, 2000.0)
        self.assertEqual(at.approval_state, "not_required", "'above' is strictly greater")
        self.assertEqual(below.approval_state, "not_required")
        self.assertEqual(above.approval_state, "draft")
        below.order_line.product_uom_qty = 3.0
        self.assertEqual(below.amount_total, 3000.0)
        self.assertEqual(below.approval_state, "draft", "now above the threshold")
        with self.assertRaises(UserError):
            above.action_confirm()
        self.assertEqual(above.state, "draft")
        at.action_confirm()
        self.assertEqual(at.state, "sale")
        # raising the threshold releases the quotation
        self.company.agency_approval_amount = 5000.0
        self.assertEqual(above.approval_state, "not_required")

    def test_confirmed_orders_unaffected_by_setting_change(self):
        self.company.agency_approval_mode = "never"
        order = self._create_order()
        order.action_confirm()
        self.company.agency_approval_mode = "always"
        self.assertEqual(order.approval_state, "not_required")

    # ------------------------------------------------------------
    # TRANSITIONS AND ROLES
    # ------------------------------------------------------------

    def test_request_and_approve(self):
        order = self._create_order()
        # as if created in an earlier transaction (no tracking of new records)
        self.env.flush_all()
        self.env.cr.precommit.run()
        self.assertEqual(order.approval_state, "draft")
        order.action_request_approval()
        self.assertEqual(order.approval_state, "to_approve")
        self.assertEqual(order.approval_requested_by_id, self.user_sales)
        activities = self._approval_activities(order)
        # the team leader is a sales manager: the activity is theirs alone
        self.assertEqual(activities.user_id, self.user_manager)
        self.assertIn(order.name, activities.summary)
        self.env.flush_all()
        self.env.cr.precommit.run()  # tracking values are written at commit
        tracked = order.sudo().message_ids.tracking_value_ids.filtered(
            lambda value: value.field_id.name == "approval_state"
        )
        self.assertTrue(tracked, "the approval state is tracked in the chatter")

        order.with_user(self.user_manager).action_approve()
        self.assertEqual(order.approval_state, "approved")
        self.assertEqual(order.approved_by_id, self.user_manager)
        self.assertTrue(order.approved_on)
        self.assertFalse(self._approval_activities(order), "the activity is marked done")
        done = self.env["mail.message"].search([
            ("model", "=", "sale.order"), ("res_id", "=", order.id),
            ("mail_activity_type_id", "=", self.approval_type.id),
        ])
        self.assertTrue(done, "the done activity is logged")
        notice = order.message_ids.filtered(lambda m: self.user_sales.partner_id in m.partner_ids)
        self.assertTrue(notice, "the salesperson is notified")
        self.assertIn("approved", notice[0].body)
        self.assertTrue(notice[0].subtype_id.internal, "an internal note, not a mail to the customer")
        self.assertEqual(order.copy().approval_state, "draft", "a copy needs its own approval")

    @users("agency_manager")
    def test_request_without_leader_goes_to_all_managers(self):
        self.team.user_id = False
        order = self._create_order()
        order.action_request_approval()
        users = self._approval_activities(order).user_id
        self.assertIn(self.user_manager, users)
        self.assertTrue(all(user.has_group("sales_team.group_sale_manager") for user in users))
        self.assertFalse(users.filtered("share"))
        self.assertNotIn(self.user_sales, users)
        order.with_env(self.env).action_approve()
        self.assertFalse(self._approval_activities(order), "every manager's activity is closed")

    @users("agency_sales", "agency_finance")
    def test_refused_roles(self):
        order = self._create_order()
        order.action_request_approval()
        with self.assertRaises(AccessError):
            order.with_env(self.env).action_approve()
        with self.assertRaises(AccessError):
            order.with_env(self.env).action_reject(reason="Too cheap")
        self.assertEqual(order.approval_state, "to_approve")
        self.assertFalse(order.approved_by_id)
        self.assertFalse(order.approval_reject_reason)
        with self.assertRaises(AccessError):
            self.env["sale.order.reject"].with_user(self.user_sales).create({
                "order_ids": [Command.set(order.ids)], "reason": "No",
            })

    @users("agency_manager")
    def test_approve_requires_request(self):
        order = self._create_order()
        with self.assertRaises(UserError):
            order.with_env(self.env).action_approve()
        self.assertEqual(order.approval_state, "draft")
        order.action_request_approval()
        with self.assertRaises(UserError):
            order.action_request_approval()
        self.assertEqual(len(self._approval_activities(order)), 1)

    @users("agency_sales")
    def test_request_needs_lines(self):
        order = self.env["sale.order"].create({
            "partner_id": self.customer.id,
        })
        with self.assertRaises(UserError):
            order.action_request_approval()
        self.assertEqual(order.approval_state, "draft")

    @users("agency_manager")
    def test_reject_with_reason_through_wizard(self):
        order = self._create_order()
        order.action_request_approval()
        action = order.with_env(self.env).action_reject()
        self.assertEqual(action["res_model"], "sale.order.reject")
        wizard_form = Form(self.env["sale.order.reject"].with_context(**action["context"]))
        wizard_form.reason = "The discount is too deep."
        wizard_form.save().action_reject()
        self.assertEqual(order.approval_state, "rejected")
        self.assertEqual(order.approval_reject_reason, "The discount is too deep.")
        self.assertEqual(order.rejected_by_id, self.user_manager)
        self.assertFalse(self._approval_activities(order))
        notice = order.message_ids.filtered(lambda m: self.user_sales.partner_id in m.partner_ids)
        self.assertIn("The discount is too deep.", notice[0].body)
        # blocked while rejected, and a change keeps it rejected
        with self.assertRaises(UserError):
            order.action_confirm()
        order.order_line.discount = 5.0
        self.assertEqual(order.approval_state, "rejected")
        # the salesperson asks again
        order.action_request_approval()
        self.assertEqual(order.approval_state, "to_approve")
        self.assertFalse(order.approval_reject_reason)

    @users("agency_manager")
    def test_reject_needs_reason(self):
        order = self._create_order()
        order.action_request_approval()
        # without a reason, the wizard that asks for it opens; nothing changes
        action = order.with_env(self.env).action_reject()
        self.assertEqual(action["res_model"], "sale.order.reject")
        with self.assertRaises(UserError):
            order.with_env(self.env).action_reject(reason="   ")
        self.assertEqual(order.approval_state, "to_approve")
        self.assertTrue(self._approval_activities(order))

    # ------------------------------------------------------------
    # RESET ON CHANGES
    # ------------------------------------------------------------

    @users("agency_sales")
    def test_reset_on_every_kind_of_change(self):
        changes = {
            "quantity": lambda o: o.order_line.write({"product_uom_qty": 3.0}),
            "price": lambda o: o.order_line.write({"price_unit": 900.0}),
            "discount": lambda o: o.order_line.write({"discount": 10.0}),
            "product": lambda o: o.order_line.write({"product_id": self.product_2.id}),
            "new line": lambda o: o.write({"order_line": [Command.create({
                "product_id": self.product_2.id, "product_uom_qty": 1.0,
            })]}),
            "removed line": lambda o: o.order_line.unlink(),
            "pricelist": lambda o: o.write({"pricelist_id": (self.pricelist_2 if o.pricelist_id == self.pricelist else self.pricelist).id}),
        }
        for label, change in changes.items():
            with self.subTest(change=label):
                order = self._approved_order()
                change(order.with_env(self.env))
                self.assertEqual(order.approval_state, "draft")
                self.assertFalse(order.approved_by_id)
                self.assertIn("withdrawn", order.message_ids[0].body)
                with self.assertRaises(UserError):
                    order.action_quotation_send()

    @users("agency_sales")
    def test_reset_through_form(self):
        order = self._approved_order()
        with Form(order.with_env(self.env)) as form:
            with form.order_line.edit(0) as line:
                line.product_uom_qty = 5.0
        self.assertEqual(order.approval_state, "draft")

    def test_no_reset_without_real_change(self):
        order = self._approved_order()
        order.order_line.write({"product_uom_qty": 2.0, "price_unit": 1000.0})
        order.write({"client_order_ref": "PO-77", "note": "Thanks"})
        order.write({"pricelist_id": order.pricelist_id.id})
        self.assertEqual(order.approval_state, "approved")

    def test_reset_while_awaiting(self):
        order = self._create_order()
        order.action_request_approval()
        order.order_line.price_unit = 800.0
        self.assertEqual(order.approval_state, "draft")
        self.assertFalse(self._approval_activities(order), "the pending approval activity is removed")

    # ------------------------------------------------------------
    # BLOCKS
    # ------------------------------------------------------------

    def _assert_all_blocked(self, order):
        order = order.with_user(self.user_sales)
        for method in ("action_quotation_send", "action_quotation_sent", "action_confirm",
                       "action_preview_sale_order"):
            with self.subTest(method=method, state=order.approval_state):
                with self.assertRaisesRegex(UserError, order.name):
                    getattr(order, method)()
        with self.assertRaisesRegex(UserError, order.name):
            self.env["ir.actions.report"].with_user(self.user_sales)._render_qweb_pdf(
                "sale.action_report_saleorder", order.ids
            )
        with self.assertRaisesRegex(UserError, order.name):
            self.env["ir.actions.report"].with_user(self.user_sales)._render_qweb_html(
                "sale.action_report_pro_forma_invoice", order.ids
            )
        with self.assertRaises(UserError):
            order.with_context(mark_so_as_sent=True).message_post(body="Your quotation")
        order.write({"require_signature": True, "require_payment": True})
        self.assertFalse(order._has_to_be_signed())
        self.assertFalse(order._has_to_be_paid())
        self.assertEqual(order.state, "draft")

    def test_blocks_when_not_approved(self):
        order = self._create_order()
        self._assert_all_blocked(order)
        order.action_request_approval()
        self._assert_all_blocked(order)
        order.with_user(self.user_manager).action_reject(reason="No")
        self._assert_all_blocked(order)

    @users("agency_sales")
    def test_allowed_when_approved(self):
        order = self._approved_order()
        order = order.with_env(self.env)
        order.write({"require_signature": True, "require_payment": True})
        self.assertTrue(order._has_to_be_signed())
        self.assertTrue(order._has_to_be_paid())
        self.assertEqual(order.action_preview_sale_order()["type"], "ir.actions.act_url")
        html, _report_type = self.env["ir.actions.report"]._render_qweb_pdf(
            "sale.action_report_saleorder", order.ids
        )
        self.assertIn(order.name.encode(), html)
        action = order.action_quotation_send()
        composer = self.env["mail.compose.message"].with_context(**action["context"]).create({})
        composer.action_send_mail()
        self.assertEqual(order.state, "sent")
        order.action_confirm()
        self.assertEqual(order.state, "sale")
        self.assertEqual(order.approval_state, "approved")

    def test_portal_quotation_list_hides_unapproved(self):
        order = self._approved_order()
        order.with_user(self.user_sales).action_quotation_sent()
        domain = CustomerPortal()._prepare_quotations_domain(self.customer)
        self.assertIn(order, self.env["sale.order"].search(domain))
        order.order_line.price_unit = 900.0
        self.assertEqual(order.approval_state, "draft")
        self.assertNotIn(order, self.env["sale.order"].search(domain))

    def test_error_message_names_quotation_and_state(self):
        order = self._create_order()
        order.action_request_approval()
        with self.assertRaises(UserError) as err:
            order.action_confirm()
        self.assertIn(order.name, str(err.exception))
        self.assertIn("Awaiting Approval", str(err.exception))

    # ------------------------------------------------------------
    # LEAD: NEGOTIATION
    # ------------------------------------------------------------

    def test_negotiation_gate(self):
        lead = self._create_lead(step="quotation").with_context(agency_skip_stage_gates=False)
        with self.assertRaisesRegex(UserError, "no quotation"):
            lead.with_user(self.user_sales).stage_id = self.stages["negotiation"]
        order = self._create_order(lead=lead)
        order.action_request_approval()
        with self.assertRaisesRegex(UserError, order.name):
            lead.with_user(self.user_sales).stage_id = self.stages["negotiation"]
        self.assertEqual(lead.process_step, "quotation")
        order.with_user(self.user_manager).action_approve()
        with self.assertRaisesRegex(UserError, "no approved quotation has been sent"):
            lead.with_user(self.user_sales).stage_id = self.stages["negotiation"]
        self.assertTrue(lead._agency_gate_negotiation())
        # sent once approved: the gate opens and the lead moves by itself
        order.with_user(self.user_sales).action_quotation_sent()
        self.assertEqual(lead._agency_gate_negotiation(), [])
        self.assertEqual(lead.stage_id, self.stages["negotiation"])

    @users("agency_sales")
    def test_sending_moves_lead_to_negotiation(self):
        lead = self._create_lead(step="quotation")
        order = self._approved_order(lead=lead)
        action = order.with_env(self.env).action_quotation_send()
        self.env["mail.compose.message"].with_context(**action["context"]).create({}).action_send_mail()
        self.assertEqual(order.state, "sent")
        self.assertEqual(lead.stage_id, self.stages["negotiation"])
        self.assertEqual(lead._agency_gate_negotiation(), [])

    @users("agency_sales")
    def test_sending_moves_lead_of_colleague(self):
        """The lead was reassigned to a colleague: the salesperson who sends
        the quotation cannot write the lead, but sending still moves it."""
        lead = self._create_lead(step="quotation", user=self.user_sales_2)
        order = self._approved_order(lead=lead)
        with self.assertRaises(AccessError):
            lead.with_env(self.env).check_access("write")
        order.with_env(self.env).action_quotation_sent()
        self.assertEqual(lead.stage_id, self.stages["negotiation"])

    @users("agency_sales")
    def test_sending_never_moves_lead_backwards(self):
        lead = self._create_lead(step="contract")
        order = self._approved_order(lead=lead)
        order.with_env(self.env).action_quotation_sent()
        self.assertEqual(order.state, "sent")
        self.assertEqual(lead.stage_id, self.stages["contract"])

    # ------------------------------------------------------------
    # PRESENTATION MEETING
    # ------------------------------------------------------------

    @users("agency_sales")
    def test_presentation_meeting(self):
        lead = self._create_lead(step="quotation")
        order = self._create_order(lead=lead)
        action = order.with_env(self.env).action_schedule_presentation()
        self.assertEqual(action["res_model"], "calendar.event")
        event = self.env["calendar.event"].with_context(**action["context"]).create({"start": "2026-12-01 09:00:00", "stop": "2026-12-01 10:00:00"})
        self.assertEqual(event.opportunity_id, lead)
        self.assertEqual(event.res_model, "sale.order")
        self.assertEqual(event.res_id, order.id)
        self.assertIn(order.name, event.name)
        self.assertEqual(
            event.partner_ids, self.customer | self.user_sales.partner_id
        )


@tagged("post_install", "-at_install", "agency_tour")
class TestQuotationApprovalPortal(HttpCase, ApprovalCommon):

    def test_portal_refuses_unapproved_quotation(self):
        order = self._create_order()
        order.action_request_approval()
        order._portal_ensure_token()
        response = self.url_open(order.get_portal_url())
        self.assertEqual(response.status_code, 403)
        self.assertIn("not available yet", response.text)
        self.assertIn(order.name, response.text)
        pdf = self.url_open(order.get_portal_url(report_type="pdf"))
        self.assertEqual(pdf.status_code, 403)

        order.with_user(self.user_manager).action_approve()
        response = self.url_open(order.get_portal_url())
        self.assertEqual(response.status_code, 200)
        self.assertNotIn("not available yet", response.text)
        self.assertIn(order.name, response.text)

    def test_portal_sign_refused_unapproved(self):
        order = self._create_order()
        order.require_signature = True
        order._portal_ensure_token()
        result = self.make_jsonrpc_request(
            f"/my/orders/{order.id}/accept",
            {"access_token": order.access_token, "name": "Setareh", "signature": "R0lGODlhAQABAAAAACw="},
        )
        self.assertIn("error", result)
        self.assertFalse(order.signature)

    def test_portal_payment_refused_unapproved(self):
        order = self._create_order()
        order.require_payment = True
        order._portal_ensure_token()
        with self.assertRaisesRegex(JsonRpcException, "ValidationError"):
            self.make_jsonrpc_request(
                f"/my/orders/{order.id}/transaction",
                {"access_token": order.access_token, "amount": order.amount_total},
            )
        self.assertFalse(order.transaction_ids)

    def test_tour_manager_approves(self):
        order = self._create_order()
        order.action_request_approval()
        self.start_tour(
            f"/odoo/action-sale.action_quotations_with_onboarding/{order.id}",
            "agency_quotation_approval_tour",
            login=self.user_manager.login,
        )
        self.assertEqual(order.approval_state, "approved")
        self.assertEqual(order.approved_by_id, self.user_manager)
