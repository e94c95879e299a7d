from tests.assessments.conftest import assessment, entry_data, referral, voices  # noqa: F401
