"""The one shape of every API error: `{"error": {"code": ..., "message": ...}}` with its HTTP status.

Scripts branch on the code and show the message; both come from here, so no API path answers with an
HTML page or a traceback.
"""

from __future__ import annotations

from flask import Response, jsonify


class ApiError(Exception):
    """Raised anywhere under /api/ to answer with this status, code and message."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


def api_error(status: int, code: str, message: str) -> tuple[Response, int]:
    return jsonify({"error": {"code": code, "message": message}}), status
