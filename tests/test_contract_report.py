# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import datetime
import io
import re
import shutil
import subprocess
import tempfile

import jdatetime
from num2words import num2words

from odoo import Command
from odoo.tests import HttpCase, tagged
from odoo.tools.pdf import PdfFileReader

from .test_legal_archive import LegalArchiveCommon

REPORT = "crm_agency_sales.action_report_contract"
CONTRACT_DATE = datetime.date(2026, 11, 25)


class ContractReportCommon(LegalArchiveCommon):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("fa_IR")
        cls.env["res.lang"]._activate_lang("ru_RU")
        cls.Report = cls.env["report.crm_agency_sales.report_contract"]

    @classmethod
    def _long_terms(cls, articles=9):
        paragraph = (
            "The agency delivers the services described in the annex with due care and "
            "on the agreed schedule; the client provides the information, access and "
            "approvals the work needs, and pays each stage on its due date. "
        ) * 4
        return "".join(
            "<h3>Article %d</h3><p>%s</p><ul><li>Point %d.1 of the article</li>"
            "<li>Point %d.2 of the article</li></ul>" % (i, paragraph, i, i)
            for i in range(1, articles + 1)
        )

    @classmethod
    def _contract(cls, lang="en_US", **values):
        partner = cls.env["res.partner"].create({
            "name": "Setareh Cosmetics", "is_company": True, "lang": lang,
        })
        vals = {
            "partner_id": partner.id,
            "payment_line_ids": [
                Command.create({"label": "Prepayment", "percent": 30, "is_prepayment": True,
                                "due_date": datetime.date(2026, 12, 1)}),
                Command.create({"label": "Second stage", "percent": 40,
                                "due_date": datetime.date(2027, 3, 1)}),
                Command.create({"label": "Final payment", "percent": 30,
                                "due_date": datetime.date(2027, 11, 24)}),
            ],
        }
        vals.update(values)
        return cls._create_request(state="drafted", scans=0, **vals)

    def _render_pdf(self, request):
        """The contract PDF of ``request`` made for real (wkhtmltopdf; the
        test class must be an HttpCase, whose server serves the CSS)."""
        pdf, report_format = self.env["ir.actions.report"].with_context(
            force_report_rendering=True,
        )._render_qweb_pdf(REPORT, request.ids)
        self.assertEqual(report_format, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))
        return pdf

    def _html(self, request):
        html, _format = self.env["ir.actions.report"]._render_qweb_html(REPORT, request.ids)
        return html.decode()


@tagged("post_install", "-at_install", "agency_logic")
class TestContractReportHtml(ContractReportCommon):

    def test_html_english(self):
        request = self._contract("en_US")
        html = self._html(request)
        self.assertIn(num2words(1250000, lang="en"), html)
        self.assertIn("11/25/2026", html)
        self.assertNotIn(jdatetime.date.fromgregorian(date=CONTRACT_DATE).strftime("%Y/%m/%d"), html)
        self.assertIn("Reza Karimi - CEO", html)
        self.assertIn("Agency stamp", html)
        self.assertNotIn('dir="rtl"', html)

    def test_html_persian(self):
        request = self._contract("fa_IR", terms="<p>%s</p>" % ("بند قرارداد " * 60))
        html = self._html(request)
        words = num2words(1250000, lang="fa")
        self.assertIn(words, html)
        jalali = jdatetime.date.fromgregorian(date=CONTRACT_DATE).strftime("%Y/%m/%d")
        self.assertEqual(jalali, "1405/09/04")
        self.assertIn(jalali, html)
        # the payment schedule too is in the Jalali calendar
        self.assertIn(jdatetime.date.fromgregorian(date=datetime.date(2027, 3, 1)).strftime("%Y/%m/%d"), html)
        self.assertNotIn("11/25/2026", html)
        self.assertIn('dir="rtl"', html)
        # Persian text goes line by line (wkhtmltopdf does not wrap it)
        lines = [line for line in re.findall(r"<div>([\u0600-\u06ff ]+)</div>", html)
                 if "بند" in line]
        self.assertGreater(len(lines), 4)
        self.assertTrue(all(len(line) <= 100 for line in lines))
        self.assertEqual(" ".join(lines).split(), ("بند قرارداد " * 60).split())

    def test_html_russian(self):
        request = self._contract("ru_RU")
        html = self._html(request)
        self.assertIn(num2words(1250000, lang="ru"), html)
        self.assertIn("25.11.2026", html)
        self.assertNotIn('dir="rtl"', html)

    def test_amount_in_words(self):
        usd = self.env.ref("base.USD")
        irr = self.env.ref("base.IRR")
        rub = self.env.ref("base.RUB")
        Report = self.Report
        self.assertEqual(Report.amount_in_words(1250000, irr, "fa_IR"),
                         "%s ریال" % num2words(1250000, lang="fa"))
        self.assertEqual(Report.amount_in_words(1250000, rub, "ru_RU"),
                         "один миллион двести пятьдесят тысяч рублей")
        self.assertEqual(Report.amount_in_words(1500.25, usd, "en_US"),
                         "one thousand, five hundred dollars, twenty-five cents")
        # no currency support in num2words for the rial in Russian: a fallback
        self.assertTrue(Report.amount_in_words(1000, irr, "ru_RU").startswith("одна тысяча"))
        self.assertEqual(Report.format_contract_date(CONTRACT_DATE, "fa_IR"), "1405/09/04")
        self.assertEqual(Report.format_contract_date(CONTRACT_DATE, "ru_RU"), "25.11.2026")

    def test_pagination_keeps_all_text(self):
        request = self._contract("en_US", terms=self._long_terms())
        pages = self.Report._contract_pages(request)
        self.assertGreaterEqual(len(pages), 3)
        blocks = [block for page in pages for block in page]
        # payment rows are grouped in tables, nothing is lost or duplicated
        rows = [row["label"] for block in blocks if block["type"] == "payment_table"
                for row in block["rows"]]
        self.assertEqual(len(rows), 3)
        terms_text = " ".join(
            " ".join(block["lines"]) for block in blocks if block["type"] == "para"
        )
        expected = " ".join(
            text for _kind, text in self.Report._terms_paragraphs(request.terms)
        )
        self.assertEqual(terms_text.split(), expected.split())
        # a section heading never ends a page
        for page in pages[:-1]:
            self.assertNotEqual(page[-1]["type"], "heading")
        # more signatories: a taller footer, a smaller page budget
        budget = self.Report._contract_budget(request)
        request.signatory_ids = [Command.create({"name": "Signatory %d" % i}) for i in range(4)]
        self.assertLess(self.Report._contract_budget(request), budget)


