"""A refused request is logged as one line with its request id, not a
traceback (issue 10, item 10); a server error keeps its traceback."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse

from coassess.core.middleware import OneLineRefusals


def refusals(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == "django.request"]


@pytest.mark.parametrize(
    ("persona", "url", "status"),
    [
        ("peer", reverse("accounts:staff_list"), 403),  # the example
        ("peer", "/no-such-page/", 404),
        ("peer", "/sign-in/?", 405),
    ],
)
def test_a_refusal_is_one_line_with_its_request_id(
    signed_in: Callable[[str], Any],
    caplog: pytest.LogCaptureFixture,
    persona: str,
    url: str,
    status: int,
) -> None:
    browser = signed_in(persona)
    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = browser.generic("PATCH", url) if status == 405 else browser.get(url)
    assert response.status_code == status
    (record,) = refusals(caplog)
    assert record.exc_info is None and record.exc_text is None
    assert url.rstrip("?") in record.getMessage()
    assert "Traceback" not in caplog.text
    assert response["X-Request-Id"]


def test_a_server_error_keeps_its_traceback() -> None:
    try:
        raise RuntimeError("a real fault")
    except RuntimeError:
        exc_info = sys.exc_info()
    record = logging.LogRecord(
        "django.request",
        logging.ERROR,
        __file__,
        1,
        "Internal Server Error: /x",
        None,
        exc_info,
    )
    record.status_code = 500
    assert OneLineRefusals().filter(record)
    assert record.exc_info == exc_info
