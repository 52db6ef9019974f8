"""Published form definitions: publish, close, list, fetch, and compiled forms for push.

A published version never changes: its definition is stored as canonical JSON text, so the
bytes served are exactly those whose sha256 is the version's `hash`.
"""

from typing import NamedTuple

from forms.bundled import bundled_documents
from forms.canonical import canonical_json, content_hash
from forms.compile import CompiledForm, compiled_by_hash
from forms.definition import DefinitionError, FormDefinition, DefinitionProblem, load_definition
from forms.summary import Summary
from forms.text import unstorable_paths
from sync import audit, changes, lists
from sync.clock import now_iso
from sync.db import database
from sync.errors import InvalidDefinition, NotFound, VersionExists
from sync.models import Form, FormVersion

__all__ = [
    "close_form",
    "compiled",
    "current_definition",
    "definition",
    "summary_of",
    "VersionState",
    "form_states",
    "forms_etag",
    "get_version",
    "list_forms",
    "open_forms",
    "publish_bundled",
    "publish_form",
    "reopen_form",
]


def publish_form(definition: dict, actor=None) -> tuple[FormVersion, bool]:
    """Publish a definition (the parsed JSON object); returns (version, created).

    The same (form_id, version) with the same content is a no-op (created False); with other
    content it raises VersionExists; a definition that breaks the form language raises
    InvalidDefinition with every problem in `details["problems"]`. Publishing a new version
    of a closed form opens it again.
    """
    if not isinstance(definition, dict):
        # Never hand other values to load_definition: it reads a string as a file path.
        raise InvalidDefinition(details={"problems": [DefinitionProblem("", "def_not_form_object")]})
    unstorable = unstorable_paths(definition)
    if unstorable:  # PostgreSQL cannot hold NUL: refuse before anything is written
        raise InvalidDefinition(details={"problems": [
            DefinitionProblem(path, "invalid_characters") for path in unstorable]})
    try:
        # A definition is parsed once per process, however often it is published (every
        # start publishes the bundled forms again): the compiled cache is keyed by its hash.
        compiled = compiled_by_hash(content_hash(definition), lambda: definition)
    except DefinitionError as err:
        raise InvalidDefinition(details={"problems": list(err.problems)}) from None
    except (TypeError, ValueError):  # no JSON value: let the checker say where
        try:
            load_definition(definition)
        except DefinitionError as err:
            raise InvalidDefinition(details={"problems": list(err.problems)}) from None
        raise
    parsed, links = compiled.definition, compiled.links
    raw, now = parsed.raw, now_iso()
    with database.atomic():
        _check_lists(parsed, links)
        created = (
            FormVersion.insert(
                form_id=parsed.form_id,
                version=parsed.version,
                hash=parsed.hash,
                title_th=raw["title"].get("th", ""),
                title_en=raw["title"].get("en"),
                definition=canonical_json(raw).decode("utf-8"),
                published_at=now,
                published_by=audit.actor_name(actor),
            )
            .on_conflict_ignore()
            .as_rowcount()
            .execute()
        ) == 1
        row = FormVersion.get(
            (FormVersion.form_id == parsed.form_id) & (FormVersion.version == parsed.version)
        )
        if not created:
            if row.hash != parsed.hash:
                raise VersionExists(
                    details={"form_id": row.form_id, "version": row.version, "hash": row.hash}
                )
            return row, False
        (
            Form.insert(
                form_id=parsed.form_id, status="open", latest_version=parsed.version,
                updated_at=now,
            )
            .on_conflict(
                conflict_target=[Form.form_id],
                update={Form.status: "open", Form.latest_version: parsed.version,
                        Form.updated_at: now},
            )
            .execute()
        )
        lists.ensure_rosters(links.roster_lists(), parsed.form_id, actor)
        changes.append("form", _change(row, "open"))
        audit.record(
            "form.published", actor, f"form:{row.form_id}",
            {"version": row.version, "hash": row.hash},
        )
    return row, True


def _check_lists(parsed: FormDefinition, links) -> None:
    """Every `choices_from` names a list the server has, or a roster this form writes. The
    Thai places are published first if they are not yet (a database made before them)."""
    rosters = links.roster_lists()
    named = {spec.path: spec.get("choices_from") for spec in parsed.walk()
             if spec.get("choices_from") and spec.get("choices_from") not in rosters}
    if any(not lists.exists(list_id) for list_id in named.values()):
        lists.publish_bundled_lists()
    missing = [DefinitionProblem(f"{path}.choices_from", "no_such_list", list_id=list_id)
               for path, list_id in named.items() if not lists.exists(list_id)]
    if missing:
        raise InvalidDefinition(details={"problems": missing})


def publish_bundled(actor=None) -> list[tuple[FormVersion, bool]]:
    """Publish every definition shipped in forms/definitions (already published: no-op),
    after the lists they read (the Thai places)."""
    lists.publish_bundled_lists(actor)
    return [publish_form(document, actor) for document in bundled_documents()]


def _change(row: FormVersion, status: str) -> dict:
    return {"form_id": row.form_id, "version": row.version, "hash": row.hash, "status": status}


def close_form(form_id: str, actor=None) -> Form:
    """Close a form: it leaves the list and pushes to any of its versions are rejected.

    Closing a closed form changes nothing; an unknown form raises NotFound.
    """
    return _set_status(form_id, "closed", "form.closed", actor)


def reopen_form(form_id: str, actor=None) -> Form:
    """Open a closed form again with its newest version, unchanged: it is back in the list
    and pushes to its versions are taken again (docs/forms.md, "Closing and reopening").

    Reopening an open form changes nothing; an unknown form raises NotFound.
    """
    return _set_status(form_id, "open", "form.reopened", actor)