@tagged("post_install", "-at_install", "agency_pdf")
class TestContractReportPdf(ContractReportCommon, HttpCase):
    """The PDF for real (wkhtmltopdf; the report CSS is served by the HTTP
    server of the test): the signature boxes, the stamp box and "page x of
    y" are on every page, whatever wkhtmltopdf does with Odoo's
    header/footer HTML."""

    def _pages_text(self, pdf):
        count = PdfFileReader(io.BytesIO(pdf), strict=False).getNumPages()
        if not shutil.which("pdftotext"):
            reader = PdfFileReader(io.BytesIO(pdf), strict=False)
            return [reader.getPage(i).extractText() for i in range(count)]
        texts = []
        with tempfile.NamedTemporaryFile(suffix=".pdf") as pdf_file:
            pdf_file.write(pdf)
            pdf_file.flush()
            for number in range(1, count + 1):
                texts.append(subprocess.run(
                    ["pdftotext", "-f", str(number), "-l", str(number), pdf_file.name, "-"],
                    capture_output=True, text=True, check=True,
                ).stdout)
        return texts

    def test_pdf_footer_on_every_page(self):
        request = self._contract("en_US", terms=self._long_terms())
        pages = self._pages_text(self._render_pdf(request))
        expected = len(self.Report._contract_pages(request))
        self.assertGreaterEqual(len(pages), 3)
        # one sheet per laid-out page: no page block overflows its sheet
        self.assertEqual(len(pages), expected)
        for number, text in enumerate(pages, 1):
            text = " ".join(text.split())
            with self.subTest(page=number):
                self.assertIn("Agency signature", text)
                self.assertIn("Client signature", text)
                self.assertIn("Reza Karimi - CEO", text)
                self.assertIn("Nasrin Ahmadi - Board member", text)
                self.assertIn("Agency stamp", text)
                self.assertIn("Page %d of %d" % (number, len(pages)), text)
        first = " ".join(pages[0].split())
        self.assertIn(num2words(1250000, lang="en"), first)
        self.assertIn("Article 9", " ".join(" ".join(page.split()) for page in pages[-2:]))

    def test_pdf_persian(self):
        request = self._contract("fa_IR", terms=self._long_terms(articles=6))
        pages = self._pages_text(self._render_pdf(request))
        self.assertEqual(len(pages), len(self.Report._contract_pages(request)))
        for number, text in enumerate(pages, 1):
            with self.subTest(page=number):
                self.assertIn("Agency stamp", text)
                self.assertIn("Client signature", text)
                self.assertIn("Agency signature", text)
