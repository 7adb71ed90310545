# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Checksums of Iranian identity numbers.

- National code (کد ملی) of a person: 10 digits, the last one a check digit.
- National identifier (شناسه ملی) of a legal entity: 11 digits, the last one
  a check digit.
"""

_PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹"
_ARABIC_DIGITS = "٠١٢٣٤٥٦٧٨٩"
_DIGITS_TABLE = str.maketrans(
    _PERSIAN_DIGITS + _ARABIC_DIGITS, "0123456789" * 2
)
_COMPANY_COEFFICIENTS = (29, 27, 23, 19, 17, 29, 27, 23, 19, 17)


def normalize_digits(value):
    """Return ``value`` with Persian/Arabic digits turned into ASCII digits
    and spaces, dashes and dots removed; ``""`` for an empty value."""
    if not value:
        return ""
    value = str(value).translate(_DIGITS_TABLE)
    for char in (" ", "-", ".", "\u200c", "\u00a0"):
        value = value.replace(char, "")
    return value


def is_valid_national_code(value):
    """True when ``value`` is a valid 10-digit Iranian national code."""
    code = normalize_digits(value)
    if len(code) != 10 or not code.isdigit():
        return False
    digits = [int(c) for c in code]
    total = sum(digits[i] * (10 - i) for i in range(9)) % 11
    check = digits[9]
    return check == total if total < 2 else check == 11 - total


def is_valid_company_national_id(value):
    """True when ``value`` is a valid 11-digit Iranian national identifier of
    a legal entity."""
    code = normalize_digits(value)
    if len(code) != 11 or not code.isdigit():
        return False
    digits = [int(c) for c in code]
    dec = digits[9] + 2
    total = sum((digits[i] + dec) * _COMPANY_COEFFICIENTS[i] for i in range(10)) % 11
    if total == 10:
        total = 0
    return total == digits[10]
