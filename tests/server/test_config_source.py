"""Configuration is read in one place: server/config.py's Config."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
READS_ENVIRONMENT = re.compile(r"os\.environ(?!\})|getenv|environ\.get")


def test_only_the_config_module_reads_the_environment():
    readers = []
    for path in sorted(ROOT.glob("*/**/*.py")):
        relative = path.relative_to(ROOT).as_posix()
        if relative.startswith("tests/") or relative == "server/config.py":
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            # Handing the environment on to a child process (pg_dump) is not reading it.
            if READS_ENVIRONMENT.search(line) and "{**os.environ" not in line:
                readers.append(f"{relative}:{number}: {line.strip()}")
    assert readers == [], "read configuration through server.config.Config:\n" + "\n".join(
        readers)
