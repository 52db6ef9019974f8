"""Shared test plumbing.

`needs(ok, why)` is how a test asks for a service: it skips on a developer's machine that
lacks it, and fails under CI=true, where every service must be there and nothing may hide.
"""

import os

import pytest

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
PG_URL = os.environ.get("TAMBON_TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432/test")


def needs(ok: bool, why: str) -> None:
    """Skip (or, in CI, fail) the calling test when a required service is missing."""
    if ok:
        return
    if IN_CI:
        pytest.fail(f"CI must run this test but {why}", pytrace=False)
    pytest.skip(why)


def postgres_available() -> bool:
    try:
        import psycopg2

        psycopg2.connect(PG_URL, connect_timeout=3).close()
        return True
    except Exception:
        return False
