"""The store on both databases: an SQLite file, and a throwaway PostgreSQL cluster started here.

The cluster is Debian's PostgreSQL (`/usr/lib/postgresql/*/bin`), run as the `postgres` user
(initdb and postgres refuse root) in a temporary folder on a free loopback port, and removed
at the end of the session. `make test` installs the package where it is missing.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.exc import OperationalError

from workshop import store


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _as_postgres(*command: str) -> list[str]:
    """Run as the `postgres` user when we are root (its binaries refuse root)."""
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else list(command)


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A fresh PostgreSQL cluster on a free loopback port for this test session."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not found:
        pytest.fail("The room tests need Debian's PostgreSQL binaries: run `make test`, which "
                    "installs them, or `sudo apt-get install -y postgresql`.")
    bin_dir = Path(found[-1]).parent
    folder = Path(tempfile.mkdtemp(prefix="rooms-pg-"))
    data, port = folder / "data", _free_port()
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
    server = None
    try:
        subprocess.run(_as_postgres(str(bin_dir / "initdb"), "-D", str(data), "-U", "postgres",
                                    "--auth=trust", "--no-sync", "-E", "UTF8"),
                       check=True, capture_output=True)
        server = subprocess.Popen(
            _as_postgres(str(bin_dir / "postgres"), "-D", str(data), "-p", str(port),
                         "-c", "listen_addresses=127.0.0.1",
                         "-c", f"unix_socket_directories={folder}",
                         "-c", "fsync=off", "-c", "max_connections=200"),
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        url = f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"
        probe = create_engine(url)
        deadline = time.monotonic() + 30
        while True:
            try:
                with probe.connect() as connection:
                    connection.execute(text("SELECT 1"))
                break
            except OperationalError:
                if server.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"PostgreSQL did not start: {server.stderr.read().decode()}")
                time.sleep(0.2)
        probe.dispose()
        yield url
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        shutil.rmtree(folder, ignore_errors=True)


_databases = 0


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A new, empty database: an SQLite file, or a new database in the session's cluster."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'rooms.sqlite3'}"
    global _databases
    _databases += 1
    server = request.getfixturevalue("postgres_url")
    name = f"rooms_{os.getpid()}_{_databases}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return server.rsplit("/", 1)[0] + f"/{name}"


@pytest.fixture
def engines(database_url: str) -> Iterator[Callable[[], Engine]]:
    """Make prepared engines on the test's database (a new one is a restart or a replica)."""
    made: list[Engine] = []

    def engine() -> Engine:
        made.append(store.prepare(create_engine(database_url, pool_size=20, max_overflow=40)))
        return made[-1]

    yield engine
    for each in made:
        each.dispose()
