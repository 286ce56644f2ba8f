"""Page previews rendered by the server itself, as PNG, upright as the reader saw them.

Word boxes are stored as fractions of the upright page, so a preview turned by the same rotation lines
up with them whatever its size. How a page is drawn depends on the file's type, and the registry of
readable types (`workers.readers`) says which renderer draws it. What happens next is the same for
every type: turn, scale, encode.
"""

from __future__ import annotations

import io

from workers.errors import PipelineError
from workers.limits import Limits
from workers.readers import reader_for, unsupported_message

PREVIEW_WIDTH = 1000


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
