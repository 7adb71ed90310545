# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import base64

from odoo import api, models
from odoo.exceptions import UserError

from ..tools.internal import module_uninstalling

# Attachment fields holding the document itself.
CONTENT_FIELDS = {"datas", "raw", "db_datas", "store_fname", "url", "type"}
# Attachment fields linking the document to its record.
LINK_FIELDS = {"res_model", "res_id", "res_field"}

# States of a contract request whose documents are the signed contract.
SIGNED_STATES = ("signed", "archived", "in_execution", "delivered", "paid", "closed")


class IrAttachment(models.Model):
    _inherit = "ir.attachment"

    def _agency_legal_archives(self):
        """The legal archive records keeping these attachments."""
        if not self.ids:
            return self.env["legal.archive"]
        # sudo: the signed documents are protected whatever the user's
        # record rules on the legal archive.
        return self.env["legal.archive"].sudo().search([("attachment_ids", "in", self.ids)])

    def _agency_signed_requests(self):
        """The signed contract requests whose signed scans or contract
        document these attachments are."""
        if not self.ids:
            return self.env["crm.contract.request"]
        # sudo: the signed contract is protected whatever the user's record
        # rules on the contract requests.
        return self.env["crm.contract.request"].sudo().search([
            "|", ("state", "in", SIGNED_STATES),
            "&", ("state", "=", "cancelled"), ("signed_by_id", "!=", False),
            "|", "|", ("signed_attachment_ids", "in", self.ids),
            ("contract_attachment_id", "in", self.ids),
            # the acceptance act of a recorded delivery
            "&", ("acceptance_attachment_ids", "in", self.ids), ("delivered_by_id", "!=", False),
        ])

    def _agency_protected_names(self):
        """Names of the archives and signed contracts keeping these
        attachments (empty when none does)."""
        return self._agency_legal_archives().mapped("name") + [
            request.contract_number or request.name for request in self._agency_signed_requests()
        ]

    def _agency_changes_content(self, vals):
        """Whether ``vals`` changes the document or what it belongs to
        (rewriting the same bytes, as a storage migration does, is not a
        change)."""
        for attachment in self:
            for fname in LINK_FIELDS & set(vals):
                current = attachment[fname]
                if (current or False) != (vals[fname] or False):
                    return True
        if CONTENT_FIELDS & set(vals) - {"raw", "datas"}:
            return True
        if not {"raw", "datas"} & set(vals):
            return False
        if "raw" in vals:
            new = vals["raw"]
            new = new.encode() if isinstance(new, str) else new
        else:
            new = base64.b64decode(vals["datas"] or b"")
        return any(attachment.raw != new for attachment in self)

    def write(self, vals):
        if (CONTENT_FIELDS | LINK_FIELDS) & set(vals):
            names = self._agency_protected_names()
            if names and self._agency_changes_content(vals):
                raise UserError(self.env._(
                    "The signed documents of %(numbers)s cannot be changed, replaced or moved.",
                    numbers=", ".join(names),
                ))
        return super().write(vals)

    @api.ondelete(at_uninstall=True)
    def _unlink_except_legal_archive(self):
        if module_uninstalling(self.env):
            return
        names = self._agency_protected_names()
        if names:
            raise UserError(self.env._(
                "The signed documents of %(numbers)s cannot be deleted.",
                numbers=", ".join(names),
            ))
