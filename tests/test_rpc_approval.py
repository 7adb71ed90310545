# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Quotation approval and the customer's decision over JSON-RPC, as each role."""

from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import JsonRpcException, tagged

from ..tools.internal import internal_context
from .contract_common import ContractCommon
from .rpc_common import AgencyRpcMixin, test_password
from .test_quotation_approval import ApprovalCommon


class RpcApprovalCommon(AgencyRpcMixin, ApprovalCommon):

    def _sent_order(self, **kwargs):
        order = self._approved_order(**kwargs)
        order.with_user(self.user_sales).action_quotation_sent()
        self.assertEqual(order.state, "sent")
        return order

    def _assert_withdrawn(self, order):
        order.invalidate_recordset()
        self.assertEqual(order.approval_state, "draft")
        self.assertFalse(order.approval_decision)
        self.assertFalse(order.approved_by_id)
        self.assertTrue(
            order.message_ids.filtered(lambda message: "withdrawn" in (message.body or "")),
            "the withdrawal is logged",
        )

    def _count_orders(self):
        return self.env["sale.order"].search_count([])


@tagged("post_install", "-at_install", "agency_rpc")
class TestRpcApproval(RpcApprovalCommon):

    # ------------------------------------------------------------
    # ONLY THE MANAGERS' ACTIONS APPROVE
    # ------------------------------------------------------------

    def test_rpc_salesperson_cannot_approve(self):
        order = self._create_order()
        order.action_request_approval()
        self.assertRpcRefused(
            self.user_sales, "sale.order", "action_approve", order.ids,
            records=order, error="AccessError",
        )

    def test_rpc_salesperson_cannot_reject(self):
        order = self._create_order()
        order.action_request_approval()
        self.assertRpcRefused(
            self.user_sales, "sale.order", "action_reject", order.ids, reason="Too cheap",
            records=order, error="AccessError",
        )

    def test_rpc_finance_cannot_approve(self):
        order = self._create_order()
        order.action_request_approval()
        self.assertRpcRefused(
            self.user_finance, "sale.order", "action_approve", order.ids,
            records=order, error="AccessError",
        )

    def test_rpc_salesperson_cannot_write_decision_with_context(self):
        order = self._create_order()
        self.assertRpcRefused(
            self.user_sales, "sale.order", "write", order.ids, {"approval_decision": "approved"},
            records=order, error=("UserError", "AccessError"),
            context={"agency_approval_flow": True},
        )

    def test_rpc_salesperson_cannot_write_approver(self):
        order = self._create_order()
        order.action_request_approval()
        self.assertRpcRefused(
            self.user_sales, "sale.order", "write", order.ids,
            {"approved_by_id": self.user_manager.id, "approved_on": "2026-11-01 10:00:00"},
            records=order, error="UserError", message="approval",
        )

    def test_rpc_salesperson_cannot_clear_rejection(self):
        order = self._create_order()
        order.action_request_approval()
        order.with_user(self.user_manager).action_reject(reason="Discount too deep")
        self.assertRpcRefused(
            self.user_sales, "sale.order", "write", order.ids,
            {"rejected_by_id": False, "rejected_on": False, "approval_reject_reason": False},
            records=order, error="UserError",
        )
        self.assertEqual(order.approval_state, "rejected")

    def test_rpc_salesperson_cannot_write_request_fields(self):
        order = self._create_order()
        self.assertRpcRefused(
            self.user_sales, "sale.order", "write", order.ids,
            {"approval_requested_by_id": self.user_sales.id, "approval_requested_on": "2026-11-01 10:00:00"},
            records=order, error="UserError",
        )

    def test_rpc_manager_cannot_write_decision(self):
        """Even a sales manager approves only through action_approve."""
        order = self._create_order()
        order.action_request_approval()
        self.assertRpcRefused(
            self.user_manager, "sale.order", "write", order.ids, {"approval_decision": "approved"},
            records=order, error="UserError", context={"agency_approval_flow": 1},
        )

    def test_rpc_create_with_approval_refused(self):
        before = self._count_orders()
        self.assertRpcRefused(
            self.user_sales, "sale.order", "create", {
                "partner_id": self.customer.id,
                "approval_decision": "approved",
                "approved_by_id": self.user_manager.id,
                "order_line": [Command.create({"product_id": self.product.id})],
            },
            error="UserError", context={"agency_approval_flow": True},
        )
        self.assertEqual(self._count_orders(), before)

    def test_rpc_manager_approves(self):
        order = self._create_order()
        order.action_request_approval()
        self.assertTrue(self.rpc(self.user_manager, "sale.order", "action_approve", order.ids))
        self.assertEqual(order.approval_state, "approved")
        self.assertEqual(order.approved_by_id, self.user_manager)

    def test_rpc_manager_rejects(self):
        order = self._create_order()
        order.action_request_approval()
        self.rpc(self.user_manager, "sale.order", "action_reject", order.ids, reason="Discount too deep")
        self.assertEqual(order.approval_state, "rejected")
        self.assertEqual(order.approval_reject_reason, "Discount too deep")

    # ------------------------------------------------------------
    # NO WAY AROUND THE APPROVAL TO SENT OR CONFIRMED
    # ------------------------------------------------------------

    def test_rpc_write_state_sale_refused(self):
        order = self._create_order()
        order.action_request_approval()
        self.assertRpcRefused(
            self.user_sales, "sale.order", "write", order.ids, {"state": "sale"},
            records=order, error="UserError", message=order.name,
        )

    def test_rpc_write_state_sent_refused(self):
        order = self._create_order()
        self.assertRpcRefused(
            self.user_sales, "sale.order", "write", order.ids, {"state": "sent"},
            records=order, error="UserError", message=order.name,
        )

    def test_rpc_action_confirm_refused(self):
        order = self._create_order()
        order.action_request_approval()
        self.assertRpcRefused(
            self.user_sales, "sale.order", "action_confirm", order.ids,
            records=order, error="UserError", context={"agency_approval_flow": True},
        )

    def test_rpc_action_quotation_sent_refused(self):
        order = self._create_order()
        self.assertRpcRefused(
            self.user_sales, "sale.order", "action_quotation_sent", order.ids,
            records=order, error="UserError",
        )

    def test_rpc_message_post_mark_as_sent_refused(self):
        order = self._create_order()
        self.assertRpcRefused(
            self.user_sales, "sale.order", "message_post", order.ids, body="Your quotation",
            records=order, error="UserError", context={"mark_so_as_sent": True},
        )

    def test_rpc_create_sent_order_refused(self):
        before = self._count_orders()
        for state in ("sent", "sale"):
            with self.subTest(state=state):
                self.assertRpcRefused(
                    self.user_sales, "sale.order", "create", {
                        "partner_id": self.customer.id,
                        "state": state,
                        "order_line": [Command.create({"product_id": self.product.id})],
                    },
                    error="UserError",
                )
        self.assertEqual(self._count_orders(), before)

    def test_rpc_private_confirm_not_callable(self):
        order = self._create_order()
        self.assertRpcRefused(
            self.user_sales, "sale.order", "_action_confirm", order.ids,
            records=order, error=("AccessError", "UserError"),
        )

    def test_rpc_approved_confirmation_is_approved(self):
        order = self._approved_order()
        self.rpc(self.user_sales, "sale.order", "action_confirm", order.ids)
        self.assertEqual(order.state, "sale")
        self.assertEqual(order.approval_state, "approved")
        self.assertTrue(order.approval_required_on_confirm)
        self.company.agency_approval_mode = "never"
        self.assertEqual(order.approval_state, "approved")

    # ------------------------------------------------------------
    # A CHANGE OF WHAT THE CUSTOMER PAYS OR GETS WITHDRAWS THE APPROVAL
    # ------------------------------------------------------------

    def test_rpc_line_write_withdraws(self):
        order = self._approved_order()
        self.rpc(self.user_sales, "sale.order.line", "write", order.order_line.ids, {"price_unit": 900.0},
                 context={"agency_approval_flow": True})
        self._assert_withdrawn(order)

    def test_rpc_line_description_withdraws(self):
        order = self._approved_order()
        self.rpc(self.user_sales, "sale.order.line", "write", order.order_line.ids, {"name": "SEO, 12 months"})
        self._assert_withdrawn(order)

    def test_rpc_line_taxes_withdraw(self):
        order = self._approved_order()
        tax = self.env["account.tax"].create({"name": "VAT 10", "amount": 10.0, "type_tax_use": "sale"})
        self.rpc(self.user_sales, "sale.order.line", "write", order.order_line.ids,
                 {"tax_id": [Command.set(tax.ids)]})
        self._assert_withdrawn(order)

    def test_rpc_order_line_commands_withdraw(self):
        order = self._approved_order()
        line = order.order_line
        self.rpc(self.user_sales, "sale.order", "write", order.ids,
                 {"order_line": [Command.update(line.id, {"discount": 15.0})]})
        self._assert_withdrawn(order)
        order.action_request_approval()
        order.with_user(self.user_manager).action_approve()
        self.rpc(self.user_sales, "sale.order", "write", order.ids,
                 {"order_line": [Command.delete(line.id)]})
        self._assert_withdrawn(order)

    def test_rpc_line_create_withdraws(self):
        order = self._approved_order()
        self.rpc(self.user_sales, "sale.order.line", "create", {
            "order_id": order.id, "product_id": self.product_2.id, "product_uom_qty": 1.0,
        })
        self._assert_withdrawn(order)

    def test_rpc_line_unlink_withdraws(self):
        order = self._approved_order()
        order.write({"order_line": [Command.create({"product_id": self.product_2.id})]})
        order.action_request_approval()
        order.with_user(self.user_manager).action_approve()
        self.rpc(self.user_sales, "sale.order.line", "unlink", order.order_line[-1:].ids)
        self._assert_withdrawn(order)

    def test_rpc_customer_change_withdraws(self):
        order = self._approved_order()
        other = self.env["res.partner"].create({"name": "Other Customer"})
        self.rpc(self.user_sales, "sale.order", "write", order.ids, {"partner_id": other.id})
        self._assert_withdrawn(order)

    def test_rpc_payment_terms_change_withdraws(self):
        order = self._approved_order()
        term = self.env.ref("account.account_payment_term_30days")
        self.assertNotEqual(order.payment_term_id, term)
        self.rpc(self.user_sales, "sale.order", "write", order.ids, {"payment_term_id": term.id})
        self._assert_withdrawn(order)

    def test_rpc_fiscal_position_change_withdraws(self):
        order = self._approved_order()
        fpos = self.env["account.fiscal.position"].create({"name": "Export"})
        self.rpc(self.user_sales, "sale.order", "write", order.ids, {"fiscal_position_id": fpos.id})
        self._assert_withdrawn(order)

    def test_rpc_pricelist_change_withdraws(self):
        order = self._approved_order()
        new = self.pricelist_2 if order.pricelist_id == self.pricelist else self.pricelist
        self.rpc(self.user_sales, "sale.order", "write", order.ids, {"pricelist_id": new.id})
        self._assert_withdrawn(order)

    def test_rpc_update_prices_withdraws(self):
        order = self._approved_order(price=1200.0)
        self.rpc(self.user_sales, "sale.order", "action_update_prices", order.ids)
        self.assertEqual(order.order_line.price_unit, 1000.0)
        self._assert_withdrawn(order)

    def test_rpc_unchanged_values_keep_approval(self):
        order = self._approved_order()
        self.rpc(self.user_sales, "sale.order", "write", order.ids, {
            "partner_id": order.partner_id.id, "client_order_ref": "PO-1",
            "order_line": [Command.update(order.order_line.id, {"product_uom_qty": 2.0})],
        })
        self.assertEqual(order.approval_state, "approved")

    # ------------------------------------------------------------
    # CONFIRMED WITHOUT APPROVAL
    # ------------------------------------------------------------

    def test_confirmed_without_approval_never_not_required(self):
        """Should a quotation that needed the approval reach ``sale``
        without it (data from before the rule), it does not show as "not
        required", whatever the setting says later."""
        order = self._create_order()
        order._write({"state": "sale"})
        order.invalidate_recordset(["state"])
        order.with_context(**internal_context("agency_approval_flow")).write(
            {"approval_required_on_confirm": True}
        )
        self.assertEqual(order.approval_state, "draft")
        self.company.agency_approval_mode = "never"
        self.assertEqual(order.approval_state, "draft")