def _set_status(form_id: str, status: str, action: str, actor) -> Form:
    with database.atomic():
        form = Form.get_or_none(Form.form_id == form_id)
        if form is None:
            raise NotFound("no_such_form", {"form_id": form_id})
        if form.status == status:
            return form
        now = now_iso()
        Form.update(status=status, updated_at=now).where(Form.form_id == form_id).execute()
        form.status, form.updated_at = status, now
        latest = get_version(form_id, form.latest_version)
        changes.append("form", _change(latest, status))
        audit.record(action, actor, f"form:{form_id}", {"version": latest.version})
    return form


def _summary(row: FormVersion, status: str) -> dict:
    return {
        "form_id": row.form_id,
        "version": row.version,
        "title": {"th": row.title_th, "en": row.title_en},
        "hash": row.hash,
        "status": status,
    }


def _latest_versions(status: str | None):
    query = (
        FormVersion.select(FormVersion, Form.status)
        .join(Form, on=(
            (Form.form_id == FormVersion.form_id) & (Form.latest_version == FormVersion.version)
        ))
        .order_by(FormVersion.form_id)
    )
    if status is not None:
        query = query.where(Form.status == status)
    return [_summary(row, row.form.status) for row in query]


def open_forms() -> list[dict]:
    """The newest published version of every open form, by form_id."""
    return _latest_versions("open")


def list_forms() -> list[dict]:
    """Every form, open or closed, with its newest version (for admins and the CLI)."""
    return _latest_versions(None)


def versions_by_form() -> dict[str, list[dict]]:
    """form_id -> every published version, newest first: `{"version", "hash",
    "published_at", "published_by", "title"}` (the admin page's history)."""
    out: dict[str, list[dict]] = {}
    for row in (FormVersion.select(FormVersion.form_id, FormVersion.version, FormVersion.hash,
                                   FormVersion.published_at, FormVersion.published_by,
                                   FormVersion.title_th, FormVersion.title_en)
                .order_by(FormVersion.form_id, FormVersion.published_at.desc())):
        out.setdefault(row.form_id, []).append({
            "version": row.version, "hash": row.hash, "published_at": row.published_at,
            "published_by": row.published_by,
            "title": {"th": row.title_th, "en": row.title_en}})
    return out


def forms_etag(forms: list[dict]) -> str:
    """A strong validator for a forms list: changes exactly when the list does."""
    return content_hash(forms).split(":", 1)[1]


def get_version(form_id: str, version: str) -> FormVersion:
    """One published version; raises NotFound."""
    row = FormVersion.get_or_none(
        (FormVersion.form_id == form_id) & (FormVersion.version == version)
    )
    if row is None:
        raise NotFound("no_such_form_version", {"form_id": form_id, "version": version})
    return row


class VersionState(NamedTuple):
    """A published version as push needs it: its form's status, its own hash, and the hash
    of its form's current (newest) version."""

    status: str
    hash: str
    current_hash: str


def form_states(pairs) -> dict[tuple[str, str], VersionState]:
    """(form_id, version) -> VersionState for the pairs that exist; one query."""
    pairs = set(pairs)
    if not pairs:
        return {}
    form_ids = {form_id for form_id, _ in pairs}
    query = (
        FormVersion.select(FormVersion.form_id, FormVersion.version, FormVersion.hash,
                           Form.status, Form.latest_version)
        .join(Form, on=(Form.form_id == FormVersion.form_id))
        .where(FormVersion.form_id.in_(form_ids))
        .tuples()
    )
    rows = list(query)
    current = {form_id: hash_ for form_id, version, hash_, _, latest in rows if version == latest}
    return {
        (form_id, version): VersionState(status, hash_, current.get(form_id, hash_))
        for form_id, version, hash_, status, _ in rows
        if (form_id, version) in pairs
    }


def compiled(form_hash: str) -> CompiledForm:
    """The compiled validator of the version with `form_hash`, from the one bounded cache of
    parsed definitions (`forms.compile`); the stored text is read only on a miss."""
    return compiled_by_hash(form_hash, lambda: FormVersion.select(FormVersion.definition).where(
        FormVersion.hash == form_hash).scalar())


def definition(form_id: str, version: str) -> FormDefinition:
    """The parsed definition of one published version; raises NotFound."""
    form_hash = FormVersion.select(FormVersion.hash).where(
        (FormVersion.form_id == form_id) & (FormVersion.version == version)).scalar()
    if form_hash is None:
        raise NotFound(
            f"Form {form_id!r} has no published version {version!r}.",
            {"form_id": form_id, "version": version},
        )
    return compiled(form_hash).definition


def current_definition(form_id: str) -> FormDefinition:
    """The parsed definition of a form's newest published version; raises NotFound."""
    form_hash = (FormVersion.select(FormVersion.hash)
                 .join(Form, on=((Form.form_id == FormVersion.form_id)
                                 & (Form.latest_version == FormVersion.version)))
                 .where(Form.form_id == form_id).scalar())
    if form_hash is None:
        raise NotFound(f"No form {form_id!r} has been published.", {"form_id": form_id})
    return compiled(form_hash).definition


def summary_of(state: VersionState) -> Summary | None:
    """The summary a record made with this version follows: the version's own, or, for a
    version from before its form declared one, the form's current version's (docs/forms.md)."""
    return (compiled(state.hash).definition.summary
            or compiled(state.current_hash).definition.summary)
