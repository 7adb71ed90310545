# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Quotation approval and the customer's decision over JSON-RPC, as each role."""
from odoo.tests import tagged

from .rpc_common import AgencyRpcMixin
from .test_quotation_approval import ApprovalCommon


@tagged("post_install", "-at_install", "agency_rpc")
class TestRpcApproval(AgencyRpcMixin, ApprovalCommon):

    def test_rpc_salesperson_cannot_approve(self):
        order = self._create_order()
        order.action_request_approval()
        self.assertRpcRefused(
            self.user_sales, "sale.order", "action_approve", order.ids,
            records=order, error="AccessError",
        )

    def test_rpc_salesperson_cannot_write_decision_with_context(self):
        order = self._create_order()
        self.assertRpcRefused(
            self.user_sales, "sale.order", "write", order.ids, {"approval_decision": "approved"},
            records=order, error=("UserError", "AccessError"),
            context={"agency_approval_flow": True},
        )
