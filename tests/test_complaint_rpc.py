# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import http
from odoo.tests import tagged
from odoo.tools import mute_logger

from .complaint_common import ComplaintCommon
from .rpc_common import AgencyRpcMixin, test_password

FLOW = ["state", "root_cause", "customer_confirmed", "resolved_by_id", "closed_by_id",
        "rejected_by_id", "reject_reason", "escalated"]


@tagged("post_install", "-at_install", "agency_rpc")
class TestComplaintRpc(AgencyRpcMixin, ComplaintCommon):

    def test_rpc_write_state_refused(self):
        complaint = self._complaint()
        self.assertRpcRefused(
            self.user_sales, "crm.complaint", "write", [complaint.id], {"state": "closed"},
            records=complaint, fnames=FLOW, message="only through its steps",
        )

    def test_rpc_handled_complaint_not_deleted_with_force_unlink(self):
        complaint = self._complaint()
        complaint.action_start()
        self.assertRpcRefused(
            self.user_manager, "crm.complaint", "unlink", [complaint.id],
            records=complaint, message="only new complaints can be deleted",
            context={"_force_unlink": True},
        )
        self.assertTrue(complaint.exists())

    def test_rpc_context_key_switches_nothing_off(self):
        complaint = self._complaint()
        self.assertRpcRefused(
            self.user_manager, "crm.complaint", "write", [complaint.id],
            {"state": "resolved", "root_cause": "x", "customer_confirmed": True},
            records=complaint, fnames=FLOW, message="only through its steps",
            context={"agency_complaint_flow": True},
        )

    def test_rpc_create_closed_refused(self):
        self.assertRpcRefused(
            self.user_sales, "crm.complaint", "create",
            {"partner_id": self.customer.id, "category_id": self.category.id,
             "description": "x", "state": "closed"},
            message="starts new",
        )
        self.assertFalse(self.env["crm.complaint"].search([("partner_id", "=", self.customer.id)]))

    def test_rpc_resolve_without_root_cause_refused(self):
        complaint = self._complaint()
        complaint.action_start()
        wizard_id = self.rpc(self.user_sales, "crm.complaint.resolve", "create", {
            "complaint_id": complaint.id, "customer_confirmed": True,
        })
        self.assertRpcRefused(
            self.user_sales, "crm.complaint.resolve", "action_confirm", [wizard_id],
            records=complaint, fnames=FLOW, message="root cause",
        )

    def test_rpc_resolve_without_confirmation_refused(self):
        complaint = self._complaint()
        complaint.action_start()
        wizard_id = self.rpc(self.user_sales, "crm.complaint.resolve", "create", {
            "complaint_id": complaint.id, "root_cause": "Late delivery by the printer.",
        })
        self.assertRpcRefused(
            self.user_sales, "crm.complaint.resolve", "action_confirm", [wizard_id],
            records=complaint, fnames=FLOW, message="customer has confirmed",
        )

    def test_rpc_private_step_refused(self):
        complaint = self._complaint()
        complaint.action_start()
        self.assertRpcRefused(
            self.user_sales, "crm.complaint", "_resolve", [complaint.id], "cause", "", True,
            records=complaint, fnames=FLOW, error="AccessError",
        )

    def test_rpc_close_by_expert_refused(self):
        complaint = self._complaint(user_id=self.user_sales_2.id)
        complaint.action_start()
        self._resolve(complaint, self.user_sales_2)
        self.assertRpcRefused(
            self.user_sales_2, "crm.complaint", "action_close", [complaint.id],
            records=complaint, fnames=FLOW, error="AccessError", message="salesperson of the customer",
        )

    def test_rpc_close_new_refused(self):
        complaint = self._complaint()
        self.assertRpcRefused(
            self.user_sales, "crm.complaint", "action_close", [complaint.id],
            records=complaint, fnames=FLOW, message="cannot be closed",
        )

    def test_rpc_reject_by_salesperson_refused(self):
        complaint = self._complaint()
        self.assertRpcRefused(
            self.user_sales, "crm.complaint", "action_open_reject_wizard", [complaint.id],
            records=complaint, fnames=FLOW, error="AccessError", message="sales manager",
        )
        self.assertRpcRefused(
            self.user_sales, "crm.complaint.reject", "create",
            {"complaint_id": complaint.id, "reason": "No."},
            records=complaint, fnames=FLOW, error="AccessError",
        )

    def test_rpc_reject_without_reason_refused(self):
        complaint = self._complaint()
        wizard_id = self.rpc(self.user_manager, "crm.complaint.reject", "create", {"complaint_id": complaint.id})
        self.assertRpcRefused(
            self.user_manager, "crm.complaint.reject", "action_confirm", [wizard_id],
            records=complaint, fnames=FLOW, message="reason",
        )

    def test_rpc_other_salesperson_refused(self):
        complaint = self._complaint()
        self.assertRpcRefused(
            self.user_sales_2, "crm.complaint", "read", [complaint.id], ["description"],
            error="AccessError",
        )
        self.assertRpcRefused(
            self.user_sales_2, "crm.complaint", "action_start", [complaint.id],
            records=complaint, fnames=FLOW, error="AccessError",
        )

    def test_rpc_other_company_refused(self):
        complaint = self._complaint()
        self.assertRpcRefused(
            self.user_sales_c2, "crm.complaint", "write", [complaint.id], {"severity": "critical"},
            records=complaint, fnames=FLOW + ["severity"], error="AccessError",
        )

    def test_rpc_portal_user_cannot_create_or_write(self):
        complaint = self._complaint(partner_id=self.contact.id)
        self.assertRpcRefused(
            self.user_portal, "crm.complaint", "create",
            {"partner_id": self.contact.id, "category_id": self.category.id, "description": "x"},
            error="AccessError",
        )
        self.assertRpcRefused(
            self.user_portal, "crm.complaint", "write", [complaint.id], {"description": "x"},
            records=complaint, fnames=FLOW + ["description"], error="AccessError",
        )

    def test_rpc_steps_by_right_roles(self):
        complaint = self._complaint(user_id=self.user_sales_2.id)
        self.rpc(self.user_sales_2, "crm.complaint", "action_start", [complaint.id])
        wizard_id = self.rpc(self.user_sales_2, "crm.complaint.resolve", "create", {
            "complaint_id": complaint.id, "root_cause": "Late delivery by the printer.",
            "customer_confirmed": True,
        })
        self.rpc(self.user_sales_2, "crm.complaint.resolve", "action_confirm", [wizard_id])
        self.rpc(self.user_sales, "crm.complaint", "action_close", [complaint.id])
        self.assertEqual(complaint.state, "closed")


