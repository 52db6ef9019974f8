"""A real `tambon serve` on a free loopback port, with people and phones set up by the CLI."""

import pytest

from tests.conftest import PG_URL, needs, postgres_available
from tests.e2e.harness import prepare_site, scratch_postgres_database, start_servers, stop_servers


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """One SQLite site shared by a module's tests (each test makes its own uuids)."""
    site = start_servers(prepare_site(tmp_path_factory.mktemp("site")))
    yield site
    stop_servers(site)


@pytest.fixture
def fresh_site(tmp_path):
    """A SQLite site of its own, with four phones, not yet serving."""
    site = prepare_site(tmp_path / "data", phones=4)
    yield site
    stop_servers(site)


@pytest.fixture
def postgres_site(tmp_path):
    """A site on a scratch PostgreSQL database, with four phones, not yet serving."""
    needs(postgres_available(), f"PostgreSQL is not reachable at {PG_URL}")
    with scratch_postgres_database() as url:
        site = prepare_site(tmp_path / "data", url, phones=4)
        try:
            yield site
        finally:
            stop_servers(site)


@pytest.fixture
def training_definition():
    from forms.bundled import bundled

    return bundled("training_attendance")
