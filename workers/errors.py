"""Named pipeline errors.

Every failure a user can cause with a file ends in one of these codes, so that the CLI, the API and the
staff pages can show a readable message instead of a traceback, and so that tests can assert the exact
reason a file was refused.
"""

from __future__ import annotations

# Each code's default message. Whoever refuses a file's type names the readable types itself (from the
# registry in `workers.reading.readers`, which this module must not import: the readers raise these errors).
ERROR_CODES: dict[str, str] = {
    "unsupported_type": "The file is not of a type that can be read.",
    "empty": "The file is empty.",
    "corrupt": "The file is damaged or truncated and cannot be read.",
    "encrypted": "The PDF is protected by a password.",
    "too_large": "The file is larger than the upload limit.",
    "too_many_pages": "The document has more pages than the limit.",
    "image_too_large": "The image has more pixels than the limit.",
    "page_too_large": "A page of the PDF has far more content than any certificate needs.",
    "timeout": "Reading the document took longer than the time limit.",
}

# Codes that describe the file itself: its bytes never change, so reading it again fails the same way and
# a Retry button would only promise what it cannot do. A timeout or an internal error ("processing_error")
# may pass on another try. The applicant sends a new file instead.
PERMANENT_ERRORS = frozenset({"unsupported_type", "empty", "corrupt", "encrypted", "too_large", "too_many_pages",
                              "image_too_large", "page_too_large"})


def retry_can_help(code: str | None) -> bool:
    """Whether sending a failed document through the pipeline again could end differently."""
    return code not in PERMANENT_ERRORS


class PipelineError(Exception):
    """A file the pipeline refuses, with a stable machine code and a message a person can read."""

    def __init__(self, code: str, message: str | None = None) -> None:
        if code not in ERROR_CODES:
            raise ValueError(f"unknown pipeline error code: {code!r}")
        self.code = code
        self.message = message or ERROR_CODES[code]
        super().__init__(f"{code}: {self.message}")

    def as_dict(self) -> dict[str, str]:
        """The error as the JSON contract shows it."""
        return {"code": self.code, "message": self.message}


def reading_timeout(seconds: float) -> PipelineError:
    """The one way a reader says it ran out of time, wherever the time ran out."""
    return PipelineError("timeout", f"Reading took longer than {seconds:.0f} seconds.")


def reader_stopped() -> PipelineError:
    """A child process that ended without an answer: the file killed the reader."""
    return PipelineError("corrupt", "The reader stopped on this file; it may be damaged.")