@tagged("post_install", "-at_install", "agency_rpc")
class TestComplaintPortal(AgencyRpcMixin, ComplaintCommon):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.order = cls._confirmed_order(cls.customer)
        cls.other_order = cls._confirmed_order(cls.other_customer)

    def _login_portal(self):
        self.authenticate(self.user_portal.login, test_password(self.user_portal))

    def _post(self, order, **data):
        data.setdefault("csrf_token", http.Request.csrf_token(self))
        return self.url_open("/my/orders/%s/complaint" % order.id, data=data, allow_redirects=False)

    def test_portal_customer_files_complaint(self):
        self._login_portal()
        page = self.url_open("/my/orders/%s" % self.order.id)
        self.assertEqual(page.status_code, 200)
        self.assertIn("/my/orders/%s/complaint" % self.order.id, page.text)
        form = self.url_open("/my/orders/%s/complaint" % self.order.id)
        self.assertEqual(form.status_code, 200)
        self.assertIn(self.category.name, form.text)

        response = self._post(self.order, category_id=self.category.id, description="The ads stopped running.")
        self.assertEqual(response.status_code, 303)
        complaint = self.env["crm.complaint"].search([("order_id", "=", self.order.id)])
        self.assertEqual(len(complaint), 1)
        self.assertIn("/my/complaints/%s" % complaint.id, response.headers["Location"])
        self.assertRecordValues(complaint, [{
            "partner_id": self.customer.id, "channel": "portal", "state": "new",
            "user_id": self.user_sales.id, "salesperson_id": self.user_sales.id,
            "category_id": self.category.id, "company_id": self.order.company_id.id,
        }])
        self.assertEqual(complaint.activity_ids.user_id, self.user_sales)

        listing = self.url_open("/my/complaints")
        self.assertEqual(listing.status_code, 200)
        self.assertIn(complaint.name, listing.text)
        detail = self.url_open("/my/complaints/%s" % complaint.id)
        self.assertEqual(detail.status_code, 200)
        self.assertIn("The ads stopped running.", detail.text)

    @mute_logger("odoo.http")
    def test_portal_other_customers_order_refused(self):
        self._login_portal()
        response = self._post(self.other_order, category_id=self.category.id, description="Not mine.")
        self.assertIn(response.status_code, (302, 303))
        self.assertTrue(response.headers["Location"].endswith("/my"))
        self.assertFalse(self.env["crm.complaint"].search([("order_id", "=", self.other_order.id)]))
        form = self.url_open("/my/orders/%s/complaint" % self.other_order.id, allow_redirects=False)
        self.assertIn(form.status_code, (302, 303))

    def test_portal_incomplete_form_refused(self):
        self._login_portal()
        response = self._post(self.order, category_id=self.category.id, description="  ")
        self.assertEqual(response.status_code, 400)
        response = self._post(self.order, category_id="abc", description="Something")
        self.assertEqual(response.status_code, 400)
        self.assertFalse(self.env["crm.complaint"].search([("order_id", "=", self.order.id)]))

    def test_portal_sees_only_own_complaints(self):
        own = self._complaint(order_id=self.order.id)
        other = self._complaint(partner_id=self.other_customer.id, user=self.user_manager)
        self._login_portal()
        listing = self.url_open("/my/complaints")
        self.assertIn(own.name, listing.text)
        self.assertNotIn(other.name, listing.text)
        response = self.url_open("/my/complaints/%s" % other.id, allow_redirects=False)
        self.assertIn(response.status_code, (302, 303))
        Complaint = self.env["crm.complaint"].with_user(self.user_portal)
        self.assertEqual(Complaint.search([]), own)

    def test_portal_public_user_redirected_to_login(self):
        response = self.url_open("/my/orders/%s/complaint" % self.order.id, allow_redirects=False)
        self.assertIn(response.status_code, (302, 303))
        self.assertIn("/web/login", response.headers["Location"])
        self.assertFalse(self.env["crm.complaint"].search([("order_id", "=", self.order.id)]))
