"""Drive one release's web app as a host would, whichever release's `reviewer` comes first on sys.path.

`tests/test_rolling_upgrade.py` runs it with the previous release's code against a database the current
release has migrated, and with the current code against what the previous release wrote. It uses only the
surfaces both releases share (the app factory, /login, the JSON API and the staff and applicant pages), so
a release's private helpers never decide the outcome.

    python release_probe.py RELEASE_DIR upload TOKEN FILE   -> prints the new document's id
    python release_probe.py RELEASE_DIR read EMAIL PASSWORD TOKEN ID [ID ...]  -> {path: status} as JSON

Settings come from the environment (DATABASE_URL, REDIS_URL, REVIEWER_STORAGE_DIR, REVIEWER_SECRET_KEY).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def _app():  # type: ignore[no-untyped-def]
    from reviewer import create_app
    return create_app({"TESTING": True})


def _login(client, email: str, password: str) -> None:  # type: ignore[no-untyped-def]
    page = client.get("/login").get_data(as_text=True)
    token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    response = client.post("/login", data={"email": email, "password": password, "csrf_token": token})
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]


def upload(token: str, file: str) -> None:
    client = _app().test_client()
    with open(file, "rb") as handle:
        response = client.post("/api/documents", headers={"Authorization": f"Bearer {token}"},
                               data={"file": (handle, Path(file).name)}, content_type="multipart/form-data")
    assert response.status_code == 202, response.get_data(as_text=True)
    print(response.get_json()["id"])


def read(email: str, password: str, token: str, ids: list[str]) -> None:
    """Every page a staff member opens for these documents, and the status each answered."""
    client = _app().test_client()
    _login(client, email, password)
    api = {"Authorization": f"Bearer {token}"}
    paths = ["/", "/staff/queue", "/staff/queue?sort=newest", "/staff/queue.csv", "/api/review-queue"]
    paths += [f"/staff/documents/{i}" for i in ids] + [f"/api/documents/{i}" for i in ids]
    statuses: dict[str, object] = {}
    for path in paths:
        response = client.get(path, follow_redirects=True, headers=api if path.startswith("/api/") else {})
        statuses[path] = response.status_code
        if path.startswith("/api/documents/") and response.status_code == 200:
            statuses[path + " status"] = response.get_json()["status"]
    print(json.dumps(statuses))


if __name__ == "__main__":
    release, command, *rest = sys.argv[1:]
    sys.path.insert(0, release)
    if command == "upload":
        upload(*rest)
    else:
        read(rest[0], rest[1], rest[2], rest[3:])
