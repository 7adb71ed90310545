# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Iranian identity numbers: digit normalisation and check-digit validation.

Pure functions, no Odoo import, so they can be unit-tested and reused
anywhere (partners, leads, imports).

* National code (``kod-e melli``) of a person: 10 digits, the last one is a
  check digit.
* National identifier (``shenase-ye melli``) of a legal entity: 11 digits,
  the last one is a check digit.
"""

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
