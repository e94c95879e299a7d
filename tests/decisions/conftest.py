from tests.assessments.conftest import assessment, referral, voices  # noqa: F401
