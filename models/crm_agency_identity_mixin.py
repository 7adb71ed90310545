# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools import iran_id

GENDERS = [("male", "Male"), ("female", "Female"), ("other", "Other")]
MARITAL_STATUSES = [
    ("single", "Single"),
    ("married", "Married"),
    ("divorced", "Divorced"),
    ("widowed", "Widowed"),
]
# who reads the identity data of people and companies (personal data, needed
# for the contract): the sales team (managers imply it), finance and the
# administrators; not every employee, not portal users
IDENTITY_GROUPS = (
    "sales_team.group_sale_salesman,"
    "crm_agency_sales.group_agency_finance,"
    "base.group_system"
)
LEGAL_FORMS = [
    ("private_joint_stock", "Private Joint Stock Company"),
    ("public_joint_stock", "Public Joint Stock Company"),
    ("limited_liability", "Limited Liability Company"),
    ("cooperative", "Cooperative"),
    ("partnership", "Partnership"),
    ("institute", "Non-Commercial Institute"),
    ("ngo", "NGO"),
    ("government", "Government Body"),
    ("other", "Other"),
]


class CrmAgencyIdentityMixin(models.AbstractModel):
    """Identity data of a person or a company, shared by contacts
    and leads: national code of a person, national identifier of a
    company and the registration data around them.

    Identifiers are normalised before they are stored (Persian and
    Arabic-Indic digits become ASCII, spaces and dashes are dropped). The
    Iranian formats (10-digit national code and 11-digit national identifier
    with their check digit, economic code of digits) are checked for an
    Iranian party only (``_agency_is_iranian``): one whose country is Iran
    or that has no country. A foreign party's identifiers (passport, INN,
    OGRN...) are free text."""

    _name = "crm.agency.identity.mixin"
    _description = "Identity Data of a Person or Company"

    # person
    national_id = fields.Char(
        string="National Code",
        groups=IDENTITY_GROUPS,
        index="btree_not_null",
        help="Identity number of the person. For an Iranian person (country "
        "Iran, or no country set): the national code "
        "(kod-e melli), 10 digits, the last one a check digit. Otherwise the "
        "identifier of the person's country (national ID or passport number).",
    )
    birthdate = fields.Date(string="Date of Birth", groups=IDENTITY_GROUPS)
    gender = fields.Selection(GENDERS, groups=IDENTITY_GROUPS)
    marital_status = fields.Selection(MARITAL_STATUSES, groups=IDENTITY_GROUPS)
    # company
    company_national_id = fields.Char(
        string="Company National ID",
        groups=IDENTITY_GROUPS,
        index="btree_not_null",
        help="National identifier of the legal entity. For an Iranian company "
        "(country Iran, or no country set): the shenase-ye "
        "melli, 11 digits, the last one a check digit. Otherwise the identifier "
        "of the company's country (e.g. its tax number, INN in Russia).",
    )
    economic_code = fields.Char(
        groups=IDENTITY_GROUPS,
        help="Economic (tax) code given by the tax administration: digits only "
        "for an Iranian company, free text for a foreign one.",
    )
    registration_date = fields.Date(groups=IDENTITY_GROUPS)
    legal_form = fields.Selection(LEGAL_FORMS, groups=IDENTITY_GROUPS)
    employee_count = fields.Integer(string="Number of Employees", groups=IDENTITY_GROUPS)
    # both
    fax = fields.Char()

    # identifier fields normalised to ASCII digits before being stored
    _AGENCY_DIGIT_FIELDS = ("national_id", "company_national_id", "economic_code")
    # numbers kept as typed (separators too) but stored with ASCII digits
    _AGENCY_LATIN_DIGIT_FIELDS = ("company_registry", "phone", "mobile", "fax")

    @api.model
    def _agency_normalize_identity_vals(self, vals):
        """Copy of ``vals`` with the identifiers normalised and the Persian
        or Arabic-Indic digits of the numbers turned into ASCII digits."""
        if not isinstance(vals, dict):
            raise ValidationError(
                self.env._("The values to save must be a dictionary of field names and values.")
            )
        vals = dict(vals)
        for fname in self._AGENCY_DIGIT_FIELDS:
            if isinstance(vals.get(fname), str):
                vals[fname] = iran_id.normalize_digits(vals[fname]) or False
        for fname in self._AGENCY_LATIN_DIGIT_FIELDS:
            if isinstance(vals.get(fname), str) and fname in self._fields:
                vals[fname] = iran_id.latin_digits(vals[fname])
        return vals

    def copy_data(self, default=None):
        """A user who may not read the identity data (a plain employee
        duplicating a contact) gets a copy without it, rather than an
        access error on fields they cannot see."""
        default = dict(default or {})
        for fname in self._agency_restricted_identity_fields():
            if not self._fields[fname].is_accessible(self.env):
                default.setdefault(fname, False)
        return super().copy_data(default=default)

    @api.model_create_multi
    def create(self, vals_list):
        vals_list = [self._agency_normalize_identity_vals(vals) for vals in vals_list]
        return super().create(vals_list)

    def write(self, vals):
        return super().write(self._agency_normalize_identity_vals(vals))

    # ------------------------------------------------------------
    # CONSTRAINTS
    # ------------------------------------------------------------

    def _agency_identity_error(self, fname, problem, length=None):
        self.ensure_one()
        field = self._fields[fname]._description_string(self.env)
        values = {"field": field, "record": self.display_name, "value": self[fname]}
        if problem == iran_id.PROBLEM_DIGITS:
            message = self.env._("%(field)s of %(record)s (%(value)s) must contain only digits.", **values)
        elif problem == iran_id.PROBLEM_LENGTH:
            message = self.env._(
                "%(field)s of %(record)s (%(value)s) must have exactly %(length)s digits.",
                length=length,
                **values,
            )
        else:
            message = self.env._(
                "%(field)s of %(record)s (%(value)s) is not valid: its check digit does not match.",
                **values,
            )
        return "%s %s" % (message, self.env._(
            "This is the Iranian format; for a foreign party set its country, "
            "then its own identifier is accepted."
        ))

    @api.model
    def _agency_identity_constrains(self, *fnames):
        """``fnames`` and the fields that decide whose rules apply (the
        country, the parent company or customer), when the model has them."""
        return list(fnames) + [
            fname for fname in ("country_id", "parent_id", "partner_id")
            if fname in self._fields
        ]

    def _agency_identity_country(self):
        """The country of the party: the record's own, else its commercial
        partner's (a contact of a company, a lead's customer)."""
        self.ensure_one()
        country = self.env["res.country"]
        if "country_id" in self._fields:
            country = self.country_id
        if not country and "commercial_partner_id" in self._fields:
            country = self.commercial_partner_id.country_id
        if not country and "partner_id" in self._fields:
            country = self.partner_id.commercial_partner_id.country_id
        return country

    def _agency_is_iranian(self):
        """Whether the Iranian identity formats apply to this party
        (``iran_id.is_iranian_party``): its country is Iran, or it has none."""
        self.ensure_one()
        return iran_id.is_iranian_party(self._agency_identity_country().code)

    @api.constrains(lambda self: self._agency_identity_constrains("national_id"))
    def _check_national_id(self):
        # sudo: the constraint also runs when a user who may not read the
        # identity data changes the country; it only reads the code to check
        for record in self.sudo().filtered("national_id"):
            if not record._agency_is_iranian():
                continue
            problem = iran_id.check_national_code(record.national_id)
            if problem:
                raise ValidationError(
                    record._agency_identity_error(
                        "national_id", problem, iran_id.NATIONAL_CODE_LENGTH
                    )
                )

    @api.constrains(lambda self: self._agency_identity_constrains("company_national_id"))
    def _check_company_national_id(self):
        # sudo: see _check_national_id
        for record in self.sudo().filtered("company_national_id"):
            if not record._agency_is_iranian():
                continue
            problem = iran_id.check_company_national_id(record.company_national_id)
            if problem:
                raise ValidationError(
                    record._agency_identity_error(
                        "company_national_id", problem, iran_id.COMPANY_NATIONAL_ID_LENGTH
                    )
                )

    @api.constrains(lambda self: self._agency_identity_constrains("economic_code"))
    def _check_economic_code(self):
        # sudo: see _check_national_id
        for record in self.sudo().filtered("economic_code"):
            if not record._agency_is_iranian():
                continue
            if not (record.economic_code.isascii() and record.economic_code.isdigit()):
                raise ValidationError(
                    record._agency_identity_error("economic_code", iran_id.PROBLEM_DIGITS)
                )

    @api.constrains("birthdate", "registration_date")
    def _check_identity_dates(self):
        today = fields.Date.context_today(self)
        for record in self:
            for fname in ("birthdate", "registration_date"):
                if record[fname] and record[fname] > today:
                    raise ValidationError(
                        self.env._(
                            "%(field)s of %(record)s cannot be in the future.",
                            field=record._fields[fname]._description_string(self.env),
                            record=record.display_name,
                        )
                    )

    @api.constrains("employee_count")
    def _check_employee_count(self):
        for record in self:
            if record.employee_count < 0:
                raise ValidationError(
                    self.env._(
                        "The number of employees of %(record)s cannot be negative.",
                        record=record.display_name,
                    )
                )

    # ------------------------------------------------------------
    # HELPERS
    # ------------------------------------------------------------

    @api.model
    def _agency_restricted_identity_fields(self):
        """Identity fields read only by ``IDENTITY_GROUPS``."""
        return [
            fname for fname, field in self._fields.items()
            if field.groups == IDENTITY_GROUPS
        ]

    @api.model
    def _agency_identity_readable(self):
        """Whether the current user reads the identity data."""
        return self._fields["national_id"].is_accessible(self.env)

    @api.model
    def _agency_person_identity_fields(self):
        """Identity fields of a person."""
        return ["national_id", "birthdate", "gender", "marital_status"]

    @api.model
    def _agency_company_identity_fields(self):
        """Identity fields of a company."""
        return [
            "company_national_id",
            "economic_code",
            "company_registry",
            "registration_date",
            "legal_form",
            "employee_count",
            "industry_id",
        ]
