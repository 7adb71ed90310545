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
    and leads: Iranian national code of a person, national identifier of a
    company and the registration data around them.

    Identifiers are normalised before they are stored (Persian and
    Arabic-Indic digits become ASCII, spaces and dashes are dropped) and
    their check digit is validated."""

    _name = "crm.agency.identity.mixin"
    _description = "Identity Data of a Person or Company"

    # person
    national_id = fields.Char(
        string="National Code",
        groups=IDENTITY_GROUPS,
        index="btree_not_null",
        help="Iranian national code (kod-e melli) of the person: 10 digits, "
        "the last one a check digit.",
    )
    birthdate = fields.Date(string="Date of Birth", groups=IDENTITY_GROUPS)
    gender = fields.Selection(GENDERS, groups=IDENTITY_GROUPS)
    marital_status = fields.Selection(MARITAL_STATUSES, groups=IDENTITY_GROUPS)
    # company
    company_national_id = fields.Char(
        string="Company National ID",
        groups=IDENTITY_GROUPS,
        index="btree_not_null",
        help="National identifier (shenase-ye melli) of the legal entity: "
        "11 digits, the last one a check digit.",
    )
    economic_code = fields.Char(
        groups=IDENTITY_GROUPS,
        help="Economic (tax) code given by the tax administration.",
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
            return self.env._("%(field)s of %(record)s (%(value)s) must contain only digits.", **values)
        if problem == iran_id.PROBLEM_LENGTH:
            return self.env._(
                "%(field)s of %(record)s (%(value)s) must have exactly %(length)s digits.",
                length=length,
                **values,
            )
        return self.env._(
            "%(field)s of %(record)s (%(value)s) is not valid: its check digit does not match.",
            **values,
        )

    @api.constrains("national_id")
    def _check_national_id(self):
        for record in self.filtered("national_id"):
            problem = iran_id.check_national_code(record.national_id)
            if problem:
                raise ValidationError(
                    record._agency_identity_error(
                        "national_id", problem, iran_id.NATIONAL_CODE_LENGTH
                    )
                )

    @api.constrains("company_national_id")
    def _check_company_national_id(self):
        for record in self.filtered("company_national_id"):
            problem = iran_id.check_company_national_id(record.company_national_id)
            if problem:
                raise ValidationError(
                    record._agency_identity_error(
                        "company_national_id", problem, iran_id.COMPANY_NATIONAL_ID_LENGTH
                    )
                )

    @api.constrains("economic_code")
    def _check_economic_code(self):
        for record in self.filtered("economic_code"):
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
