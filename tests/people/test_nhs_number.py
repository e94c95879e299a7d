from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from coassess.people.nhs_number import (
    check_digit,
    formatted,
    is_placeholder,
    is_valid,
    normalise,
    validate_nhs_number,
)


@pytest.mark.parametrize("number", ["9434765919", "9434765870", "9990100004"])
def test_it_accepts_numbers_with_the_right_check_digit(number: str) -> None:
    assert is_valid(number)


@pytest.mark.parametrize("number", ["9434765918", "9434765911", "1234567890"])
def test_it_rejects_a_wrong_check_digit(number: str) -> None:
    assert not is_valid(number)
    with pytest.raises(ValidationError, match="one of the digits may be mistyped"):
        validate_nhs_number(number)


@pytest.mark.parametrize("raw", ["943 476 5919", "943-476-5919", " 9434765919 "])
def test_it_accepts_spaces_and_dashes(raw: str) -> None:
    validate_nhs_number(raw)
    assert normalise(raw) == "9434765919"


@pytest.mark.parametrize(
    "raw", ["943476591", "94347659190", "94347659l9", "٩٤٣٤٧٦٥٩١٩"]
)
def test_it_asks_for_ten_digits(raw: str) -> None:
    with pytest.raises(ValidationError, match="10 digits"):
        validate_nhs_number(raw)


def test_a_check_digit_of_ten_means_no_valid_number() -> None:
    # 000000010 weights to 20; 11 - 20 % 11 = 2 ... find a prefix whose digit would be 10.
    prefixes = [f"{n:09d}" for n in range(1000)]
    assert any(check_digit(p) is None for p in prefixes)
    for p in prefixes:
        if check_digit(p) is None:
            assert not any(is_valid(p + str(d)) for d in range(10))


@given(st.from_regex(r"\A[0-9]{9}\Z"))
def test_exactly_one_last_digit_completes_a_prefix_unless_none_can(prefix: str) -> None:
    valid = [d for d in range(10) if is_valid(prefix + str(d))]
    digit = check_digit(prefix)
    cannot = digit is None or is_placeholder(prefix + str(digit))
    assert len(valid) == (0 if cannot else 1)


@pytest.mark.parametrize("digit", "0123456789")
def test_one_digit_ten_times_is_refused_though_its_check_digit_fits(
    digit: str,
) -> None:
    number = digit * 10
    assert check_digit(number[:9]) == int(digit)  # why the check alone lets it in
    assert is_placeholder(number)
    assert not is_valid(number)
    for typed in (number, formatted(number)):
        with pytest.raises(ValidationError) as caught:
            validate_nhs_number(typed)
        assert caught.value.messages == [
            "This is not a real NHS number: nobody has one digit repeated 10 times. "
            "Enter their NHS number, or leave it blank if you don't know it."
        ]


@pytest.mark.parametrize("number", ["9434765919", "9990100004", "9999999990"])
def test_only_one_digit_repeated_is_a_placeholder(number: str) -> None:
    assert not is_placeholder(number)


def test_it_formats_the_way_letters_print_it() -> None:
    assert formatted("9434765919") == "943 476 5919"
