# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import base64
import io
from datetime import datetime

import openpyxl

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import AgencyCommon

SHEETS = ["Pipeline", "Objections", "Contracts", "Sales plans", "People and companies"]


@tagged("post_install", "-at_install", "agency_logic")
class TestWorkbook(AgencyCommon):
    """The Excel workbook, read back with openpyxl."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.agency_enforce_stage_gates = False
        cls.person = cls.env["res.partner"].create({
            "name": "Ali Ahmadi", "national_id": "0084575948", "gender": "male",
        })
        cls.lead_1 = cls._create_lead(name="Website", expected_revenue=1500)
        cls.lead_2 = cls._create_lead(name="Ads", partner_id=cls.person.id, step="negotiation")
        cls.lead_3 = cls._create_lead(name="Sam's lead", user=cls.user_sales_2)
        cls.leads = cls.lead_1 | cls.lead_2 | cls.lead_3
        reason = cls.env["crm.objection.reason"].search([("kind", "in", ("price", "both"))], limit=1)
        cls.env["crm.objection"].create([
            {"lead_id": cls.lead_2.id, "kind": "price", "reason_id": reason.id, "description": "Too high"},
            {"lead_id": cls.lead_3.id, "kind": "price", "reason_id": reason.id},
        ])
        cls.request = cls.env["crm.contract.request"].create({
            "partner_id": cls.customer.id, "user_id": cls.user_sales.id,
            "lead_id": cls.lead_1.id, "amount": 15000,
        })
        cls.env.flush_all()
        # the first lead was created at Nowruz 1405 (2026-03-21, 08:00 UTC)
        cls.env.cr.execute(
            "UPDATE crm_lead SET create_date = %s WHERE id = %s",
            [datetime(2026, 3, 21, 8, 0), cls.lead_1.id],
        )
        cls.env.invalidate_all()

    def _export(self, user, lang=None, **values):
        Wizard = self.env["crm.agency.workbook.export"].with_user(user)
        if lang:
            Wizard = Wizard.with_context(lang=lang)
        wizard = Wizard.create(values)
        action = wizard.action_generate()
        self.assertEqual(action["type"], "ir.actions.act_url")
        self.assertIn("/web/content/crm.agency.workbook.export/%s/file_data/" % wizard.id, action["url"])
        return openpyxl.load_workbook(io.BytesIO(base64.b64decode(wizard.file_data)))

    @staticmethod
    def _rows(sheet):
        return [list(row) for row in sheet.iter_rows(values_only=True)]

    @staticmethod
    def _column(sheet, header):
        headers = [cell.value for cell in sheet[1]]
        index = headers.index(header)
        return [row[index] for row in sheet.iter_rows(min_row=2, values_only=True)]

    def test_workbook_sheets_headers_rows(self):
        book = self._export(self.user_manager, lead_ids=[Command.set(self.leads.ids)])
        self.assertEqual(book.sheetnames, SHEETS)
        pipeline = book["Pipeline"]
        headers = [cell.value for cell in pipeline[1]]
        for header in ("File Number", "Customer", "Contact Origin", "Process Step", "Days in Step",
                       "Assessment Done", "Quotation Amount", "Approval", "Objections", "Contract State"):
            self.assertIn(header, headers)
        self.assertNotIn("Created On (Jalali)", headers)  # English user: no Jalali column
        self.assertEqual(len(self._rows(pipeline)), 4)
        self.assertEqual(self._column(pipeline, "File Number"), self.leads.mapped("file_number"))
        self.assertEqual(self._column(pipeline, "Objections"), [0, 1, 1])
        self.assertEqual(self._column(pipeline, "Contract State"), ["Draft", None, None])
        self.assertEqual(self._column(pipeline, "Expected Revenue")[0], 1500)
        self.assertEqual(pipeline.freeze_panes, "A2")
        self.assertTrue(pipeline.auto_filter.ref)
        self.assertFalse(pipeline.sheet_view.rightToLeft)
        # a real Excel date: 08:00 UTC is the same day in any time zone of the test users
        created = self._column(pipeline, "Created On")[0]
        self.assertIsInstance(created, datetime)
        self.assertEqual(created.date().isoformat(), "2026-03-21")
        self.assertEqual(len(self._rows(book["Objections"])), 3)
        self.assertEqual(self._column(book["Objections"], "Description"), ["Too high", None])
        contracts = book["Contracts"]
        self.assertEqual(len(self._rows(contracts)), 2)
        self.assertEqual(self._column(contracts, "Amount"), [15000])
        people = book["People and companies"]
        self.assertEqual(sorted(self._column(people, "Name")), ["Ali Ahmadi", "Setareh Cosmetics"])
        national_ids = dict(zip(self._column(people, "Name"), self._column(people, "National Code")))
        self.assertEqual(national_ids["Ali Ahmadi"], "0084575948")

    def test_workbook_sales_plans(self):
        Target = self.env["crm.sales.target"]
        values = {"period_type": "month", "period_calendar": "gregorian", "period_date": "2026-01-10",
                  "target_amount": 1000}
        Target.create([dict(values, user_id=self.user_sales.id), dict(values, user_id=self.user_sales_2.id)])
        book = self._export(self.user_manager, lead_ids=[Command.set(self.leads.ids)])
        self.assertEqual(sorted(self._column(book["Sales plans"], "Salesperson")),
                         ["Sam Salesperson", "Sara Salesperson"])
        self.assertEqual(self._column(book["Sales plans"], "Target"), [1000, 1000])
        # a salesperson gets their own plan only
        book = self._export(self.user_sales, lead_ids=[Command.set(self.leads.ids)])
        self.assertEqual(self._column(book["Sales plans"], "Salesperson"), ["Sara Salesperson"])

    def test_workbook_filters(self):
        book = self._export(self.user_manager, user_id=self.user_sales_2.id, team_id=self.team.id)
        self.assertEqual(self._column(book["Pipeline"], "File Number"), [self.lead_3.file_number])
        book = self._export(self.user_manager, date_from="2026-03-21", date_to="2026-03-21")
        self.assertEqual(self._column(book["Pipeline"], "File Number"), [self.lead_1.file_number])
        # lost leads only when asked (or selected in a list)
        self.lead_2.active = False
        book = self._export(self.user_manager, user_id=self.user_sales.id)
        self.assertEqual(len(self._rows(book["Pipeline"])), 2)
        book = self._export(self.user_manager, lead_ids=[Command.set(self.leads.ids)])
        self.assertEqual(len(self._rows(book["Pipeline"])), 4)
        book = self._export(self.user_manager, user_id=self.user_sales.id, include_lost=True)
        self.assertIn(self.lead_2.file_number, self._column(book["Pipeline"], "File Number"))
        self.assertEqual(self._column(book["Pipeline"], "Lost")[-1], "Yes")

    def test_workbook_record_rules(self):
        """Generated as the user: a salesperson gets their own leads and
        their objections only, even when others' leads are asked for."""
        book = self._export(self.user_sales, lead_ids=[Command.set(self.leads.ids)])
        self.assertEqual(self._column(book["Pipeline"], "File Number"),
                         (self.lead_1 | self.lead_2).mapped("file_number"))
        self.assertEqual(len(self._rows(book["Objections"])), 2)
        book = self._export(self.user_sales_2)
        self.assertEqual(self._column(book["Pipeline"], "File Number"), [self.lead_3.file_number])
        self.assertEqual(len(self._rows(book["Contracts"])), 1)  # header only
        book = self._export(self.user_sales_c2)
        self.assertEqual(len(self._rows(book["Pipeline"])), 1)

    def test_workbook_private_to_its_author(self):
        """The generated file holds what its author may read: another
        user cannot read it, over the ORM or the download route."""
        wizard = self.env["crm.agency.workbook.export"].with_user(self.user_manager).create({})
        wizard.action_generate()
        for user in (self.user_sales, self.user_sales_2):
            with self.assertRaises(AccessError):
                wizard.with_user(user).read(["file_data"])

    def test_workbook_persian(self):
        self.env["res.lang"]._activate_lang("fa_IR")
        self.user_sales.write({"lang": "fa_IR", "tz": "Asia/Tehran"})
        book = self._export(self.user_sales, lang="fa_IR", lead_ids=[Command.set(self.lead_1.ids)])
        pipeline = book.worksheets[0]
        self.assertTrue(pipeline.sheet_view.rightToLeft)
        headers = [cell.value for cell in pipeline[1]]
        # headers in the user's language (code translations of i18n/fa.po)
        env_fa = self.env(context=dict(self.env.context, lang="fa_IR"))
        created_label = env_fa._("Created On")
        self.assertNotEqual(created_label, "Created On")
        created = headers.index(created_label)
        self.assertEqual(headers[created + 1], env_fa._("%(column)s (Jalali)", column=created_label))
        row = [cell.value for cell in pipeline[2]]
        self.assertEqual(row[created].date().isoformat(), "2026-03-21")
        self.assertEqual(row[created + 1], "1405/01/01")
        for sheet in book.worksheets:
            self.assertTrue(sheet.sheet_view.rightToLeft)

    def test_workbook_from_lead_list(self):
        """The server action of the lead list downloads the workbook of the
        selected leads."""
        action = self.env.ref("crm_agency_sales.crm_lead_action_export_workbook")
        self.assertEqual(action.binding_model_id.model, "crm.lead")
        result = action.with_user(self.user_sales).with_context(
            active_model="crm.lead", active_ids=(self.lead_1 | self.lead_2).ids,
        ).run()
        self.assertEqual(result["type"], "ir.actions.act_url")
        wizard = self.env["crm.agency.workbook.export"].search([], order="id desc", limit=1)
        book = openpyxl.load_workbook(io.BytesIO(base64.b64decode(wizard.file_data)))
        self.assertEqual(len(self._rows(book["Pipeline"])), 3)

    def test_workbook_query_count_does_not_grow(self):
        reason = self.env["crm.objection.reason"].search([("kind", "in", ("price", "both"))], limit=1)
        product = self.env["product.product"].create({"name": "SEO", "type": "service", "list_price": 10})

        def queries_for(count):
            partners = self.env["res.partner"].create([{"name": "P%s" % i} for i in range(count)])
            leads = self.env["crm.lead"].create([
                {"name": "L%s" % i, "type": "opportunity", "team_id": self.team.id,
                 "user_id": self.user_sales.id, "partner_id": partner.id,
                 "stage_id": self.stages["negotiation"].id}
                for i, partner in enumerate(partners)
            ])
            self.env["sale.order"].create([
                {"partner_id": lead.partner_id.id, "opportunity_id": lead.id, "user_id": self.user_sales.id,
                 "order_line": [Command.create({"product_id": product.id, "product_uom_qty": 1})]}
                for lead in leads
            ])
            self.env["crm.objection"].create([
                {"lead_id": lead.id, "kind": "price", "reason_id": reason.id} for lead in leads
            ])
            self.env["crm.contract.request"].create([
                {"partner_id": lead.partner_id.id, "user_id": self.user_sales.id, "lead_id": lead.id,
                 "amount": 10} for lead in leads
            ])
            wizard = self.env["crm.agency.workbook.export"].with_user(self.user_manager).create({})
            leads = leads.with_user(self.user_manager)
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.cr.sql_log_count
            wizard._build_workbook(leads)
            return self.cr.sql_log_count - before

        queries_for(2)  # warm the caches (access rights, rules, translations)
        self.assertEqual(queries_for(10), queries_for(100))
