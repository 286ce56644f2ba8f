"""Session cookies that are Secure whenever the request came over HTTPS.

Flask sets `Secure` only from static config; behind a TLS-terminating proxy (with ProxyFix) or on a
direct HTTPS server, the request itself says whether the cookie may travel in clear, so we ask it.
"""

from __future__ import annotations

from flask import Flask, has_request_context, request
from flask.sessions import SecureCookieSessionInterface


class HttpsAwareSessionInterface(SecureCookieSessionInterface):
    def get_cookie_secure(self, app: Flask) -> bool:
        return bool(app.config.get("SESSION_COOKIE_SECURE")) or (has_request_context() and request.is_secure)
