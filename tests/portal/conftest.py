"""Fixtures for the portal: an assessment (from tests/assessments), and
clients signed in with the person's or a supporter's access code
(tests/portal/viewers.py)."""

from tests.assessments.conftest import (  # noqa: F401
    assessment,
    entry_data,
    referral,
    voices,
)
from tests.portal.viewers import ANSWER, as_carer, as_person, code_client  # noqa: F401