@tagged("post_install", "-at_install", "agency_rpc")
class TestRpcCustomerDecision(RpcApprovalCommon):

    def test_rpc_write_customer_decision_refused(self):
        order = self._sent_order()
        self.assertRpcRefused(
            self.user_sales, "sale.order", "write", order.ids, {"customer_decision": "accepted"},
            records=order, error="UserError", message="decision",
        )

    def test_rpc_create_customer_decision_refused(self):
        before = self._count_orders()
        self.assertRpcRefused(
            self.user_sales, "sale.order", "create",
            {"partner_id": self.customer.id, "customer_decision": "accepted"},
            error="UserError",
        )
        self.assertEqual(self._count_orders(), before)

    def test_rpc_accept_withdrawn_approval_refused(self):
        order = self._sent_order()
        order.with_user(self.user_sales).order_line.price_unit = 800.0
        self.assertEqual(order.approval_state, "draft")
        self.assertRpcRefused(
            self.user_sales, "sale.order", "action_customer_accept", order.ids,
            records=order, error="UserError", message="not approved",
        )

    def test_rpc_accept_draft_refused(self):
        order = self._approved_order()
        self.assertRpcRefused(
            self.user_sales, "sale.order", "action_customer_accept", order.ids,
            records=order, error="UserError", message="not sent",
        )

    def test_rpc_accept_approved_sent(self):
        order = self._sent_order()
        self.rpc(self.user_sales, "sale.order", "action_customer_accept", order.ids)
        self.assertEqual(order.customer_decision, "accepted")

    # ------------------------------------------------------------
    # REVISIONS
    # ------------------------------------------------------------

    def test_rpc_write_revised_from_refused(self):
        first = self._create_order()
        second = self._create_order()
        self.assertRpcRefused(
            self.user_sales, "sale.order", "write", second.ids, {"revised_from_id": first.id},
            records=first | second, error="UserError", message="Revise",
        )

    def test_rpc_write_revision_number_refused(self):
        order = self._create_order()
        self.assertRpcRefused(
            self.user_sales, "sale.order", "write", order.ids, {"revision_number": 7},
            records=order, error="UserError",
        )

    def test_rpc_link_revisions_refused(self):
        first = self._create_order()
        second = self._create_order()
        self.assertRpcRefused(
            self.user_sales, "sale.order", "write", first.ids, {"revision_ids": [Command.link(second.id)]},
            records=first | second, error="UserError",
        )

    def test_rpc_copy_as_revision_refused(self):
        order = self._create_order()
        before = self._count_orders()
        self.assertRpcRefused(
            self.user_sales, "sale.order", "copy", order.ids,
            default={"revised_from_id": order.id, "revision_number": 3},
            records=order, error="UserError",
        )
        self.assertEqual(self._count_orders(), before)

    def test_revision_loop_refused(self):
        first = self._create_order()
        action = first.with_user(self.user_sales).action_revise()
        second = self.env["sale.order"].browse(action["res_id"])
        self.assertEqual(second.revised_from_id, first)
        with self.assertRaises(ValidationError):
            first.with_context(**internal_context("agency_revision")).write({"revised_from_id": second.id})
        with self.assertRaises(ValidationError):
            first.with_context(**internal_context("agency_revision")).write({"revised_from_id": first.id})

    def test_rpc_revise_works(self):
        order = self._create_order()
        action = self.rpc(self.user_sales, "sale.order", "action_revise", order.ids)
        revision = self.env["sale.order"].browse(action["res_id"])
        self.assertEqual(revision.revised_from_id, order)
        self.assertEqual(revision.revision_number, 1)
        self.assertEqual(order.state, "cancel")


