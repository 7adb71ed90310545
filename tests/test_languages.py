# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Persian and Russian installed the way an admin does it (Settings →
Languages → Add), and the web client laid out right to left for a Persian
user.

Odoo builds its right-to-left style sheets with the ``rtlcss`` tool; when the
tool is missing the server only logs a warning and serves the left-to-right
CSS, so the layout check below reads what the CSS actually does."""
from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install", "agency_tour")
class TestLanguages(HttpCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        langs = cls.env["res.lang"].with_context(active_test=False).search(
            [("code", "in", ("fa_IR", "ru_RU"))]
        )
        assert len(langs) == 2, "Odoo ships fa_IR and ru_RU"
        # the Settings → Languages → Add Languages wizard, as an admin uses it
        wizard = cls.env["base.language.install"].create({"lang_ids": [Command.set(langs.ids)]})
        wizard.lang_install()
        cls.user_fa = new_test_user(
            cls.env, login="agency_fa", name="Shirin Salesperson", lang="fa_IR",
            groups="sales_team.group_sale_salesman",
        )

    def _in(self, lang, xmlid, fname="name"):
        return self.env.ref(xmlid).with_context(lang=lang)[fname]

    def test_stage_names_translated(self):
        self.assertEqual(self._in("fa_IR", "crm_agency_sales.stage_agency_future"), "پیگیری\u200cهای آتی")
        self.assertEqual(self._in("ru_RU", "crm_agency_sales.stage_agency_future"), "Отложенные контакты")
        self.assertEqual(self._in("en_US", "crm_agency_sales.stage_agency_future"), "Future Follow-ups")

    def test_menus_reports_and_templates_translated(self):
        self.assertEqual(
            self._in("fa_IR", "crm_agency_sales.menu_agency_contracts_root"), "قراردادهای آژانس"
        )
        self.assertEqual(
            self._in("ru_RU", "crm_agency_sales.menu_agency_contracts_root"), "Договоры агентства"
        )
        self.assertEqual(self._in("fa_IR", "crm_agency_sales.action_report_contract"), "قرارداد")
        self.assertEqual(self._in("ru_RU", "crm_agency_sales.action_report_contract"), "Договор")
        template = "crm_agency_sales.mail_template_agency_sales_documents"
        self.assertIn("رزومه، کاتالوگ", self._in("fa_IR", template, "subject"))
        self.assertIn("резюме, каталог", self._in("ru_RU", template, "subject"))

    def test_persian_web_client_right_to_left(self):
        """As a Persian salesperson: the page is right to left, the CSS is
        the one rtlcss mirrored (a Bootstrap ``ms-3`` margin lands on the
        right), and the agency's stages show in Persian."""
        team = self.env.ref("crm_agency_sales.crm_team_agency")
        team.member_ids = [Command.link(self.user_fa.id)]
        self.env["crm.lead"].create({
            "name": "Negar Bakery", "type": "opportunity", "team_id": team.id,
            "user_id": self.user_fa.id,
            # an agency stage without an open gate (gates are off by default)
            "stage_id": self.env.ref("crm_agency_sales.stage_agency_future").id,
        })
        code = """
            const problems = [];
            if (!document.body.classList.contains('o_rtl')) {
                problems.push('the web client did not start right to left');
            }
            const main = document.querySelector('.o_action_manager');
            if (getComputedStyle(main).direction !== 'rtl') {
                problems.push('main content direction is ' + getComputedStyle(main).direction);
            }
            const probe = document.createElement('div');
            probe.className = 'ms-3';
            document.body.appendChild(probe);
            const style = getComputedStyle(probe);
            if (!(parseFloat(style.marginRight) > 0 && parseFloat(style.marginLeft) === 0)) {
                problems.push('the style sheets are not mirrored (is rtlcss installed?): '
                    + 'ms-3 gives margin-left ' + style.marginLeft + ', margin-right ' + style.marginRight);
            }
            const columns = document.querySelector('.o_kanban_renderer').innerText;
            if (!columns.includes('پیگیری\u200cهای آتی')) {
                problems.push('the agency stages are not in Persian: ' + columns.slice(0, 300));
            }
            if (problems.length) {
                console.error(problems.join('\\n'));
            } else {
                console.log('test successful');
            }
        """
        self.browser_js(
            "/odoo/action-crm.crm_lead_action_pipeline",
            code,
            ready="!!document.querySelector('.o_kanban_renderer .o_column_title')",
            login=self.user_fa.login,
            timeout=240,  # the first Persian page builds the mirrored bundles
        )
