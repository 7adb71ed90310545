# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The contract of a contract request as a QWeb PDF.

wkhtmltopdf as Debian ships it (unpatched Qt) ignores the header/footer HTML
Odoo passes with ``--header-html``/``--footer-html``, and a contract needs the
signature boxes of both parties and the agency stamp box on *every* page.
So the report lays the pages out itself: the contract is split here into
pages of a conservative height budget, and every page is a block of the
height of a sheet (``page-break-after``) whose footer carries the signature
boxes, the stamp box and "page x of y". The page height is a percentage of
the page width (``padding-bottom``) so the blocks map to the sheets whatever
the scale wkhtmltopdf applies (smart shrinking scales the layout width to the
sheet width, in unpatched and patched builds alike; the paper format keeps
it on). Right-to-left text is broken into lines here too: QtWebKit does not
wrap Arabic-script paragraphs.

The footer repeated on every page stays bounded whatever the contract: it
names the client's signatories when there are at most
``FOOTER_MAX_SIGNATORIES``, else it refers to the annex listing them all
(one row each, with a signature cell) at the end of the contract. Long
values are shortened in the footer (they are in full in the body), and
every block of the body that can be taller than a page is split between
pages, so the number of pages follows the length of the contract.
"""
import logging
import math
import re
import textwrap

from lxml import html as lxml_html
from markupsafe import Markup, escape

from odoo import api, models
from odoo.tools import format_date, formatLang, html2plaintext

from ..tools.iran_id import latin_digits

try:
    from num2words import num2words
except ImportError:  # pragma: no cover - external dependency of the manifest
    num2words = None

try:
    import jdatetime
except ImportError:  # pragma: no cover - external dependency of the manifest
    jdatetime = None

# Geometry, in CSS mm, for the worst case: a layout as wide as the sheet's
# printable width (186 mm; smart shrinking only shrinks wider layouts), so a
# page block (143% of its width) is 266 mm high on a 277 mm high sheet.
# The lines are computed here, so a block's height is known but for its
# margins: the estimates below are about 3% above the rendered heights
# (measured with pdftotext -bbox), and the slack covers the rest. A short
# contract (parties, subject, amount, term, a payment schedule, the closing)
# fits on one page: one sheet less to sign and stamp.
FOOTER_HEIGHT = 42.0  # signature boxes (30) + padding, page number
PAGE_CONTENT_HEIGHT = 200.0  # page block - header (17) - footer (42) - slack (7)
FOOTER_EXTRA_SIGNATORY = 3.6  # a footer line beyond the fourth signatory
FOOTER_MAX_SIGNATORIES = 4  # named in the footer; more: see the annex
FOOTER_REFERENCE_LINES = 2  # the reference to the annex, instead of the names
FOOTER_MAX_CHARS = 60  # a name in the footer is shortened beyond this
MIN_PAGE_BUDGET = 60.0
PARTIES_MAX_HEIGHT = 120.0  # taller: the parties one after the other, splittable
SIGNATORY_ROW_HEIGHT = 11.0  # a row of the annex of signatories (room to sign)
LINE_HEIGHT = 5.0  # 9.5pt text, line-height 1.45
CHARS_PER_LINE = 88
RTL_CHARS_PER_LINE = 100  # Persian script (Noto Naskh Arabic) is narrower
HALF_CHARS_PER_LINE = 38  # a line of one of the two party columns
RTL_HALF_CHARS_PER_LINE = 43  # the same in Persian script (narrower)
SMALL_LINE_HEIGHT = 4.4  # party columns and payment table (8.5pt)
HEADING_HEIGHT = 8.0
TITLE_HEIGHT = 18.0
PARAGRAPH_GAP = 2.0
TABLE_HEADER_HEIGHT = 8.0
TABLE_ROW_HEIGHT = 7.0
MIN_SPLIT_LINES = 2

BLOCK_TAGS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "div", "tr"}
HEADING_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
# Row blocks grouped in one table per page: row type -> table type.
TABLE_GROUPS = {"payment_row": "payment_table", "signatory_row": "signatory_table"}

# In right-to-left text, QtWebKit (wkhtmltopdf) lays a line out wrong when a
# text node holds a punctuation mark or symbol (a parenthesis, a colon...):
# the line is drawn shifted, over its label and out of its box. Each such
# mark is an element of its own (RTL_NEUTRAL). It draws a zero width
# non-joiner (the half space of Persian words, U+200C) as nothing and joins
# the letters around it: the parts of such a word are elements of their own,
# which breaks the joining as the half space does (ZWNJ_WORD).
RTL_NEUTRAL = r"[^\w\s\u200c]"
ZWNJ_WORD = r"\w*(?:\u200c+\w*)+"
RTL_TOKEN = re.compile(r"(%s|%s)" % (RTL_NEUTRAL, ZWNJ_WORD))
# Separators between the parts of a value (an address, a list of names):
# Persian ones between Arabic-script parts, Latin ones between Latin parts.
SEPARATORS = {",": "،", ";": "؛"}
ARABIC_SCRIPT = re.compile(r"[\u0600-\u06ff]")
# A left-to-right run inside right-to-left text: from a Latin, Cyrillic or
# Greek letter or a digit (with a leading sign) to the last such character
# before the next Arabic-script letter, with a trailing percent sign or
# closing parenthesis, and a trailing Latin comma or semicolon (a Latin
# address broken into lines: "Blvd," ends its line, it does not start it).
# Digits (also Persian ones) are runs of their own too.
LTR_LETTER = "A-Za-z0-9\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff\u0660-\u0669\u06f0-\u06f9"
ARABIC_LETTER = "\u0600-\u065f\u066a-\u06ef\u06fa-\u06ff\u200c\u061c"
LTR_RUN = re.compile(
    r"[$\u20ac\u00a3+\-#(]?[%(l)s](?:[^%(a)s]*[%(l)s])?[%%)]?[,;]?"
    % {"l": LTR_LETTER, "a": ARABIC_LETTER}
)

_logger = logging.getLogger(__name__)

NUM2WORDS_LANGS = {"fa": "fa", "ru": "ru", "en": "en"}
# num2words writes amounts below this correctly in all three languages
# (beyond it, Persian gives an empty string, currency forms fail).
WORDS_MAX_AMOUNT = 10 ** 15

# Currency names in words where num2words has no currency support.
CURRENCY_WORDS = {
    "fa": {"IRR": "ریال", "USD": "دلار آمریکا", "EUR": "یورو", "RUB": "روبل",
           "AED": "درهم", "TRY": "لیر", "GBP": "پوند", "CNY": "یوان"},
    "ru": {"IRR": "иранских риалов", "AED": "дирхамов ОАЭ", "TRY": "турецких лир",
           "CNY": "юаней"},
}


def _wrap(text, width=CHARS_PER_LINE):
    """``text`` broken into lines of at most ``width`` characters, at word
    boundaries (conservative: real lines hold more)."""
    lines = []
    for part in str(text or "").split("\n"):
        lines += textwrap.wrap(part, width, break_long_words=False, break_on_hyphens=False) or [""]
    return lines if any(lines) else []


def _wrap_parts(text, width):
    """``text`` (parts joined with separators: an address, names) broken
    into lines at the separators where the parts fit in a line, so that a
    line does not end in the middle of a part (a street, a name) that would
    fit on the next one; a part longer than a line is wrapped at words."""
    lines = []
    for part in re.split(r"(?<=[,;\u060c\u061b]) ", str(text or "")):
        if lines and len(lines[-1]) + 1 + len(part) <= width:
            lines[-1] += " " + part
        else:
            lines += _wrap(part, width)
    return lines


def _shorten(text, width=FOOTER_MAX_CHARS):
    """``text`` cut at ``width`` characters (the footer of every page has
    a fixed height; the full text is in the body)."""
    text = str(text or "")
    return text if len(text) <= width else text[:width - 1].rstrip() + "…"


def _lines(text, width=CHARS_PER_LINE):
    """Estimated number of lines of ``text``."""
    return len(_wrap(text, width))


class ReportContract(models.AbstractModel):
    _name = "report.crm_agency_sales.report_contract"
    _description = "Contract Report"

    @api.model
    def _get_report_values(self, docids, data=None):
        docs = self.env["crm.contract.request"].browse(docids)
        return {
            "doc_ids": docids,
            "doc_model": "crm.contract.request",
            "docs": docs,
            "report_lang": self._report_lang,
            "contract_pages": self._contract_pages,
            "contract_footer": self._contract_footer,
            "bidi": self._bidi_html,
        }

    @api.model
    def _rtl_html(self, text):
        """Right-to-left ``text`` (holding no left-to-right run) as safe HTML
        QtWebKit lays out right: every punctuation mark or symbol in a span
        of its own, the parts of a word with a half space (ZWNJ) in spans of
        their own (see ``RTL_TOKEN``)."""
        parts = []
        for index, token in enumerate(RTL_TOKEN.split(text)):
            if not token:
                continue
            if index % 2 == 0:
                parts.append(escape(token))
            elif "\u200c" in token:
                parts += [Markup("<span>%s</span>") % piece for piece in token.split("\u200c") if piece]
            else:
                parts.append(Markup("<span>%s</span>") % token)
        return Markup("").join(parts)

    @api.model
    def _bidi_html(self, text, rtl=True):
        """``text`` as safe HTML laid out right in a right-to-left contract.

        QtWebKit (wkhtmltopdf) draws a right-to-left line holding a
        left-to-right run (a Latin name or address, an email, an IBAN, a
        number, a reference) or punctuation shifted out of its box, over the
        label beside it, and reorders the words of a left-to-right run that
        is not isolated. It places such a line right when every left-to-right
        run is an element of its own (``<span dir="ltr">``, which Qt honours:
        it does not know ``<bdi>`` nor ``unicode-bidi: isolate``) and every
        punctuation mark of the right-to-left text is one too
        (``_rtl_html``). Left-to-right documents get the text as it is."""
        text = str(text or "")
        if not rtl:
            return text
        parts = []
        position = 0
        for match in LTR_RUN.finditer(text):
            parts.append(self._rtl_html(text[position:match.start()]))
            parts.append(Markup('<span dir="ltr">%s</span>') % match.group(0))
            position = match.end()
        parts.append(self._rtl_html(text[position:]))
        return Markup("").join(parts)

    @api.model
    def _join(self, values, separator, rtl):
        """``values`` (the parts of an address, names...) joined with
        ``separator`` (``","`` or ``";"``): in a right-to-left contract, the
        Persian separator (``،``, ``؛``) stands beside an Arabic-script part,
        the Latin one between two Latin parts (a Latin address stays one
        left-to-right run, in its order)."""
        values = [str(value).strip() for value in values if value and str(value).strip()]
        if not rtl or not values:
            return ("%s " % separator).join(values)
        text = values[0]
        for previous, value in zip(values, values[1:]):
            persian = ARABIC_SCRIPT.search(previous) or ARABIC_SCRIPT.search(value)
            text += "%s %s" % (SEPARATORS[separator] if persian else separator, value)
        return text

    # ------------------------------------------------------------
    # LANGUAGE, AMOUNT IN WORDS, DATES
    # ------------------------------------------------------------

    @api.model
    def _report_lang(self, request):
        """The language of the contract: the partner's (an active language),
        else the company partner's, else the user's."""
        active = {code for code, _name in self.env["res.lang"].get_installed()}
        for lang in (request.partner_id.lang, request.company_id.partner_id.lang, self.env.user.lang):
            if lang and lang in active:
                return lang
        return "en_US"

    @api.model
    def _short_lang(self, lang):
        return NUM2WORDS_LANGS.get((lang or "en").split("_")[0], "en")

    @api.model
    def amount_in_words(self, amount, currency, lang):
        """``amount`` of ``currency`` in words in ``lang`` (Persian, Russian
        or English; other languages fall back to English). An amount
        num2words cannot write (too large, not a number) gives a sentence
        saying so: the contract states the amount in figures anyway."""
        if num2words is None:
            return ""
        too_large = self.with_context(lang=lang).env._(
            "(too large to be written in words: see the amount in figures)"
        )
        if not isinstance(amount, (int, float)) or not math.isfinite(amount) \
                or abs(amount) >= WORDS_MAX_AMOUNT:
            return too_large
        try:
            words = self._amount_in_words(amount, currency, lang)
        except (ArithmeticError, NotImplementedError, ValueError, TypeError, KeyError, IndexError):
            # decimal.InvalidOperation and OverflowError are ArithmeticErrors
            _logger.warning("num2words cannot write %s %s in words (%s)", amount, currency.name, lang)
            return too_large
        return words or too_large

    @api.model
    def _amount_in_words(self, amount, currency, lang):
        short = self._short_lang(lang)
        amount = currency.round(amount or 0.0)
        integer = int(amount)
        cents = int(round((amount - integer) * (10 ** currency.decimal_places)))
        if short in ("en", "ru"):
            try:
                # a float: num2words reads an int as an amount in cents
                words = num2words(float(amount), lang=short, to="currency",
                                  currency=currency.name, separator=" |")
            except (NotImplementedError, TypeError, KeyError):
                words = None  # no currency forms for this currency: below
            if words:
                units, _sep, subunits = words.partition(" |")
                return "%s, %s" % (units, subunits.strip()) if cents else units
        unit = CURRENCY_WORDS.get(short, {}).get(currency.name) or (
            currency.with_context(lang=lang).currency_unit_label or currency.name
        )
        words = "%s %s" % (num2words(integer, lang=short), unit)
        if cents:
            subunit = currency.with_context(lang=lang).currency_subunit_label or ""
            joiner = " و " if short == "fa" else " "
            words += "%s%s %s" % (joiner, num2words(cents, lang=short), subunit)
        return words.strip()

    @api.model
    def format_contract_date(self, date, lang):
        """``date`` as the contract shows it: Jalali (``1405/09/04``) for
        Persian, the language's date format otherwise."""
        if not date:
            return ""
        if self._short_lang(lang) == "fa" and jdatetime is not None:
            return jdatetime.date.fromgregorian(date=date).strftime("%Y/%m/%d")
        return format_date(self.env, date, lang_code=lang)

    # ------------------------------------------------------------
    # CONTENT AND PAGINATION
    # ------------------------------------------------------------

    @api.model
    def _terms_paragraphs(self, terms):
        """The terms (HTML) as a list of ``(kind, text)``, one per block
        element: ``kind`` is ``heading`` or ``text``."""
        if not terms or not html2plaintext(terms).strip():
            return []
        root = lxml_html.fragment_fromstring(str(terms), create_parent="div")
        paragraphs = []
        for node in root.iter():
            if not isinstance(node.tag, str) or node.tag not in BLOCK_TAGS:
                continue
            if any(isinstance(child.tag, str) and child.tag in BLOCK_TAGS for child in node):
                # Text directly inside a container that also holds blocks.
                text = (node.text or "").strip()
            else:
                text = node.text_content()
            text = re.sub(r"\s+", " ", text or "").strip()
            if not text:
                continue
            if node.tag == "li":
                parent = node.getparent()
                if parent is not None and parent.tag == "ol":
                    text = "%d. %s" % (list(parent).index(node) + 1, text)
                else:
                    text = "• " + text
            paragraphs.append(("heading" if node.tag in HEADING_TAGS else "text", text))
        if not paragraphs:
            paragraphs.append(("text", re.sub(r"\s+", " ", html2plaintext(terms)).strip()))
        return paragraphs

    @api.model
    def _party_rows(self, request, lang):
        company = request.company_id
        rtl = self._is_rtl(lang)
        agency = [
            (self.env._("Name"), company.name),
            (self.env._("Address"), self._join([
                company.street, company.street2, company.city, company.zip,
                company.country_id.name], ",", rtl)),
            (self.env._("Tax ID"), company.vat),
            (self.env._("Registration Number"), company.company_registry),
            (self.env._("Phone"), company.phone),
            (self.env._("Email"), company.email),
        ]
        is_company = request.party_type == "company"
        client = [
            (self.env._("Name"), request.legal_name or request.partner_id.name),
        ]
        if is_company:
            client += [
                (self.env._("National Identifier"), latin_digits(request.company_national_id)),
                (self.env._("Registration Number"), latin_digits(request.registration_number)),
                (self.env._("Economic Code"), latin_digits(request.economic_code)),
            ]
        else:
            client.append((self.env._("National Code"), latin_digits(request.national_id)))
        client += [
            (self.env._("Address"), self._join([
                request.street, request.city, request.zip, request.country_id.name], ",", rtl)),
            (self.env._("Location"), request.client_location),
            (self.env._("Phone"), latin_digits(self._join([request.phone, request.mobile], ",", rtl))),
            (self.env._("Email"), request.email),
            (self.env._("Bank"), self._join([request.bank_name, request.bank_account], ",", rtl)),
            (self.env._("IBAN"), latin_digits(request.bank_iban)),
        ]
        if is_company and request.signatory_ids:
            if self._has_signatory_annex(request):
                client.append((self.env._("Signatories"), self.env._(
                    "%(count)s signatories, listed in the annex", count=len(request.signatory_ids),
                )))
            else:
                client.append((self.env._("Signatories"), self._join([
                    " - ".join(filter(None, [s.name, s.position])) for s in request.signatory_ids
                ], ";", rtl)))
        width = RTL_HALF_CHARS_PER_LINE if rtl else HALF_CHARS_PER_LINE
        return self._label_rows(agency, width), self._label_rows(client, width)

    @api.model
    def _label_rows(self, rows, width):
        """``(label, value)`` rows with a value as ``(label, lines)``, the
        first line beside its label."""
        return [
            (label, _wrap_parts(value, max(16, width - len(label) - 2)))
            for label, value in rows if value
        ]

    @api.model
    def _contract_blocks(self, request, lang):
        """The contract as a flow of blocks: ``(block, height, splittable)``."""
        blocks = []
        number = 0
        width = RTL_CHARS_PER_LINE if self._is_rtl(lang) else CHARS_PER_LINE

        def heading(title):
            nonlocal number
            number += 1
            return {"type": "heading", "text": "%d. %s" % (number, title)}

        # Title
        blocks.append(({
            "type": "title",
            "title": self.env._("Service Contract"),
            "number": request.contract_number or request.name,
            "date": self.format_contract_date(request.contract_date, lang),
            "date_label": self.env._("Contract date"),
        }, TITLE_HEIGHT))

        # Parties: side by side, or one after the other when a party is too
        # long for a page (a 5,000-character name...)
        agency, client = self._party_rows(request, lang)
        rows = max(sum(len(row[1]) for row in agency), sum(len(row[1]) for row in client))
        blocks.append((heading(self.env._("Parties")), HEADING_HEIGHT))
        parties_height = rows * SMALL_LINE_HEIGHT + 8
        if parties_height <= PARTIES_MAX_HEIGHT:
            blocks.append(({
                "type": "parties",
                "agency_title": self.env._("The Agency"),
                "client_title": self.env._("The Client"),
                "agency": agency,
                "client": client,
            }, parties_height))
        else:
            for title, party in ((self.env._("The Agency"), agency), (self.env._("The Client"), client)):
                block = self._para_block("para", title, kind="heading", width=width)
                blocks.append((block, LINE_HEIGHT + PARAGRAPH_GAP))
                for label, lines in party:
                    block = self._para_block("para", "%s: %s" % (label, " ".join(lines)), width=width)
                    blocks.append((block, len(block["lines"]) * LINE_HEIGHT + PARAGRAPH_GAP))

        # Subject
        blocks.append((heading(self.env._("Subject of the Contract")), HEADING_HEIGHT))
        subject = self._para_block("text", request.subject or "", width=width)
        blocks.append((subject, max(1, len(subject["lines"])) * LINE_HEIGHT + PARAGRAPH_GAP))

        # Amount
        amount_figures = formatLang(self.env, request.amount, currency_obj=request.currency_id)
        words = self.amount_in_words(request.amount, request.currency_id, lang)
        blocks.append((heading(self.env._("Contract Amount")), HEADING_HEIGHT))
        blocks.append(({
            "type": "amount",
            "figures_label": self.env._("In figures"),
            "figures": amount_figures,
            "words_label": self.env._("In words"),
            "words": words,
            "words_lines": _wrap(words, CHARS_PER_LINE - 20),
        }, (1 + _lines(words, CHARS_PER_LINE - 20)) * LINE_HEIGHT + PARAGRAPH_GAP + 2))

        # Term
        blocks.append((heading(self.env._("Term of the Contract")), HEADING_HEIGHT))
        term_rows = [
            (self.env._("Contract date"), self.format_contract_date(request.contract_date, lang)),
            (self.env._("Start date"), self.format_contract_date(request.date_start, lang)),
            (self.env._("End date"), self.format_contract_date(request.date_end, lang)),
            (self.env._("Executor"), request.executor_id.name),
        ]
        term_rows = [(label, value) for label, value in term_rows if value]
        blocks.append(({"type": "rows", "rows": term_rows},
                       max(1, len(term_rows)) * LINE_HEIGHT + PARAGRAPH_GAP))

        # Payment schedule
        if request.payment_line_ids:
            blocks.append((heading(self.env._("Payment Schedule")), HEADING_HEIGHT))
            for index, line in enumerate(request.payment_line_ids, 1):
                label = self._payment_label(line)
                blocks.append(({
                    "type": "payment_row",
                    "index": index,
                    "label": label,
                    "label_lines": _wrap(label, 40),
                    "percent": ("%s%%" % formatLang(self.env, line.percent, digits=2))
                    if line.percent else "",
                    "amount": formatLang(self.env, line.amount, currency_obj=request.currency_id),
                    "due_date": self.format_contract_date(line.due_date, lang),
                }, max(TABLE_ROW_HEIGHT, _lines(label, 40) * SMALL_LINE_HEIGHT + 2.6)))

        # Terms
        paragraphs = self._terms_paragraphs(request.terms)
        if paragraphs:
            blocks.append((heading(self.env._("Terms and Conditions")), HEADING_HEIGHT))
            for kind, text in paragraphs:
                block = self._para_block("para", text, kind=kind, width=width)
                blocks.append((block, len(block["lines"]) * LINE_HEIGHT + PARAGRAPH_GAP))

        # Closing
        closing = self.env._(
            "This contract is made in two copies of equal force, one for each party. "
            "Every page is signed by both parties and stamped by the agency."
        )
        closing = self._para_block("closing", closing, width=width)
        blocks.append((closing, len(closing["lines"]) * LINE_HEIGHT + PARAGRAPH_GAP + 4))

        # Annex: every signatory of the client, with room to sign
        if self._has_signatory_annex(request):
            blocks.append(({"type": "heading", "text": self.env._("Annex: Signatories of the Client")},
                           HEADING_HEIGHT))
            for index, signatory in enumerate(request.signatory_ids, 1):
                name = " - ".join(filter(None, [signatory.name, signatory.position]))
                lines = _wrap(name, 60)
                if len(lines) > 2:
                    lines = [lines[0], lines[1][:59] + "…"]
                blocks.append(({
                    "type": "signatory_row",
                    "index": index,
                    "name_lines": lines,
                    "national_id": signatory.national_id or "",
                }, SIGNATORY_ROW_HEIGHT))
        return blocks

    @api.model
    def _payment_label(self, line):
        """The label of a payment line in the contract's language (the
        environment's): the default labels of a schedule ("Prepayment",
        "Final payment", written in the language of whoever made the
        request) are translated; a prepayment line whose label does not say
        so is marked as the prepayment."""
        def defaults(env):
            return [env._("Prepayment"), env._("Final payment")]

        label = (line.label or "").strip()
        target = defaults(self.env)
        langs = {"en_US"} | {code for code, _name in self.env["res.lang"].get_installed()}
        known = label.casefold()
        for code in sorted(langs):
            for index, text in enumerate(defaults(self.with_context(lang=code).env)):
                if known == text.casefold():
                    label = target[index]
                    break
            else:
                continue
            break
        if line.is_prepayment and target[0].casefold() not in label.casefold():
            label = "%s (%s)" % (label, self.env._("prepayment"))
        return label

    @api.model
    def _has_signatory_annex(self, request):
        """Whether the client's signatories are too many for the footer of
        every page: they are then listed (and sign) in an annex."""
        return request.party_type == "company" and len(request.signatory_ids) > FOOTER_MAX_SIGNATORIES

    @api.model
    def _para_block(self, block_type, text, kind="text", width=CHARS_PER_LINE):
        """A paragraph, with its lines: right-to-left text is laid out line
        by line (QtWebKit in wkhtmltopdf does not wrap Arabic-script text)."""
        return {"type": block_type, "kind": kind, "lines": _wrap(text, width)}

    @api.model
    def _is_rtl(self, lang):
        return self.env["res.lang"]._get_data(code=lang).direction == "rtl"

    @api.model
    def _footer_extra_lines(self, request):
        """Lines of the footer beyond the fourth signatory: bounded, the
        footer refers to the annex when there are more signatories."""
        if self._has_signatory_annex(request):
            return FOOTER_REFERENCE_LINES
        return 0

    @api.model
    def _contract_budget(self, request):
        extra = self._footer_extra_lines(request) * FOOTER_EXTRA_SIGNATORY
        return max(MIN_PAGE_BUDGET, PAGE_CONTENT_HEIGHT - extra)

    @api.model
    def _contract_pages(self, request):
        """The contract of ``request`` split into pages: a list of lists of
        blocks. Headings stay with what follows them, long paragraphs are
        split between lines, payment rows are grouped in one table per page."""
        lang = self._report_lang(request)
        # Labels in the contract's language.
        report = self.with_context(lang=lang)
        request = request.with_context(lang=lang)
        budget = report._contract_budget(request)
        flow = report._contract_blocks(request, lang)
        pages, page, used = [], [], 0.0

        def new_page():
            nonlocal page, used
            pages.append(page)
            page, used = [], 0.0

        index = 0
        while index < len(flow):
            block, height = flow[index]
            kind = block["type"]
            group = TABLE_GROUPS.get(kind)
            if group and not (page and page[-1]["type"] == group):
                height += TABLE_HEADER_HEIGHT
            is_heading = kind == "heading" or (kind == "para" and block["kind"] == "heading")
            if is_heading and index + 1 < len(flow):
                # Keep a heading with the start of what follows it (through
                # the headings that follow it: a section title, then the
                # first article's title).
                following = 0.0
                for next_block, next_height in flow[index + 1:]:
                    next_kind = next_block["type"]
                    next_heading = next_kind == "heading" or (
                        next_kind == "para" and next_block["kind"] == "heading")
                    if next_kind in ("para", "text") and not next_heading:
                        next_height = min(next_height, MIN_SPLIT_LINES * LINE_HEIGHT + PARAGRAPH_GAP)
                    if next_kind in TABLE_GROUPS:
                        next_height += TABLE_HEADER_HEIGHT
                    following += next_height
                    if not next_heading:
                        break
                if page and used + height + following > budget:
                    new_page()
            splittable = kind == "text" or (kind == "para" and block["kind"] == "text")
            if used + height > budget and page:
                free_lines = int((budget - used - PARAGRAPH_GAP) // LINE_HEIGHT)
                if splittable and MIN_SPLIT_LINES <= free_lines < len(block["lines"]) - 1:
                    page.append(dict(block, lines=block["lines"][:free_lines]))
                    new_page()
                    tail = block["lines"][free_lines:]
                    flow[index] = (dict(block, lines=tail), len(tail) * LINE_HEIGHT + PARAGRAPH_GAP)
                    continue
                new_page()
                continue
            if height > budget and splittable:
                # A paragraph longer than a whole page: split it there.
                free_lines = max(1, int((budget - PARAGRAPH_GAP) // LINE_HEIGHT))
                page.append(dict(block, lines=block["lines"][:free_lines]))
                new_page()
                tail = block["lines"][free_lines:]
                flow[index] = (dict(block, lines=tail), len(tail) * LINE_HEIGHT + PARAGRAPH_GAP)
                continue
            if group:
                if not (page and page[-1]["type"] == group):
                    page.append({"type": group, "rows": []})
                page[-1]["rows"].append(block)
            else:
                page.append(block)
            used += height
            index += 1
        if page:
            pages.append(page)
        return pages

    @api.model
    def _contract_footer(self, request):
        """What the footer of every page shows: bounded, whatever the
        number of signatories and the length of the names."""
        lang = self._report_lang(request)
        request = request.with_context(lang=lang)
        client_name = request.legal_name or request.partner_id.name
        if self._has_signatory_annex(request):
            client_signatories = [self.with_context(lang=lang).env._(
                "%(count)s signatories: see the annex of signatories",
                count=len(request.signatory_ids),
            )]
        elif request.party_type == "company" and request.signatory_ids:
            client_signatories = [
                _shorten(" - ".join(filter(None, [s.name, s.position])))
                for s in request.signatory_ids
            ]
        else:
            # a natural person signs in person: the name is already above
            client_signatories = []
        return {
            "agency_name": _shorten(request.company_id.name),
            "client_name": _shorten(client_name),
            "client_signatories": client_signatories,
            "height": FOOTER_HEIGHT + self._footer_extra_lines(request) * FOOTER_EXTRA_SIGNATORY,
            "rtl": self._is_rtl(lang),
            "lang": lang,
        }
