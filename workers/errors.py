"""Named pipeline errors.

Every failure a user can cause with a file ends in one of these codes, so that the CLI, the API and the
staff pages can show a readable message instead of a traceback, and so that tests can assert the exact
reason a file was refused.
"""

from __future__ import annotations

# Each code's default message. "{types}" stands for the readable types, which only the registry in
# `workers.readers` names; read a message through `default_message`, which fills them in.
ERROR_CODES: dict[str, str] = {
    "unsupported_type": "The file is not a {types}.",
    "empty": "The file is empty.",
    "corrupt": "The file is damaged or truncated and cannot be read.",
    "encrypted": "The PDF is protected by a password.",
    "too_large": "The file is larger than the upload limit.",
    "too_many_pages": "The document has more pages than the limit.",
    "image_too_large": "The image has more pixels than the limit.",
    "timeout": "Reading the document took longer than the time limit.",
}


def default_message(code: str) -> str:
    """The message for `code` when whoever raised the error gave none."""
    # Imported here, not at the top: the registry points at the page readers, and they raise
    # PipelineError, so importing it while this module loads would be circular.
    from workers.readers import accepted_words

    return ERROR_CODES[code].replace("{types}", accepted_words())


class PipelineError(Exception):
    """A file the pipeline refuses, with a stable machine code and a message a person can read."""

    def __init__(self, code: str, message: str | None = None) -> None:
        if code not in ERROR_CODES:
            raise ValueError(f"unknown pipeline error code: {code!r}")
        self.code = code
        self.message = message or default_message(code)
        super().__init__(f"{code}: {self.message}")

    def as_dict(self) -> dict[str, str]:
        """The error as the JSON contract shows it."""
        return {"code": self.code, "message": self.message}
