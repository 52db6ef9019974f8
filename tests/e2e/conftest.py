"""Real `tambon serve` processes on free loopback ports, with people and phones set up by the
`tambon` command; on SQLite in a temporary data dir, or on a scratch PostgreSQL database."""

from contextlib import ExitStack, contextmanager

import pytest

from tests.conftest import PG_URL, needs, postgres_available
from tests.e2e.harness import prepare_site, scratch_postgres_database, start_servers, stop_servers

ENGINES = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


@contextmanager
def prepared_site(data_dir, engine: str, phones: int = 2):
    """A prepared site on `engine`; its servers are stopped and its database dropped after."""
    with ExitStack() as stack:
        url = None
        if engine == "postgres":
            needs(postgres_available(), f"PostgreSQL is not reachable at {PG_URL}")
            url = stack.enter_context(scratch_postgres_database())
        site = prepare_site(data_dir, url, phones=phones)
        stack.callback(stop_servers, site)
        yield site


@pytest.fixture(scope="module", params=ENGINES)
def site(request, tmp_path_factory):
    """One serving site per engine, shared by a module's tests (each test makes its own
    uuids), so the same protocol tests run against SQLite and PostgreSQL."""
    with prepared_site(tmp_path_factory.mktemp(f"site-{request.param}"), request.param) as site:
        yield start_servers(site)


@pytest.fixture
def fresh_site(tmp_path):
    """A SQLite site of its own, with four phones, not yet serving."""
    with prepared_site(tmp_path / "data", "sqlite", phones=4) as site:
        yield site


@pytest.fixture(params=ENGINES)
def any_site(request, tmp_path):
    """A site of its own on each engine in turn, with four phones, not yet serving."""
    with prepared_site(tmp_path / "data", request.param, phones=4) as site:
        yield site


@pytest.fixture
def postgres_site(tmp_path):
    """A site on a scratch PostgreSQL database, with four phones, not yet serving."""
    with prepared_site(tmp_path / "data", "postgres", phones=4) as site:
        yield site


@pytest.fixture
def training_definition():
    """Version 1 of training_attendance: the version `harness.submission` sends by default."""
    from forms.bundled import bundled_version

    return bundled_version("training_attendance", "1")
