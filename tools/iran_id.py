# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Iranian identity numbers: digit normalisation and check-digit validation.

Pure functions, no Odoo import (python-stdnum for the IBAN layouts), so they can be unit-tested and reused
anywhere (partners, leads, imports).

* National code (``kod-e melli``) of a person: 10 digits, the last one is a
  check digit.
* National identifier (``shenase-ye melli``) of a legal entity: 11 digits,
  the last one is a check digit.
* IBAN: the Iranian one (Sheba, ``IR`` + 24 digits) and the generic ISO 13616
  check of the other countries' IBANs.

These checks are for Iranian parties (``is_iranian_party``); a foreign
party's identifiers are free text, only their digits are normalised.
"""

from stdnum import iban as stdnum_iban  # a dependency of Odoo itself
from stdnum.exceptions import InvalidComponent as StdnumInvalidComponent
from stdnum.exceptions import ValidationError as StdnumError

NATIONAL_CODE_LENGTH = 10
COMPANY_NATIONAL_ID_LENGTH = 11
_COMPANY_COEFFICIENTS = (29, 27, 23, 19, 17, 29, 27, 23, 19, 17)

# Persian (extended Arabic-Indic) digits U+06F0..U+06F9 and Arabic-Indic
# digits U+0660..U+0669 to ASCII; spaces, dashes and invisible joiners
# removed.
_LATIN_DIGITS = {0x06F0 + i: str(i) for i in range(10)}
_LATIN_DIGITS.update({0x0660 + i: str(i) for i in range(10)})
_DIGIT_TABLE = dict(_LATIN_DIGITS)
_SEPARATORS = (
    " \t\r\n"
    "\u00a0\u2007\u202f"  # no-break spaces
    "\u200b\u200c\u200d\u2060\ufeff"  # zero-width characters (ZWNJ...)
    "-_.\u2010\u2011\u2012\u2013\u2014\u2212\u0640"  # dashes, dots, tatweel
)
_DIGIT_TABLE.update({ord(char): None for char in _SEPARATORS})

# Problems reported by the ``check_*`` functions.
PROBLEM_LENGTH = "length"
PROBLEM_DIGITS = "digits"
PROBLEM_CHECKSUM = "checksum"


def normalize_digits(value):
    """Return ``value`` with Persian and Arabic-Indic digits turned into
    ASCII digits and spaces, dashes and dots removed. Falsy values are
    returned unchanged."""
    if not value:
        return value
    return str(value).translate(_DIGIT_TABLE)


def latin_digits(value):
    """Return ``value`` with Persian and Arabic-Indic digits turned into
    ASCII digits, everything else kept (for phone numbers, addresses...).
    Falsy and non-string values are returned unchanged."""
    if not value or not isinstance(value, str):
        return value
    return value.translate(_LATIN_DIGITS)


def normalize_iban(value):
    """An IBAN with ASCII digits, upper case, without spaces or dashes.
    Falsy and non-string values are returned unchanged."""
    if not value or not isinstance(value, str):
        return value
    return normalize_digits(value).upper()


def _check(code, length):
    if not code.isascii() or not code.isdigit():
        return PROBLEM_DIGITS
    if len(code) != length:
        return PROBLEM_LENGTH
    return None


def check_national_code(code):
    """Problem of a normalised 10-digit national code (``PROBLEM_*``), or
    ``None`` when it is valid."""
    problem = _check(code, NATIONAL_CODE_LENGTH)
    if problem:
        return problem
    digits = [int(char) for char in code]
    # all-identical codes (0000000000, 1111111111...) pass the arithmetic
    # but are never issued, nor are codes whose middle six digits are zero
    if len(set(digits)) == 1 or code[3:9] == "000000":
        return PROBLEM_CHECKSUM
    remainder = sum(digits[i] * (10 - i) for i in range(9)) % 11
    check = digits[9]
    expected = remainder if remainder < 2 else 11 - remainder
    return None if check == expected else PROBLEM_CHECKSUM


def check_company_national_id(code):
    """Problem of a normalised 11-digit company national identifier
    (``PROBLEM_*``), or ``None`` when it is valid."""
    problem = _check(code, COMPANY_NATIONAL_ID_LENGTH)
    if problem:
        return problem
    digits = [int(char) for char in code]
    if len(set(digits)) == 1 or code[3:9] == "000000":
        return PROBLEM_CHECKSUM
    decimal = digits[9] + 2
    remainder = sum(
        (digits[i] + decimal) * coefficient
        for i, coefficient in enumerate(_COMPANY_COEFFICIENTS)
    ) % 11
    if remainder == 10:
        remainder = 0
    return None if digits[10] == remainder else PROBLEM_CHECKSUM


def is_valid_national_code(code):
    """True if ``code`` (a string, normalised first) is a valid Iranian
    10-digit national code."""
    if not code or not isinstance(code, str):
        return False
    return check_national_code(normalize_digits(code)) is None


def is_valid_company_national_id(code):
    """True if ``code`` (a string, normalised first) is a valid Iranian
    11-digit national identifier of a legal entity."""
    if not code or not isinstance(code, str):
        return False
    return check_company_national_id(normalize_digits(code)) is None


# ------------------------------------------------------------
# Whose rules: Iranian parties and the others
# ------------------------------------------------------------

IRAN_COUNTRY_CODE = "IR"
PROBLEM_FORMAT = "format"
IRAN_IBAN_LENGTH = 26


def is_iranian_party(country_code):
    """Whether the Iranian identity rules apply to a party whose country has
    the ISO 3166 alpha-2 ``country_code``: Iran, or no country at all (an
    unspecified party keeps the Iranian rules, as before countries counted;
    the company's country is not used as a fallback: Odoo creates the main
    company in the United States, and most databases keep that)."""
    return not country_code or country_code.upper() == IRAN_COUNTRY_CODE


def _iban_mod97(iban):
    """ISO 7064 mod 97-10 remainder of a normalised IBAN (letters A=10...Z=35)."""
    rearranged = iban[4:] + iban[:4]
    return int("".join(str(int(char, 36)) for char in rearranged)) % 97


def is_valid_iran_iban(value):
    """True for an Iranian IBAN (Sheba): ``IR`` + 24 digits with a valid
    ISO 7064 mod 97-10 checksum (python-stdnum has no Iranian IBAN
    structure). Normalised first."""
    if not value or not isinstance(value, str):
        return False
    iban = normalize_iban(value)
    if len(iban) != IRAN_IBAN_LENGTH or not iban.startswith(IRAN_COUNTRY_CODE) or not iban[2:].isdigit():
        return False
    return _iban_mod97(iban) == 1


def check_iban(value):
    """Problem of an IBAN of any country (ISO 13616), or ``None`` when it is
    valid: ``PROBLEM_FORMAT`` when it is not two letters, two check digits
    and up to 30 letters or digits (or, for a country python-stdnum knows,
    not that country's length and layout), ``PROBLEM_CHECKSUM`` when the
    mod-97 check fails. Normalised first; an Iranian IBAN (Sheba) is checked
    by ``is_valid_iran_iban``."""
    iban = normalize_iban(value) or ""
    if (
        not 5 <= len(iban) <= 34
        or not iban.isascii()
        or not iban.isalnum()
        or not iban[:2].isalpha()
        or not iban[2:4].isdigit()
    ):
        return PROBLEM_FORMAT
    if iban.startswith(IRAN_COUNTRY_CODE):
        if len(iban) != IRAN_IBAN_LENGTH or not iban[2:].isdigit():
            return PROBLEM_FORMAT
        return None if is_valid_iran_iban(iban) else PROBLEM_CHECKSUM
    if _iban_mod97(iban) != 1:
        return PROBLEM_CHECKSUM
    # the per-country length and layout (bank code, account number...) of
    # the countries python-stdnum knows; another country's IBAN (one
    # stdnum's registry does not list yet) passes on its mod-97 check
    try:
        stdnum_iban.validate(iban)
    except StdnumInvalidComponent:
        return None
    except StdnumError:
        return PROBLEM_FORMAT
    return None
