"""Issue 27: the reverse-proxy example (deploy/nginx/) in front of `reviewer serve`, with Debian's nginx: it
passes requests and the client's address, refuses an oversized body itself, and matches the app's limits."""

from __future__ import annotations

import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from reviewer import config as config_module
from reviewer.extensions import db
from tests.conftest import ROOT, _free_port, make_app
from tests.test_deploy import _get, _server_env

PROXY = ROOT / "deploy" / "nginx" / "reviewer-proxy.conf"


def test_the_example_matches_the_apps_limits() -> None:
    text = PROXY.read_text()
    defaults = config_module.from_env()
    assert re.search(r"client_max_body_size (\d+)m;", text)[1] == str(int(defaults["MAX_CONTENT_LENGTH"]) // 2**20)
    assert int(re.search(r"proxy_read_timeout (\d+)s;", text)[1]) > int(defaults["WEB_TIMEOUT_SECONDS"])
    assert f"proxy_pass http://{defaults['WEB_BIND']};" in text


@pytest.mark.slow
def test_nginx_with_the_example_in_front_of_gunicorn(tmp_path: Path, redis_url: str) -> None:
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    assert Path(nginx).exists(), "nginx is not installed; `make test` installs it"
    with make_app(tmp_path, redis_url).app_context():
        db.engine.dispose()
    app_port, proxy_port = _free_port(), _free_port()
    (tmp_path / "nginx").mkdir()
    (tmp_path / "proxy.conf").write_text(PROXY.read_text().replace("127.0.0.1:8000", f"127.0.0.1:{app_port}"))
    (tmp_path / "nginx.conf").write_text(f"""
pid {tmp_path}/nginx/nginx.pid;
error_log {tmp_path}/nginx/error.log;
events {{ worker_connections 64; }}
http {{
    access_log {tmp_path}/nginx/access.log;
    client_body_temp_path {tmp_path}/nginx/body;
    proxy_temp_path {tmp_path}/nginx/proxy;
    fastcgi_temp_path {tmp_path}/nginx/fastcgi;
    uwsgi_temp_path {tmp_path}/nginx/uwsgi;
    scgi_temp_path {tmp_path}/nginx/scgi;
    server {{
        listen 127.0.0.1:{proxy_port};
        include {tmp_path}/proxy.conf;
    }}
}}
""")
    env = _server_env(tmp_path, redis_url, REVIEWER_BIND=f"127.0.0.1:{app_port}", REVIEWER_PROXY_HOPS="1",
                      REVIEWER_MAX_REQUEST_BYTES=str(2 * 2**20))
    log = tmp_path / "serve.log"
    with log.open("wb") as output:
        server = subprocess.Popen([sys.executable, "-m", "reviewer.cli", "serve"], env=env, stdout=output,
                                  stderr=subprocess.STDOUT)
    with (tmp_path / "nginx" / "stderr.log").open("wb") as errors:
        proxy = subprocess.Popen([nginx, "-p", str(tmp_path / "nginx"), "-c", str(tmp_path / "nginx.conf"),
                                  "-g", "daemon off; master_process on;"], stderr=errors)
    try:
        deadline = time.monotonic() + 60
        while True:
            assert server.poll() is None, log.read_text()
            assert proxy.poll() is None, (tmp_path / "nginx" / "stderr.log").read_text()
            try:
                status, _, body = _get(proxy_port, "/readyz")
                if status == 200:
                    break
            except OSError:
                pass
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(0.2)
        assert b'"database":"ok"' in body.replace(b" ", b"")
        with socket.create_connection(("127.0.0.1", proxy_port), timeout=20) as raw:  # announces 101 MiB
            raw.sendall(f"POST /documents HTTP/1.1\r\nHost: reviewer\r\nContent-Length: {101 * 2**20}\r\n"
                        "Content-Type: application/octet-stream\r\n\r\n".encode())
            status_line = raw.recv(200).split(b"\r\n", 1)[0]
        assert b" 413 " in status_line, status_line  # nginx's own refusal, above client_max_body_size
        assert "/documents" not in log.read_text()  # it never reached gunicorn
        status, _, _ = _get(proxy_port, "/login")
        assert status == 200
        # The page came through nginx from gunicorn (its access log has the request).
        assert '"GET /login HTTP/1.0"' in log.read_text() or '"GET /login HTTP/1.1"' in log.read_text()
    finally:
        proxy.send_signal(signal.SIGQUIT)
        server.send_signal(signal.SIGTERM)
        proxy.wait(timeout=30)
        server.wait(timeout=30)
