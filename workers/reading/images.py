"""Opening an uploaded image within the pixel limit.

Sniffing, page reading and previews all open images the same way. The function lives in its own module,
not in `workers.reading.sniff`, because sniffing asks the registry of readable types (`workers.reading.readers`), and
the registry points at the page readers and preview renderers that use this function. Keeping it here
means those modules do not import each other in a circle.
"""

from __future__ import annotations

import io
import warnings

from PIL import Image

from workers.errors import PipelineError
from workers.runtime.limits import Limits


def grey(image: Image.Image) -> Image.Image:
    """The image in grey levels: itself when it already is (converting an image to its own mode copies it,
    a few milliseconds a scan)."""
    return image if image.mode == "L" else image.convert("L")


def open_image(data: bytes, limits: Limits) -> Image.Image:
    """Open an image lazily after checking that its pixel count is within the limit.

    PIL reads only the header here. Nothing is decoded until the caller loads a frame, and
    `Image.MAX_IMAGE_PIXELS` stays a second line of defence.
    """
    Image.MAX_IMAGE_PIXELS = limits.max_image_pixels
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            img = Image.open(io.BytesIO(data))
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise PipelineError("image_too_large", "The image has more pixels than the limit allows.") from None
    except (OSError, ValueError, SyntaxError) as exc:
        raise PipelineError("corrupt", f"The image cannot be read: {exc}.") from None
    width, height = img.size
    if width * height > limits.max_image_pixels:
        raise PipelineError(
            "image_too_large",
            f"The image is {width}×{height} pixels; the limit is {limits.max_image_pixels:,} pixels.",
        )
    return img
