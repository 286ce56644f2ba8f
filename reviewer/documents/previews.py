"""Page previews rendered by the server itself, as PNG, upright as the reader saw them.

Word boxes are stored as fractions of the upright page, so a preview turned by the same rotation lines
up with them whatever its size. How a page is drawn depends on the file's type, and the registry of
readable types (`workers.reading.readers`) says which renderer draws it. What happens next is the same for
every type: turn, scale, encode.

Drawing untrusted bytes is reading them, so it happens under the same limits: in the isolated child
process the pipeline uses (memory ceiling, time limit), at a pixel count the renderer bounds. A 2 KB
PDF with a 50 × 14,400 pt page once took one web request to 13 s and 2.3 GB. Each preview is then kept
on disk beside the blobs, so that every later view of the page is a plain file read.
"""

from __future__ import annotations

import io
import json
from dataclasses import replace
from pathlib import Path
from typing import Any

from reviewer.documents.storage import BlobStore, write_atomically
from workers.errors import PipelineError
from workers.reading.readers import reader_for, unsupported_message
from workers.runtime.isolation import call_isolated
from workers.runtime.limits import Limits

PREVIEW_WIDTH = 1000
# A page view waits for its preview: much less than a document's reading time.
PREVIEW_SECONDS = 20.0


def preview_path(storage_dir: str | Path, sha256: str, page: int, rotation: int, width: int = PREVIEW_WIDTH) -> Path:
    """STORAGE_DIR/previews/<sha256>/<page>-<rotation>-<width>.png: a checked digest and three numbers,
    so no user input becomes a path."""
    BlobStore(storage_dir).path_for(sha256)  # refuses anything but a SHA-256
    return Path(storage_dir).resolve() / "previews" / sha256 / f"{int(page)}-{int(rotation)}-{int(width)}.png"


def cached_preview(storage_dir: str | Path, sha256: str, mime: str | None, page: int, rotation: int,
                   limits: Limits) -> Path:
    """The path of page `page`'s preview PNG, drawn in an isolated child the first time.

    Raises PipelineError when the page cannot be drawn. A refusal other than a timeout is kept too
    (beside the PNG's name, as `.error`), so a page that cannot be drawn costs one child, not one per view.
    """
    path = preview_path(storage_dir, sha256, page, rotation)
    refusal = path.with_suffix(".error")
    if path.exists():
        return path
    if refusal.exists():
        raise PipelineError(**json.loads(refusal.read_text()))
    data = BlobStore(storage_dir).get(sha256)
    try:
        call_isolated(lambda: _draw(path, data, mime, page, rotation, limits),
                      replace(limits, timeout_seconds=min(limits.timeout_seconds, PREVIEW_SECONDS)))
    except PipelineError as exc:
        if exc.code != "timeout":
            write_atomically(refusal, json.dumps(exc.as_dict()).encode())
        raise
    return path


def _draw(path: Path, data: bytes, mime: str | None, page: int, rotation: int, limits: Limits) -> dict[str, Any]:
    """In the child: draw the page and write the PNG into place; only its size goes back through the pipe."""
    png = render_preview(data, mime, page, rotation, limits)
    write_atomically(path, png)
    return {"bytes": len(png)}


def render_preview(data: bytes, mime: str | None, page: int, rotation: int, limits: Limits) -> bytes:
    """PNG of page `page` (1-based), turned `rotation` degrees clockwise, about PREVIEW_WIDTH wide.

    Raises PipelineError for a page that does not exist or a type the registry cannot read.
    """
    readable = reader_for(mime)
    if readable is None:
        raise PipelineError("unsupported_type", unsupported_message(mime or "unknown"))
    image = readable.preview_renderer(data, page, PREVIEW_WIDTH, limits)
    if rotation:
        image = image.rotate(-rotation, expand=True, fillcolor="white" if image.mode == "RGB" else None)
    if image.width > PREVIEW_WIDTH:
        image = image.resize((PREVIEW_WIDTH, round(image.height * PREVIEW_WIDTH / image.width)))
    out = io.BytesIO()
    image.convert("RGB").save(out, format="PNG", optimize=False)
    return out.getvalue()
