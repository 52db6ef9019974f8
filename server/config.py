"""Server configuration, read from TAMBON_* environment variables.

| variable | default | meaning |
| --- | --- | --- |
| TAMBON_DATA_DIR | ./tambon-data | where the SQLite file and the secret key live |
| TAMBON_DATABASE_URL | sqlite file `tambon.db` in the data dir | or `postgresql://...` |
| TAMBON_SECRET_KEY | generated once into `<data dir>/secret_key` | signs cookies of the web pages |
| TAMBON_MAX_BODY_BYTES | 16777216 (16 MiB) | request body, after gzip inflation |
| TAMBON_MAX_BATCH_ITEMS | 1000 | submissions in one push |
| TAMBON_MAX_FILE_BYTES | 10485760 (10 MiB) | one attachment; a field's `max_bytes` may be lower |
| TAMBON_MAX_JSON_DEPTH | 32 | nesting of arrays and objects in a request |
| TAMBON_MAX_STRING_LENGTH | 10000 | characters in any one string of a request |
| TAMBON_PULL_LIMIT | 500 | most changes one pull returns (`limit` may ask fewer) |
| TAMBON_PAGE_LIMIT | 500 | most submissions one listing page returns |
| TAMBON_GZIP_MIN_BYTES | 1024 | smallest response worth compressing |
| TAMBON_CREDENTIAL_CACHE_SECONDS | 60 | how long a verified password is remembered in process |
| TAMBON_TRUSTED_PROXIES | 127.0.0.0/8,::1 | proxies whose X-Forwarded-For names the client |
| TAMBON_WEB_IDLE_MINUTES | 30 | a web session unused this long ends |
| TAMBON_READ_TIMEOUT_SECONDS | 60 | `serve` drops a connection that sends nothing this long |

This module is the only code that reads the environment: everything else is given a Config.
"""

import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["Config"]


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ValueError(f"{name} must be a whole number, not {value!r}") from None


def _data_dir() -> str:
    return os.environ.get("TAMBON_DATA_DIR") or "./tambon-data"


@dataclass(frozen=True)
class Config:
    """Everything the server reads from its environment; `Config(**overrides)` for tests."""

    data_dir: str = field(default_factory=_data_dir)
    database_url: str = field(default_factory=lambda: os.environ.get("TAMBON_DATABASE_URL", ""))
    secret_key: str = field(default_factory=lambda: os.environ.get("TAMBON_SECRET_KEY", ""))
    max_body_bytes: int = field(
        default_factory=lambda: _env_int("TAMBON_MAX_BODY_BYTES", 16 * 1024 * 1024))
    max_file_bytes: int = field(
        default_factory=lambda: _env_int("TAMBON_MAX_FILE_BYTES", 10 * 1024 * 1024))
    max_batch_items: int = field(default_factory=lambda: _env_int("TAMBON_MAX_BATCH_ITEMS", 1000))
    max_json_depth: int = field(default_factory=lambda: _env_int("TAMBON_MAX_JSON_DEPTH", 32))
    max_string_length: int = field(
        default_factory=lambda: _env_int("TAMBON_MAX_STRING_LENGTH", 10_000))
    pull_limit: int = field(default_factory=lambda: _env_int("TAMBON_PULL_LIMIT", 500))
    page_limit: int = field(default_factory=lambda: _env_int("TAMBON_PAGE_LIMIT", 500))
    gzip_min_bytes: int = field(default_factory=lambda: _env_int("TAMBON_GZIP_MIN_BYTES", 1024))
    credential_cache_seconds: int = field(
        default_factory=lambda: _env_int("TAMBON_CREDENTIAL_CACHE_SECONDS", 60))
    trusted_proxies: str = field(
        default_factory=lambda: os.environ.get("TAMBON_TRUSTED_PROXIES", "127.0.0.0/8,::1"))
    web_idle_minutes: int = field(default_factory=lambda: _env_int("TAMBON_WEB_IDLE_MINUTES", 30))
    read_timeout_seconds: int = field(
        default_factory=lambda: _env_int("TAMBON_READ_TIMEOUT_SECONDS", 60))
    testing: bool = False

    def __post_init__(self):
        if not self.database_url:
            path = Path(self.data_dir) / "tambon.db"
            object.__setattr__(self, "database_url", str(path))
        if not self.secret_key:
            object.__setattr__(self, "secret_key", self._kept_secret_key())

    def _kept_secret_key(self) -> str:
        """The key in `<data dir>/secret_key`, made on first use so restarts keep sessions."""
        path = Path(self.data_dir) / "secret_key"
        if path.exists():
            return path.read_text(encoding="ascii").strip()
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)  # private, like the key
        key = secrets.token_urlsafe(48)
        try:
            with open(path, "x", encoding="ascii") as handle:  # first process wins
                handle.write(key)
            path.chmod(0o600)
        except FileExistsError:
            return path.read_text(encoding="ascii").strip()
        return key
