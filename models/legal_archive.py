# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from ..tools.internal import internal_context, is_internal, module_uninstalling

# What may still change once a contract is archived (finance only).
REGISTRATION_FIELDS = ("physical_location", "legal_reference", "legal_registration_date")

FINANCE_GROUP = "crm_agency_sales.group_agency_finance"

# Server-only mark of finance's archive action (tools/internal.py).
ARCHIVE_KEY = "agency_legal_archive"


class LegalArchive(models.Model):
    """The legal archive of a signed contract: a snapshot of the contract
    request taken when finance receives the paper copy. Immutable, except its
    physical location and its registration in the legal system (finance
    only); nobody deletes it."""

    _name = "legal.archive"
    _description = "Legal Archive"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "archived_on desc, id desc"
    _check_company_auto = True

    name = fields.Char(
        string="Archive Number", required=True, readonly=True, copy=False,
        default="/", index="trigram",
    )
    request_id = fields.Many2one(
        "crm.contract.request", string="Contract Request", required=True, copy=False,
        readonly=True, ondelete="restrict", index=True, check_company=True,
    )
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True, index=True)
    order_id = fields.Many2one("sale.order", readonly=True)
    contract_number = fields.Char(readonly=True, index="trigram")
    contract_date = fields.Date(readonly=True)
    amount = fields.Monetary(currency_field="currency_id", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    signatory_names = fields.Text(
        string="Signatories", readonly=True,
        help="The client's signatories (name and position) when the contract was archived.",
    )
    attachment_ids = fields.Many2many(
        "ir.attachment", "legal_archive_ir_attachment_rel", "archive_id", "attachment_id",
        string="Signed Documents", readonly=True,
    )
    physical_location = fields.Char(
        tracking=True,
        help="Where the paper copy is kept (cabinet, shelf, file).",
    )
    archived_by_id = fields.Many2one(
        "res.users", readonly=True, default=lambda self: self.env.user,
    )
    archived_on = fields.Datetime(readonly=True, default=fields.Datetime.now)
    legal_reference = fields.Char(
        string="Legal-System Reference", tracking=True,
        help="Reference of the contract's registration in the legal system.",
    )
    legal_registration_date = fields.Date(string="Legal-System Registration Date", tracking=True)
    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, index=True,
        default=lambda self: self.env.company,
    )
    can_edit_registration = fields.Boolean(compute="_compute_can_edit_registration")
    # An addendum is archived next to its original contract.
    original_archive_id = fields.Many2one(
        "legal.archive", string="Archive of the Original Contract", readonly=True,
        compute="_compute_original_archive_id", store=True, index="btree_not_null",
    )
    amendment_archive_ids = fields.One2many(
        "legal.archive", "original_archive_id", string="Archived Addenda",
    )

    _sql_constraints = [
        ("request_uniq", "unique(request_id)", "A contract request is archived only once."),
        ("name_company_uniq", "unique(name, company_id)", "The archive number must be unique."),
    ]

    @api.depends_context("uid")
    def _compute_can_edit_registration(self):
        self.can_edit_registration = self._is_finance()

    @api.depends("request_id.original_request_id.legal_archive_ids")
    def _compute_original_archive_id(self):
        for archive in self:
            original = archive.request_id.original_request_id
            archive.original_archive_id = original.legal_archive_ids[:1]

    def _is_finance(self):
        return self.env.su or self.env.user.has_group(FINANCE_GROUP)

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    @api.model
    def _prepare_values_from_request(self, request):
        """The snapshot of ``request`` the archive keeps."""
        return {
            "request_id": request.id,
            "partner_id": request.partner_id.id,
            "order_id": request.order_id.id,
            "contract_number": request.contract_number,
            "contract_date": request.contract_date,
            "amount": request.amount,
            "currency_id": request.currency_id.id,
            "signatory_names": "\n".join(
                " - ".join(filter(None, [s.name, s.position])) for s in request.signatory_ids
            ),
            "attachment_ids": [fields.Command.set(request.signed_attachment_ids.ids)],
            "company_id": request.company_id.id,
        }

    @api.model_create_multi
    def create(self, vals_list):
        """The archive is a snapshot of a signed contract request: the
        contract's data come from the request, whatever the caller sends;
        only the location and the legal-system fields are free. Records are
        made by finance's archive action only (``action_register_legal_archive``
        of the request), never by a direct create, whatever the context."""
        self.browse().check_access("create")
        if not is_internal(self.env, ARCHIVE_KEY):
            raise UserError(self.env._(
                "Legal archive records are made by finance's archive action on a signed "
                "contract request (Archive), not directly."
            ))
        Request = self.env["crm.contract.request"]
        for vals in vals_list:
            request = Request.browse(vals.get("request_id"))
            if not request.exists():
                raise UserError(self.env._("A legal archive record needs the contract request it archives."))
            if request.state != "signed":
                raise UserError(self.env._(
                    "Only a signed contract can be archived; %(name)s is not signed.",
                    name=request.display_name,
                ))
            free = {key: vals[key] for key in REGISTRATION_FIELDS if key in vals}
            vals.clear()
            vals.update(self._prepare_values_from_request(request), **free)
            vals.update(archived_by_id=self.env.uid, archived_on=fields.Datetime.now())
            vals["name"] = (
                self.env["ir.sequence"].with_company(request.company_id)
                .next_by_code("legal.archive") or "/"
            )
        return super().create(vals_list)

    def _mutable_fields(self):
        """Fields that may change after archiving: the registration fields
        (finance only) and the chatter/activity technical fields."""
        technical = {
            name for name, field in self._fields.items()
            if name.startswith(("message_", "activity_")) or name == "website_message_ids"
            or not field.store
        }
        return set(REGISTRATION_FIELDS) | (technical - {"attachment_ids"})

    def write(self, vals):
        if self:
            frozen = set(vals) - self._mutable_fields()
            if frozen:
                raise UserError(self.env._(
                    "A legal archive record cannot be changed once archived; only its physical "
                    "location and its legal-system registration can. Refused: %(fields)s.",
                    fields=", ".join(self._fields[name].get_description(self.env)["string"]
                                     if name in self._fields else name for name in sorted(frozen)),
                ))
            registration = set(vals) & set(REGISTRATION_FIELDS)
            if registration and not self._is_finance():
                raise AccessError(self.env._(
                    "Only a finance officer can update %(fields)s of a legal archive record.",
                    fields=", ".join(self._fields[name].get_description(self.env)["string"]
                                     for name in sorted(registration)),
                ))
        return super().write(vals)

    @api.ondelete(at_uninstall=True)
    def _unlink_never(self):
        if module_uninstalling(self.env):
            return
        raise UserError(self.env._("Legal archive records cannot be deleted."))

    # ------------------------------------------------------------
    # CONSTRAINTS
    # ------------------------------------------------------------

    @api.constrains("attachment_ids")
    def _check_attachment_ids(self):
        for archive in self:
            if not archive.attachment_ids:
                raise ValidationError(self.env._(
                    "The legal archive %(name)s needs at least one signed document.",
                    name=archive.name,
                ))

    # ------------------------------------------------------------
    # FROM THE CONTRACT REQUEST
    # ------------------------------------------------------------

    @api.model
    def _create_from_request(self, request, physical_location=None):
        """Archive the signed ``request`` (finance): create its legal archive
        record and move the request to ``archived``."""
        request.ensure_one()
        if not self._is_finance():
            raise AccessError(self.env._(
                "Only a finance officer can archive the contract %(name)s.",
                name=request.display_name,
            ))
        if not request.signed_attachment_ids:
            raise UserError(self.env._(
                "Attach the scan of the signed contract %(name)s before archiving it.",
                name=request.display_name,
            ))
        vals = {"request_id": request.id}
        # an addendum is kept with its original unless told otherwise
        original_archive = request.original_request_id.legal_archive_id
        physical_location = physical_location or original_archive.physical_location
        if physical_location:
            vals["physical_location"] = physical_location
        archive = self.with_context(**internal_context(ARCHIVE_KEY)).create(vals)
        request._transition(
            {"state": "archived", "archived_on": archive.archived_on,
             "archived_by_id": self.env.uid},
            self.env._("Contract archived in the legal archive as %(number)s.", number=archive.name),
        )
        return archive
