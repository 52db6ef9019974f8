"""Files of attachment answers on the supervisor pages: the file, and a small preview."""

from server.files import file_response
from server.web.blueprint import bp
from server.web.session import current_user
from sync import attachments


@bp.route("/files/<sha256>", endpoint="file")
def file_view(sha256: str):
    """The file as the API serves it (images inline, anything else downloaded)."""
    return file_response(attachments.open_file(current_user(), sha256))


@bp.route("/files/<sha256>/preview", endpoint="file_preview")
def preview_view(sha256: str):
    return file_response(attachments.preview(current_user(), sha256), suffix="-preview")
