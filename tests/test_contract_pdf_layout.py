# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The contract PDF as a reader sees it.

The PDF is rendered for real (wkhtmltopdf, with the CSS served by the test's
HTTP server), its words are extracted with their boxes (``pdftotext -bbox``,
poppler-utils) and checked: every word lies inside the page margins (a line
pushed out of its box is cut at the page's edge), the Persian text comes
out as Persian text (no empty boxes: every glyph is in an embedded font
that has it), and the labels are in the contract's language.
"""
import datetime
import re
import shutil
import subprocess
import tempfile
import unicodedata
from xml.etree import ElementTree

from odoo import Command
from odoo.tests import HttpCase, tagged

from .test_contract_report import ContractReportCommon

MM = 72 / 25.4  # PDF points in a millimetre
# Unicode marks that carry no glyph (ZWNJ, bidi marks): pdftotext drops them
INVISIBLE = dict.fromkeys(map(ord, "\u200c\u200d\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e"))


def _plain(text):
    """``text`` as comparable words: Arabic presentation forms (what
    pdftotext gives for shaped Persian glyphs) back to letters, invisible
    marks removed, whitespace collapsed."""
    text = unicodedata.normalize("NFKC", text or "").translate(INVISIBLE)
    return " ".join(text.split())


@tagged("post_install", "-at_install", "agency_pdf")
class TestContractPdfLayout(ContractReportCommon, HttpCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.paperformat = cls.env.ref("crm_agency_sales.paperformat_agency_contract")
        # the report's own words (QWeb terms) in Persian and Russian, as when
        # the languages are installed from the settings
        cls.env["ir.module.module"]._load_module_terms(["crm_agency_sales"], ["fa_IR", "ru_RU"])

    def setUp(self):
        super().setUp()
        for tool in ("pdftotext", "pdffonts", "wkhtmltopdf"):
            if not shutil.which(tool):
                self.skipTest("%s is not installed (poppler-utils, wkhtmltopdf)" % tool)

    # ------------------------------------------------------------
    # helpers
    # ------------------------------------------------------------

    def _run(self, pdf, *command):
        with tempfile.NamedTemporaryFile(suffix=".pdf") as pdf_file:
            pdf_file.write(pdf)
            pdf_file.flush()
            return subprocess.run(
                [*command, pdf_file.name, *(["-"] if command[0] == "pdftotext" else [])],
                capture_output=True, text=True, check=True,
            ).stdout

    def _pages(self, pdf):
        """Per page: ``(width, height, words)``, a word being
        ``(x_min, y_min, x_max, y_max, text)`` in PDF points."""
        xhtml = self._run(pdf, "pdftotext", "-bbox")
        # the XHTML of pdftotext: namespaced elements, a DOCTYPE
        xhtml = re.sub(r"<!DOCTYPE[^>]*>", "", xhtml).replace('xmlns="http://www.w3.org/1999/xhtml"', "")
        pages = []
        for page in ElementTree.fromstring(xhtml).iter("page"):
            words = [
                (float(w.get("xMin")), float(w.get("yMin")), float(w.get("xMax")),
                 float(w.get("yMax")), w.text or "")
                for w in page.iter("word")
            ]
            pages.append((float(page.get("width")), float(page.get("height")), words))
        return pages

    def _pages_text(self, pdf):
        """The text of each page, in reading order (pdftotext without
        -bbox reorders right-to-left lines), as comparable words."""
        text = self._run(pdf, "pdftotext")
        return [_plain(page) for page in text.split("\f") if page.strip()]

    def assertInsideMargins(self, pdf):
        pages = self._pages(pdf)
        self.assertTrue(pages)
        tolerance = 1.5 * MM  # anti-aliasing and glyph side bearings
        left = self.paperformat.margin_left * MM - tolerance
        right_margin = self.paperformat.margin_right * MM - tolerance
        top = self.paperformat.margin_top * MM - tolerance
        bottom_margin = self.paperformat.margin_bottom * MM - tolerance
        outside = []
        for number, (width, height, words) in enumerate(pages, 1):
            self.assertTrue(words, "page %d is empty" % number)
            outside += [
                "page %d: %r at x %.0f-%.0f, y %.0f-%.0f" % (number, text, x_min, x_max, y_min, y_max)
                for x_min, y_min, x_max, y_max, text in words
                if x_min < left or x_max > width - right_margin
                or y_min < top or y_max > height - bottom_margin
            ]
        self.assertFalse(outside, "words outside the page margins (%.0f-%.0f pt): %s" % (
            left, pages[0][0] - right_margin, "; ".join(outside[:20])))
        return pages

    def assertFontsEmbedded(self, pdf):
        lines = self._run(pdf, "pdffonts").splitlines()[2:]
        self.assertTrue(lines)
        for line in lines:
            # name type encoding emb sub uni object ID: "emb" is the 4th
            # column from the end
            columns = line.split()
            with self.subTest(font=columns[0]):
                self.assertEqual(columns[-5], "yes", "font not embedded: %s" % line)
                self.assertNotIn("Oblique", columns[0], "no italic: it has no Persian glyphs")
                self.assertNotIn("Italic", columns[0], "no italic: it has no Persian glyphs")

    def _render_readable(self, request):
        """The PDF of ``request``, checked as a reader sees it (inside the
        margins, fonts embedded, no replacement character): its pages'
        text."""
        pdf = self._render_pdf(request)
        self.assertInsideMargins(pdf)
        self.assertFontsEmbedded(pdf)
        pages = self._pages_text(pdf)
        self.assertNotIn("\ufffd", " ".join(pages))
        return pages

    def _tr(self, lang, source):
        return self.Report.with_context(lang=lang).env._(source)

    def _closing(self, lang):
        return self.Report.with_context(lang=lang).env._(
            "This contract is made in two copies of equal force, one for each party. "
            "Every page is signed by both parties and stamped by the agency."
        )

    def _person_contract(self, lang, name):
        return self._contract(
            lang, party_type="person", legal_name=name, signatory_ids=[Command.clear()],
            national_id="0084575948",
        )

    # ------------------------------------------------------------
    # tests
    # ------------------------------------------------------------

    def test_pdf_english_layout_and_labels(self):
        request = self._contract("en_US", terms=self._long_terms(articles=3))
        pages = self._render_readable(request)
        first, text = pages[0], " ".join(pages)
        # a space after each label's colon
        self.assertIn("Name: %s" % _plain(request.company_id.name), first)
        self.assertIn("Name: Setareh Cosmetics PJS", first)
        self.assertNotRegex(first, r"\b(Name|Address|Phone|Email):\S")
        # the prepayment line is not "Prepayment (prepayment)"
        self.assertIn("Prepayment", first)
        self.assertNotIn("Prepayment (prepayment)", first)
        self.assertIn("Final payment", first)
        self.assertIn(_plain(self._closing("en_US")), text)

    def test_pdf_english_person_signs_once(self):
        request = self._person_contract("en_US", "Brandon Freeman")
        pdf = self._render_pdf(request)
        self.assertInsideMargins(pdf)
        pages = self._pages_text(pdf)
        # the parties block and the signature box of page 1; the signature
        # box only on the next pages: the name once in its signature box
        self.assertEqual(pages[0].count("Brandon Freeman"), 2)
        for page in pages[1:]:
            self.assertEqual(page.count("Brandon Freeman"), 1)
        footer = pages[-1].split("Client signature", 1)[1]
        self.assertEqual(footer.count("Brandon Freeman"), 1)

    def test_pdf_persian_layout_and_text(self):
        request = self._contract("fa_IR", terms=(
            "<h3>ماده ۱ - تعهدات</h3><p>%s</p>" % ("آژانس خدمات را طبق زمان‌بندی ارائه می‌دهد؛ "
                                                  "مشتری هر مرحله را در سررسید آن می‌پردازد. " * 6)
        ))
        text = " ".join(self._render_readable(request))
        # the section titles and the closing paragraph come out as Persian
        # words (empty boxes extract as nothing, or as U+FFFD)
        for source in ("Parties", "Subject of the Contract", "Contract Amount",
                       "Term of the Contract", "Payment Schedule", "Terms and Conditions"):
            title = _plain(self._tr("fa_IR", source))
            self.assertRegex(title, "[\u0600-\u06ff]", "no Persian translation of %s" % source)
            self.assertIn(title, text)
        closing = _plain(self._closing("fa_IR"))
        self.assertRegex(closing, "[\u0600-\u06ff]")
        for word in closing.split():
            self.assertIn(word.strip(".،"), text)
        for word in ("ماده", "۱", "تعهدات"):
            self.assertIn(word, text)
        self.assertIn(_plain("مشتری هر مرحله را در سررسید آن"), text)
        # labels in Persian: the payment stages too
        for english in ("Prepayment", "Final payment", "prepayment", "Name:", "Payment Stage",
                        "Agency signature", "Client signature", "Agency stamp"):
            self.assertNotIn(english, text)
        self.assertIn(_plain(self._tr("fa_IR", "Prepayment")), text)
        self.assertIn(_plain(self._tr("fa_IR", "Final payment")), text)
        self.assertIn("1405/09/04", text)

    def test_pdf_persian_long_terms_every_page(self):
        """Several pages of Persian with Latin names, numbers and
        punctuation mixed in: still inside the margins on every page."""
        request = self._contract("fa_IR", legal_name="Setareh Cosmetics (ستاره) PJS", terms="".join(
            "<h3>ماده %d - Article %d</h3><p>%s</p><ul><li>بند %d.1: پرداخت 30%% مبلغ، "
            "طبق فاکتور INV/2026/%04d.</li></ul>" % (i, i, "آژانس خدمات شرح داده شده را ارائه "
                                                     "می‌دهد (SEO، Google Ads)؛ مشتری می‌پردازد. " * 8, i, i)
            for i in range(1, 8)
        ))
        pdf = self._render_pdf(request)
        pages = self.assertInsideMargins(pdf)
        self.assertGreaterEqual(len(pages), 2)
        self.assertEqual(len(pages), len(self.Report._contract_pages(request)))
        text = " ".join(self._pages_text(pdf))
        self.assertIn("INV/2026/0007", text)
        self.assertIn("Setareh Cosmetics", text)

    def test_pdf_russian(self):
        request = self._contract("ru_RU", terms=self._long_terms(articles=2))
        text = " ".join(self._render_readable(request))
        self.assertIn("25.11.2026", text)
        self.assertIn(_plain(self._tr("ru_RU", "Parties")), text)
        self.assertIn(_plain(self._tr("ru_RU", "Prepayment")), text)
        self.assertNotIn("Prepayment", text)
        self.assertIn(_plain(self._closing("ru_RU")), text)

    def test_payment_labels(self):
        """The default labels of a schedule in the contract's language,
        whatever language the request was made in; a label of one's own
        stays, marked when it is the prepayment."""
        request = self._contract("fa_IR", payment_line_ids=[
            Command.create({"label": self._tr("ru_RU", "Prepayment"), "percent": 50,
                            "is_prepayment": True, "due_date": datetime.date(2026, 12, 1)}),
            Command.create({"label": "first instalment", "percent": 25, "is_prepayment": True}),
            Command.create({"label": "final PAYMENT", "percent": 25}),
        ])
        lines = request.payment_line_ids.sorted("id")
        report_fa = self.Report.with_context(lang="fa_IR")
        report_en = self.Report.with_context(lang="en_US")
        self.assertEqual(report_fa._payment_label(lines[0]), self._tr("fa_IR", "Prepayment"))
        self.assertEqual(report_en._payment_label(lines[0]), "Prepayment")
        self.assertEqual(report_en._payment_label(lines[1]), "first instalment (prepayment)")
        self.assertEqual(report_fa._payment_label(lines[2]), self._tr("fa_IR", "Final payment"))

    def test_bidi_html(self):
        """Right-to-left lines: every left-to-right run in a span of its own,
        an Arabic letter mark after the punctuation ending a word."""
        bidi = self.Report._bidi_html
        self.assertEqual(bidi("Name: <b>", rtl=False), "Name: <b>")
        html = str(bidi("نام: YourCompany <b> (SEO) ۱۲ شماره C/2026/0001."))
        # one run from the first Latin letter to the last digit before Persian
        self.assertIn('<span dir="ltr">YourCompany &lt;b&gt; (SEO) ۱۲</span>', html)
        self.assertIn('<span dir="ltr">C/2026/0001</span>', html)
        self.assertIn("نام:\u061c", html)
        self.assertNotIn("<b>", html)
