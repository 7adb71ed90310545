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

    def _lines(self, pdf):
        """Per page, its lines top to bottom: ``(y_min, words)``, a word
        being ``(x_min, x_max, text, raw)``: pdftotext -bbox gives a box per
        Persian glyph, the glyphs that touch are merged into words (in the
        reading order: right to left for Arabic script), ``text`` is the
        comparable word (``_plain``), ``raw`` the glyphs as extracted
        (presentation forms: initial, medial, final)."""
        result = []
        for _width, _height, boxes in self._pages(pdf):
            rows = {}
            for x_min, y_min, x_max, _y_max, text in boxes:
                rows.setdefault(round(y_min, 1), []).append((x_min, x_max, text))
            lines = []
            for y_min in sorted(rows):
                words, group = [], []
                for box in sorted(rows[y_min]) + [None]:
                    if box is None or (group and box[0] - group[-1][1] > 0.8):
                        texts = [text for _x0, _x1, text in group]
                        if re.search("[\u0600-\u06ff\ufb50-\ufeff]", "".join(texts)):
                            texts.reverse()
                        raw = "".join(texts)
                        words.append((group[0][0], max(b[1] for b in group), _plain(raw), raw))
                        group = []
                    if box is not None:
                        group.append(box)
                lines.append((y_min, words))
            result.append(lines)
        return result

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
        every punctuation mark too."""
        bidi = self.Report._bidi_html
        self.assertEqual(bidi("Name: <b>", rtl=False), "Name: <b>")
        html = str(bidi("نام: YourCompany <b> (SEO) ۱۲ شماره C/2026/0001."))
        # one run from the first Latin letter to the last digit before Persian
        self.assertIn('<span dir="ltr">YourCompany &lt;b&gt; (SEO) ۱۲</span>', html)
        self.assertIn('<span dir="ltr">C/2026/0001</span>', html)
        # the punctuation of right-to-left text in an element of its own
        self.assertIn("نام<span>:</span>", html)
        self.assertNotIn("<b>", html)

    def _persian_company_contract(self, **values):
        """A contract like the demo's Persian one: a company customer whose
        legal name has parentheses, a Persian address, Persian words with
        half spaces, signatories; the agency's address is in Latin script."""
        self.env.company.write({
            "street": "250 Executive Park Blvd, Suite 3400", "street2": False,
            "city": "San Francisco", "zip": "94134", "country_id": self.env.ref("base.us").id,
        })
        vals = {
            "legal_name": "شرکت کاشی پارس (سهامی خاص)",
            "subject": "طراحی وب‌سایت فروشگاهی و سئو به مدت شش ماه",
            "street": "تهران، خیابان شریعتی، پلاک ۱۲۰، طبقه سوم",
            "city": "تهران",
            "phone": "+98 21 2255 7788",
            "signatory_ids": [Command.clear(), Command.create({
                "name": "علی رضایی", "position": "مدیرعامل", "national_id": "6091390996",
            }), Command.create({
                "name": "مریم احمدی", "position": "رئیس هیئت مدیره", "national_id": "9078666617",
            })],
            "payment_line_ids": [Command.clear(), Command.create({
                "label": "Prepayment", "percent": 40, "is_prepayment": True,
                "due_date": datetime.date(2026, 12, 1),
            }), Command.create({
                "label": "تسویه پس از تحویل کار", "percent": 60, "due_date": datetime.date(2027, 5, 20),
            })],
        }
        vals.update(values)
        return self._contract("fa_IR", **vals)

    def test_pdf_persian_company_fit_to_sign(self):
        """The demo's Persian company contract as the customer signs it: the
        legal name with parentheses beside its label and inside the client's
        boxes, half spaces kept, the agency's Latin address in its order,
        Persian separators, and one page only."""
        request = self._persian_company_contract()
        self.assertEqual(request.company_id, self.env.company)
        pdf = self._render_pdf(request)
        self.assertInsideMargins(pdf)
        lines = self._lines(pdf)
        # a short contract fits on one page: one sheet to sign and stamp
        self.assertEqual(len(lines), 1, "a short contract on more than one page")
        self.assertEqual(len(self.Report._contract_pages(request)), 1)
        page = lines[0]
        # pdftotext gives the mirrored parentheses as drawn: compare without
        name_words = ["شرکت", "کاشی", "پارس", "سهامی", "خاص"]

        def bare(line):
            return [text.strip("()") for _x0, _x1, text, _raw in line]

        def lines_with(*words):
            found = [(y, line) for y, line in page if all(word in bare(line) for word in words)]
            self.assertTrue(found, "no line with %s" % " ".join(words))
            return found

        # the client's box in the parties: its title and its rows are right
        # aligned on the same edge; the name line does not run over its
        # label nor out of the box
        title_line = lines_with("کارفرما")[0][1]
        box_right = [x1 for _x0, x1, text, _r in title_line if text == "کارفرما"][0]
        name_y, name_line = lines_with("نام:", *name_words)[0]
        # the client's column is the left half of the page (the agency's
        # name is on the same line, in the right half)
        middle = self._pages(pdf)[0][0] / 2
        name_line = [word for word in name_line if word[0] < middle]
        label = [word for word in name_line if word[2] == "نام:"][0]
        others = [word for word in name_line if word[2] != "نام:"]
        self.assertEqual(sorted(bare(others)), sorted(name_words))
        self.assertTrue(all(x1 <= label[0] + 0.5 for _x0, x1, _t, _r in others),
                        "the legal name overlaps its label: %s" % name_line)
        self.assertAlmostEqual(label[1], box_right, delta=1.5, msg="the name line is shifted out of its box")
        # the same name in the client's signature box of the footer, between
        # the stamp box (left) and the agency's box (right)
        sign_y, sign_line = lines_with("امضای", "کارفرما")[0]
        sign_right = [x1 for _x0, x1, text, _r in sign_line if text == "امضای"][0]
        stamp_right = [x1 for _x0, x1, text, _r in sign_line if text == "مهر"][0]
        footer_lines = [line for y, line in lines_with(*name_words) if y > sign_y]
        self.assertTrue(footer_lines, "the legal name is not in the client's signature box")
        self.assertGreater(sign_y, name_y)
        for line in footer_lines:
            # the agency's name may be on the same line, in its own box
            words = [word for word in line if word[0] < sign_right + 1.5 * MM]
            self.assertEqual(sorted(bare(words)), sorted(name_words),
                             "the name sticks out of the client's signature box")
            self.assertAlmostEqual(max(x1 for _x0, x1, _t, _r in words), sign_right, delta=1.5)
            self.assertGreater(min(x0 for x0, _x1, _t, _r in words), stamp_right)
        # half spaces: the words come out whole, the letters not joined
        # across the half space (initial form after it, not medial)
        words = {text: raw for _y, line in page for _x0, _x1, text, raw in line}
        for word in ("وب‌سایت", "پیش‌پرداخت"):
            self.assertIn(_plain(word), words, "%s is not one word" % word)
            # one glyph a letter (no ligature in these words): the letter
            # after the half space, as drawn
            raw = words[_plain(word)]
            self.assertEqual(len(raw), len(_plain(word)))
            after = raw[len(word.split("\u200c")[0])]
            self.assertEqual(unicodedata.normalize("NFKC", after), word.split("\u200c")[1][0])
            self.assertNotEqual(unicodedata.decomposition(after).split(" ")[0], "<medial>",
                                "%s printed without its half space" % word)
        # the agency's Latin address keeps its order, on lines read left
        # to right, the comma ending its line
        # (pdftotext may glue a Persian separator to the Latin word beside it)
        for sequence in (["250", "Executive", "Park", "Blvd,", "Suite", "3400,"], ["San", "Francisco,", "94134"]):
            found = [line for _y, line in page
                     if all(any(token in text for _x0, _x1, text, _r in line) for token in sequence)]
            self.assertTrue(found, "no line with %s" % " ".join(sequence))
            positions = {token: min(x0 for x0, _x1, text, _r in found[0] if token in text) for token in sequence}
            self.assertEqual(sorted(sequence, key=positions.get), sequence,
                             "the Latin address is reordered: %s" % found[0])
        # Persian separators between Persian parts (the address, the
        # signatories), Latin ones between Latin parts
        for word in ("تهران،", "شریعتی،", "سوم،", "مدیرعامل؛"):
            self.assertIn(word, words)
        self.assertFalse([word for word in words if re.search("[\u0600-\u06ff][,;]|[,;][\u0600-\u06ff]", word)])
        self.assertTrue([word for word in words if word.endswith("Francisco,")])

    def test_pdf_persian_company_more_pages(self):
        """The one-page contract is not a cap: more terms, more pages, each
        with its boxes, the name inside the margins."""
        request = self._persian_company_contract(terms="<p>%s</p>" % (
            "پیش‌پرداخت پس از امضای قرارداد (طبق ماده ۲) پرداخت می‌شود؛ " * 40))
        pdf = self._render_pdf(request)
        pages = self.assertInsideMargins(pdf)
        self.assertEqual(len(pages), 2)
        self.assertEqual(len(pages), len(self.Report._contract_pages(request)))
        for number, text in enumerate(self._pages_text(pdf), 1):
            with self.subTest(page=number):
                self.assertIn(_plain("امضای کارفرما"), text)
                self.assertIn(_plain("مهر آژانس"), text)
                self.assertIn(_plain("شرکت کاشی پارس"), text)

    def test_rtl_helpers(self):
        """Half spaces and punctuation as elements of their own, Latin runs
        in a left-to-right span with their trailing comma, Persian
        separators between Persian parts."""
        html = str(self.Report._bidi_html("وب‌سایت شرکت کاشی پارس (سهامی خاص)، 250 Executive Park Blvd,"))
        self.assertIn("<span>وب</span><span>سایت</span>", html)
        self.assertIn("<span>(</span>سهامی خاص<span>)</span><span>،</span>", html)
        self.assertIn('<span dir="ltr">250 Executive Park Blvd,</span>', html)
        self.assertNotIn("\u200c", html)
        join = self.Report._join
        self.assertEqual(join(["250 Executive Park Blvd", "San Francisco", "ایالات متحده"], ",", True),
                         "250 Executive Park Blvd, San Francisco، ایالات متحده")
        self.assertEqual(join(["تهران", "", "ایران"], ",", True), "تهران، ایران")
        self.assertEqual(join(["علی - مدیرعامل", "Sara - CFO"], ";", True), "علی - مدیرعامل؛ Sara - CFO")
        self.assertEqual(join(["a", "b"], ";", False), "a; b")
