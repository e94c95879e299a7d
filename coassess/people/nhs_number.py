"""NHS numbers: ten digits, the last a modulus 11 check digit.

Each of the first nine digits is multiplied by a weight from 10 down to 2; the
check digit is 11 minus the remainder of the sum divided by 11 (11 becomes 0,
and 10 means the number is not valid).

A number made of one digit repeated ten times ("999 999 9999", "000 000 0000")
always passes that check (54 times any digit leaves the digit itself as the
check), so it is what people type when they do not know the number. It is never
anyone's identifier, and recording it would make a stranger look like a match.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError


def normalise(raw: str) -> str:
    """Drop the spaces and dashes people type ('943 476 5919' -> '9434765919')."""
    return "".join(ch for ch in raw if ch not in " -\u00a0\t")


def check_digit(first_nine: str) -> int | None:
    total = sum(int(d) * w for d, w in zip(first_nine, range(10, 1, -1), strict=True))
    digit = 11 - total % 11
    if digit == 11:
        return 0
    if digit == 10:
        return None
    return digit


def is_placeholder(number: str) -> bool:
    """True for '9999999999' and its like: one digit ten times, never issued."""
    return len(number) == 10 and len(set(number)) == 1


def is_valid(number: str) -> bool:
    """Ten ASCII digits with the right check digit, and not a placeholder."""
    if len(number) != 10 or not number.isascii() or not number.isdigit():
        return False
    if is_placeholder(number):
        return False
    return check_digit(number[:9]) == int(number[9])


NOT_A_REAL_NUMBER = (
    "This is not a real NHS number: nobody has one digit repeated 10 times. "
    "Enter their NHS number, or leave it blank if you don't know it."
)


def validate_nhs_number(value: str) -> None:
    """Raise ValidationError with a plain message unless `value` (spaces and
    dashes allowed) is a real-looking NHS number."""
    number = normalise(value)
    if not number.isascii() or not number.isdigit() or len(number) != 10:
        raise ValidationError(
            "Enter an NHS number with 10 digits, like 943 476 5919, or leave it blank.",
            code="nhs_number_format",
        )
    if is_placeholder(number):
        raise ValidationError(NOT_A_REAL_NUMBER, code="nhs_number_placeholder")
    if not is_valid(number):
        raise ValidationError(
            "This NHS number is not right: one of the digits may be mistyped. "
            "Check it against a letter or the NHS App, or leave it blank.",
            code="nhs_number_check_digit",
        )


def formatted(number: str) -> str:
    """'9434765919' -> '943 476 5919', the way it is printed on NHS letters."""
    return f"{number[:3]} {number[3:6]} {number[6:]}" if len(number) == 10 else number
