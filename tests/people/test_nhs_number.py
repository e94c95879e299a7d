from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from coassess.people.nhs_number import (
    check_digit,
    formatted,
    is_valid,
    normalise,
    validate_nhs_number,
)


@pytest.mark.parametrize("number", ["9434765919", "9434765870", "9999999999"])
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
    assert len(valid) == (0 if check_digit(prefix) is None else 1)


def test_it_formats_the_way_letters_print_it() -> None:
    assert formatted("9434765919") == "943 476 5919"
