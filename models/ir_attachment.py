# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import base64

from odoo import api, models
from odoo.exceptions import UserError

# Attachment fields holding the document itself.
CONTENT_FIELDS = {"datas", "raw", "db_datas", "store_fname", "url", "type"}


class IrAttachment(models.Model):
    _inherit = "ir.attachment"

    def _agency_legal_archives(self):
        """The legal archive records keeping these attachments."""
        if not self.ids:
            return self.env["legal.archive"]
        # sudo: the signed documents are protected whatever the user's
        # record rules on the legal archive.
        return self.env["legal.archive"].sudo().search([("attachment_ids", "in", self.ids)])

    def _agency_changes_content(self, vals):
        """Whether ``vals`` changes the document (rewriting the same bytes,
        as a storage migration does, is not a change)."""
        if CONTENT_FIELDS & set(vals) - {"raw", "datas"}:
            return True
        if "raw" in vals:
            new = vals["raw"]
            new = new.encode() if isinstance(new, str) else new
        else:
            new = base64.b64decode(vals["datas"] or b"")
        return any(attachment.raw != new for attachment in self)

    def write(self, vals):
        if CONTENT_FIELDS & set(vals):
            archives = self._agency_legal_archives()
            if archives and self._agency_changes_content(vals):
                raise UserError(self.env._(
                    "The signed documents of the legal archive %(numbers)s cannot be changed.",
                    numbers=", ".join(archives.mapped("name")),
                ))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_legal_archive(self):
        archives = self._agency_legal_archives()
        if archives:
            raise UserError(self.env._(
                "The signed documents of the legal archive %(numbers)s cannot be deleted.",
                numbers=", ".join(archives.mapped("name")),
            ))
