# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Screenshots of the lead, quotation and contract request forms, per role,
on a desktop and at 375 px with the header's dropdown open (where Odoo folds
the header buttons on a phone). Not part of the normal suite:

    TEST_TAGS=agency_screenshots make test

The pictures go to $AGENCY_SHOTS_DIR (default /tmp/btn_shots). Besides the
pictures, each page checks that the phone's dropdown lists the process
actions before Archive/Duplicate and no action twice."""
import base64
import os
import pathlib

import werkzeug.urls

from odoo.tests import HttpCase, tagged
from odoo.tests.common import ChromeBrowser

from ..tools.internal import internal_context
from .contract_common import ContractCommon

WAIT_JS = """
(async () => {
    const wait = (selector) => new Promise((resolve, reject) => {
        let tries = 0;
        const timer = setInterval(() => {
            const el = document.querySelector(selector);
            if (el) { clearInterval(timer); resolve(el); }
            if (++tries > 300) { clearInterval(timer); reject(new Error('not found: ' + selector)); }
        }, 100);
    });
    await wait('.o_form_view .o_form_sheet');
    if (%(small)s) {
        (await wait('.o_cp_action_menus button')).click();
        const menu = await wait('.o-dropdown--menu');
        const items = [...menu.querySelectorAll('.dropdown-item, button')]
            .map((el) => el.innerText.trim()).filter((text) => text);
        const labels = [...menu.querySelectorAll('.o-dropdown-item-unstyled-button button')]
            .map((el) => el.innerText.trim());
        const dup = labels.filter((label, index) => labels.indexOf(label) !== index);
        if (dup.length) { console.error('twice in the dropdown: ' + dup.join(', ')); return; }
        const archive = items.findIndex((text) => text === 'Archive' || text === 'Duplicate');
        const last = items.findIndex((text) => text === labels[labels.length - 1]);
        if (labels.length && archive !== -1 && archive < last) {
            console.error('Archive/Duplicate before the process actions: ' + items.join(' | '));
            return;
        }
        console.info('dropdown: ' + items.join(' | '));
    }
    await new Promise((resolve) => setTimeout(resolve, 800));
    console.log('test successful');
})();
"""


@tagged("post_install", "-at_install", "-standard", "agency_screenshots")
class TestUxButtonsScreenshots(ContractCommon, HttpCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.shots_dir = pathlib.Path(os.environ.get("AGENCY_SHOTS_DIR", "/tmp/btn_shots"))
        cls.shots_dir.mkdir(parents=True, exist_ok=True)

    def _shoot(self, record, login, name):
        url = "/odoo/action-%s/%s" % (self._action_of(record), record.id)
        for size, small in (("1366x900", False), ("375x800", True)):
            self.browser_size = size
            self.touch_enabled = small
            browser = ChromeBrowser(self, headless=True)
            try:
                self.authenticate(login, login, browser=browser)
                self.cr.flush()
                self.cr.clear()
                if small:
                    # headless chromium keeps a window of at least 500 px
                    browser._websocket_request("Emulation.setDeviceMetricsOverride", params={
                        "width": 375, "height": 800, "deviceScaleFactor": 1, "mobile": True,
                    })
                browser.navigate_to(werkzeug.urls.url_join(self.base_url(), url), wait_stop=True)
                self.assertTrue(browser._wait_ready(""))
                browser._wait_code_ok(WAIT_JS % {"small": "true" if small else "false"}, 60)
                shot = browser._websocket_request("Page.captureScreenshot", timeout=30)
                path = self.shots_dir / ("%s_%s.png" % (name, "375" if small else "desktop"))
                path.write_bytes(base64.b64decode(shot["data"]))
            finally:
                browser.stop()
                self._wait_remaining_requests()

    @staticmethod
    def _action_of(record):
        return {
            "crm.lead": "crm.crm_lead_action_pipeline",
            "sale.order": "sale.action_quotations_with_onboarding",
            "crm.contract.request": "crm_agency_sales.crm_contract_request_action",
        }[record._name]

    def test_screenshots(self):
        self.customer.email = "info@setareh.example.com"
        cold = self._create_lead(step="new", contact_origin="cold", name="Cold lead: Behnam Bakery")
        warm = self._create_lead(step="new", contact_origin="warm", name="Warm lead: Behnam Bakery",
                                 email_from="bakery@example.com")
        self._shoot(cold, "agency_sales", "lead_cold_new_sales")
        self._shoot(warm, "agency_sales", "lead_warm_new_sales")
        self._shoot(warm, "agency_manager", "lead_warm_new_manager")
        self._shoot(warm, "agency_finance", "lead_warm_new_finance")

        nego = self._create_lead(step="negotiation", name="Negotiation: Setareh")
        order = self._create_order(nego)
        order.with_user(self.user_sales).action_quotation_sent()
        self._shoot(order, "agency_sales", "quotation_sent_sales")
        self._shoot(order, "agency_manager", "quotation_sent_manager")
        order.with_user(self.user_sales).action_customer_accept()
        self._shoot(nego, "agency_sales", "lead_accepted_sales")
        self._shoot(order, "agency_sales", "quotation_accepted_sales")

        request = self._create_request(order=self.order)
        self._shoot(request, "agency_sales", "request_draft_sales")
        request.with_user(self.user_sales).action_submit()
        self._shoot(request, "agency_finance", "request_submitted_finance")
        self._shoot(request, "agency_sales", "request_submitted_sales")
        request.with_user(self.user_finance).action_start_drafting()
        self._shoot(request, "agency_finance", "request_drafting_finance")
        request.with_user(self.user_finance).action_drafted()
        self._shoot(request, "agency_sales", "request_drafted_sales")
        self._shoot(request, "agency_project", "request_drafted_project")
        self._shoot(self.lead.with_context(**internal_context("agency_skip_stage_gates")),
                    "agency_sales", "lead_contract_sales")