@tagged("post_install", "-at_install", "agency_rpc")
class TestRpcQuotationOptions(RpcApprovalCommon):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the portal user of the fixture is the customer's contact here
        cls.contact = cls.user_portal.partner_id
        cls.contact.parent_id = cls.customer

    def _order_with_option(self, approve=True):
        order = self._create_order()
        option = self.env["sale.order.option"].create({
            "order_id": order.id, "product_id": self.product_2.id, "quantity": 1.0, "price_unit": 500.0,
        })
        if approve:
            order.action_request_approval()
            order.with_user(self.user_manager).action_approve()
        return order, option

    def _portal_call(self, order, url, params):
        """Call a portal JSON route of ``order`` as the customer's portal
        user (with the order's access token, as the portal page does)."""
        self.authenticate(self.user_portal.login, test_password(self.user_portal))
        return self.make_jsonrpc_request(url, dict(params, access_token=order._portal_ensure_token()))

    def test_rpc_add_option_awaiting_refused(self):
        order, option = self._order_with_option(approve=False)
        order.action_request_approval()
        self.assertRpcRefused(
            self.user_sales, "sale.order.option", "add_option_to_order", option.ids,
            records=order, error="UserError", message="approval",
        )
        self.assertEqual(len(order.order_line), 1)

    def test_rpc_button_add_option_draft_refused(self):
        order, option = self._order_with_option(approve=False)
        self.assertRpcRefused(
            self.user_sales, "sale.order.option", "button_add_to_order", option.ids,
            records=order, error="UserError",
        )
        self.assertEqual(len(order.order_line), 1)

    def test_rpc_add_option_approved_keeps_approval(self):
        order, option = self._order_with_option()
        self.rpc(self.user_sales, "sale.order.option", "add_option_to_order", option.ids)
        self.assertEqual(len(order.order_line), 2)
        self.assertEqual(order.approval_state, "approved")

    def test_rpc_option_price_change_withdraws(self):
        order, option = self._order_with_option()
        self.rpc(self.user_sales, "sale.order.option", "write", option.ids, {"price_unit": 50.0})
        self._assert_withdrawn(order)

    def test_rpc_new_option_withdraws(self):
        order, _option = self._order_with_option()
        product = self.env["product.product"].create({"name": "Video", "list_price": 300.0})
        self.rpc(self.user_sales, "sale.order.option", "create", {
            "order_id": order.id, "product_id": product.id, "quantity": 1.0,
        })
        self._assert_withdrawn(order)

    def test_rpc_portal_user_cannot_add_option(self):
        order, option = self._order_with_option(approve=False)
        order.action_request_approval()
        self.assertRpcRefused(
            self.user_portal, "sale.order.option", "add_option_to_order", option.ids,
            records=order, error="AccessError",
        )

    def test_portal_add_option_awaiting_refused(self):
        order, option = self._order_with_option(approve=False)
        order.action_request_approval()
        with self.assertRaises(JsonRpcException):
            self._portal_call(order, f"/my/orders/{order.id}/add_option/{option.id}", {})
        self.assertEqual(len(order.order_line), 1)
        self.assertEqual(order.approval_state, "to_approve")

    def test_portal_add_option_approved_keeps_approval(self):
        order, option = self._order_with_option()
        order.with_user(self.user_sales).action_quotation_sent()
        self._portal_call(order, f"/my/orders/{order.id}/add_option/{option.id}", {})
        order.invalidate_recordset()
        self.assertEqual(len(order.order_line), 2)
        self.assertEqual(order.approval_state, "approved")
        self.assertEqual(order.amount_total, 2500.0)
        # the customer still sees the quotation
        response = self.url_open(order.get_portal_url())
        self.assertEqual(response.status_code, 200)

    def test_portal_update_line_of_approved_refused(self):
        order, option = self._order_with_option()
        option.add_option_to_order()
        line = order.order_line.filtered(lambda l: l.product_id == self.product_2)
        self.assertEqual(order.approval_state, "approved")
        result = self._portal_call(
            order, f"/my/orders/{order.id}/update_line_dict", {"line_id": line.id, "input_quantity": 5},
        )
        self.assertFalse(result)
        self.assertEqual(line.product_uom_qty, 1.0)
        self.assertEqual(order.approval_state, "approved")

    def test_portal_update_line_awaiting_refused(self):
        order, option = self._order_with_option(approve=False)
        order.write({"order_line": [Command.create({"product_id": self.product_2.id})]})
        order.action_request_approval()
        line = order.order_line.filtered(lambda l: l.product_id == self.product_2)
        result = self._portal_call(
            order, f"/my/orders/{order.id}/update_line_dict", {"line_id": line.id, "unlink": True},
        )
        self.assertFalse(result)
        self.assertTrue(line.exists())
        self.assertEqual(order.approval_state, "to_approve")


