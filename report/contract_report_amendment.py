# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The addendum of a contract: the contract report of an amendment, with an
addendum title ("Addendum No. X to contract No. Y of <date>"), what it
changes and the amount before and after it, first; the rest (parties,
amount, schedule, terms, the signature boxes of every page) as a contract."""
import re

from odoo import api, models
from odoo.tools import formatLang

from .contract_report import (
    CHARS_PER_LINE, HEADING_HEIGHT, LINE_HEIGHT, PARAGRAPH_GAP, RTL_CHARS_PER_LINE, TITLE_HEIGHT,
)

NUMBERED_HEADING = re.compile(r"^(\d+)\. ")


class ReportContract(models.AbstractModel):
    _inherit = "report.crm_agency_sales.report_contract"

    @api.model
    def _contract_blocks(self, request, lang):
        blocks = super()._contract_blocks(request, lang)
        original = request.original_request_id
        if not original:
            return blocks
        width = RTL_CHARS_PER_LINE if self._is_rtl(lang) else CHARS_PER_LINE
        original_number = original.contract_number or original.name
        addendum_line = self.env._(
            "Addendum No. %(number)s to contract No. %(contract)s of %(date)s",
            number=request.amendment_number or "-", contract=original_number,
            date=self.format_contract_date(original.contract_date, lang) or "-",
        )
        # the title: the addendum's own number and date, then what it amends
        title, _height = blocks[0]
        title = dict(title, title=self.env._("Addendum to the Contract"), subtitle=addendum_line)
        added = [(title, TITLE_HEIGHT + LINE_HEIGHT)]
        heading = "1. %s" % self.env._("Changes Made by this Addendum")
        added.append(({"type": "heading", "text": heading}, HEADING_HEIGHT))
        summary = self._para_block("text", request.amendment_summary or "", width=width)
        added.append((summary, max(1, len(summary["lines"])) * LINE_HEIGHT + PARAGRAPH_GAP))
        rows = [
            (self.env._("Amount of the contract before this addendum"),
             formatLang(self.env, original.amount, currency_obj=original.currency_id)),
            (self.env._("Amount of the contract after this addendum"),
             formatLang(self.env, request.amount, currency_obj=request.currency_id)),
        ]
        added.append(({"type": "rows", "rows": rows}, len(rows) * LINE_HEIGHT + PARAGRAPH_GAP))
        # the contract's own sections follow, numbered after the changes
        rest = []
        for block, height in blocks[1:]:
            if block["type"] == "heading" and NUMBERED_HEADING.match(block["text"]):
                block = dict(block, text=NUMBERED_HEADING.sub(
                    lambda match: "%d. " % (int(match.group(1)) + 1), block["text"], count=1,
                ))
            elif block["type"] == "closing":
                text = self.env._(
                    "This addendum is an integral part of the contract No. %(contract)s; the "
                    "provisions of the contract it does not change remain in force. It is made "
                    "in two copies of equal force, one for each party. Every page is signed by "
                    "both parties and stamped by the agency.", contract=original_number,
                )
                block = self._para_block("closing", text, width=width)
                height = len(block["lines"]) * LINE_HEIGHT + PARAGRAPH_GAP + 4
            rest.append((block, height))
        return added + rest
