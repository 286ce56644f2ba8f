"""Issue 27: the reverse-proxy example (deploy/nginx/) in front of `reviewer serve`, with Debian's nginx: it
passes requests and the client's address, refuses an oversized body itself, and matches the app's limits."""

from __future__ import annotations

import http.client
import re
import shutil
import signal
import socket
import ssl
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


SITE = ROOT / "deploy" / "nginx" / "reviewer-site.conf"


def _site(tmp_path: Path, http_port: int, https_port: int) -> str:
    """The example site as an operator installs it: their certificate and ports, the proxy file where it put
    it. IPv6 listeners are dropped (a test machine may have no IPv6); nothing else is changed."""
    certificate, key = tmp_path / "fullchain.pem", tmp_path / "privkey.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj",
                    "/CN=reviewer.example.org", "-keyout", str(key), "-out", str(certificate)],
                   check=True, capture_output=True, timeout=60)
    text = SITE.read_text()
    text = "\n".join(line for line in text.splitlines() if "[::]" not in line)
    text = text.replace("/etc/letsencrypt/live/reviewer.example.org/fullchain.pem", str(certificate))
    text = text.replace("/etc/letsencrypt/live/reviewer.example.org/privkey.pem", str(key))
    text = text.replace("/etc/nginx/reviewer-proxy.conf", str(tmp_path / "proxy.conf"))
    text = re.sub(r"listen 80;", f"listen 127.0.0.1:{http_port};", text)
    return re.sub(r"listen 443 ", f"listen 127.0.0.1:{https_port} ", text)


def _get_tls(port: int, path: str) -> tuple[int, bytes]:
    context = ssl.create_default_context()
    context.check_hostname, context.verify_mode = False, ssl.CERT_NONE  # the test's own certificate
    connection = http.client.HTTPSConnection("127.0.0.1", port, timeout=10, context=context)
    try:
        connection.request("GET", path, headers={"Host": "reviewer.example.org"})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


@pytest.mark.slow
def test_nginx_with_the_example_site_in_front_of_gunicorn(tmp_path: Path, redis_url: str) -> None:
    """The site file itself, on Debian's nginx (1.22 in Debian 12, where `http2 on;` was unknown and
    stopped nginx from starting): TLS, the redirect from HTTP, and the proxy settings."""
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    assert Path(nginx).exists(), "nginx is not installed; `make test` installs it"
    with make_app(tmp_path, redis_url).app_context():
        db.engine.dispose()
    app_port, http_port, https_port = _free_port(), _free_port(), _free_port()
    (tmp_path / "nginx").mkdir()
    (tmp_path / "proxy.conf").write_text(PROXY.read_text().replace("127.0.0.1:8000", f"127.0.0.1:{app_port}"))
    (tmp_path / "site.conf").write_text(_site(tmp_path, http_port, https_port))
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
    include {tmp_path}/site.conf;
}}
""")
    tested = subprocess.run([nginx, "-t", "-p", str(tmp_path / "nginx"), "-c", str(tmp_path / "nginx.conf")],
                            capture_output=True, text=True, timeout=60)
    assert tested.returncode == 0, tested.stderr
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
                status, body = _get_tls(https_port, "/readyz")
                if status == 200:
                    break
            except OSError:
                pass
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(0.2)
        assert b'"database":"ok"' in body.replace(b" ", b"")
        assert _get(http_port, "/login")[0] == 301  # plain HTTP only redirects
        context = ssl.create_default_context()
        context.check_hostname, context.verify_mode = False, ssl.CERT_NONE
        with socket.create_connection(("127.0.0.1", https_port), timeout=20) as plain, \
                context.wrap_socket(plain) as raw:  # announces 101 MiB
            raw.sendall(f"POST /documents HTTP/1.1\r\nHost: reviewer\r\nContent-Length: {101 * 2**20}\r\n"
                        "Content-Type: application/octet-stream\r\n\r\n".encode())
            status_line = raw.recv(200).split(b"\r\n", 1)[0]
        assert b" 413 " in status_line, status_line  # nginx's own refusal, above client_max_body_size
        assert "/documents" not in log.read_text()  # it never reached gunicorn
        status, page = _get_tls(https_port, "/login")
        assert status == 200 and b"csrf_token" in page
        # The page came through nginx from gunicorn (its access log has the request, once written).
        logged = time.monotonic() + 10
        while not re.search(r'"GET /login HTTP/1\.[01]"', log.read_text()):
            assert time.monotonic() < logged, log.read_text()
            time.sleep(0.1)
    finally:
        proxy.send_signal(signal.SIGQUIT)
        server.send_signal(signal.SIGTERM)
        proxy.wait(timeout=30)
        server.wait(timeout=30)