@tagged("post_install", "-at_install", "agency_rpc")
class TestRpcContractConfirmation(AgencyRpcMixin, ContractCommon):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.agency_confirm_by_contract = True

    def test_settings_field(self):
        settings = self.env["res.config.settings"].create({"agency_confirm_by_contract": False})
        settings.execute()
        self.assertFalse(self.company.agency_confirm_by_contract)
        self.assertFalse(self.env["res.company"].create({"name": "New Agency"}).agency_confirm_by_contract)

    def test_rpc_confirm_agency_order_refused(self):
        self.assertRpcRefused(
            self.user_sales, "sale.order", "action_confirm", self.order.ids,
            records=self.order, error="UserError", message="signing its contract request",
            context={"agency_contract_signing": True},
        )

    def test_rpc_write_state_sale_agency_order_refused(self):
        self.assertRpcRefused(
            self.user_sales, "sale.order", "write", self.order.ids, {"state": "sale"},
            records=self.order, error="UserError", message="signing its contract request",
        )

    def test_rpc_confirm_team_order_without_lead_refused(self):
        order = self.env["sale.order"].create({
            "partner_id": self.customer.id, "user_id": self.user_sales.id, "team_id": self.team.id,
            "order_line": [Command.create({"product_id": self.product.id})],
        })
        self.assertRpcRefused(
            self.user_sales, "sale.order", "action_confirm", order.ids,
            records=order, error="UserError", message="signing its contract request",
        )

    def test_rpc_confirm_other_order_allowed(self):
        team = self.env["crm.team"].create({"name": "Shop", "member_ids": [Command.link(self.user_sales.id)]})
        order = self.env["sale.order"].create({
            "partner_id": self.customer.id, "user_id": self.user_sales.id, "team_id": team.id,
            "order_line": [Command.create({"product_id": self.product.id})],
        })
        self.rpc(self.user_sales, "sale.order", "action_confirm", order.ids)
        self.assertEqual(order.state, "sale")

    def test_rpc_signing_confirms(self):
        request = self._bring_to("signing", self._create_request())
        self._ready_to_sign(request)
        self.rpc(self.user_sales, "crm.contract.request", "action_sign", request.ids)
        self.assertEqual(request.state, "signed")
        self.assertEqual(self.order.state, "sale")

    def test_portal_signature_not_offered(self):
        """Signing or paying the quotation online would confirm it."""
        self.order.write({"require_signature": True, "require_payment": True})
        self.assertFalse(self.order._has_to_be_signed())
        self.assertFalse(self.order._has_to_be_paid())
