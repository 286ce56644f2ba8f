"""Issue 27, an install that works as written: a wheel built from the checkout carries the templates, static
files and migrations, and a fresh virtual environment with only that wheel (its dependencies taken from
the test's environment) migrates a database, passes `reviewer check` and serves pages.

The README's `pip install '.[postgresql]'` used to leave all three out: `db upgrade` failed, every page was
a 500 TemplateNotFound. The build runs on a copy of the checkout, so no stale build/ directory here can
hide a file the wheel lacks, and every command runs outside the checkout, so nothing is imported from it.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SKIP = shutil.ignore_patterns(".git", ".venv", "node_modules", "instance", "build", "*.egg-info", "__pycache__",
                              ".pytest_cache", ".bench")


def _run(command: list[str], cwd: Path, env: dict[str, str], timeout: int = 300) -> str:
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, f"{' '.join(command)}:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done.stdout


@pytest.mark.slow
def test_a_built_wheel_installs_migrates_checks_and_serves(tmp_path: Path, redis_url: str) -> None:
    source = tmp_path / "source"
    shutil.copytree(ROOT, source, ignore=SKIP)
    # What an earlier build left where pip builds (a second walk of the README found one in the wheel): a
    # module and a migration that a newer release deleted must not come back.
    stale = [source / "build" / "lib" / "reviewer" / "left_by_an_old_release.py",
             source / "build" / "lib" / "reviewer" / "_assets" / "migrations" / "versions" / "zz_deleted.py"]
    for path in stale:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("raise SystemExit('a deleted file came back')\n")
    env = {**os.environ, "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path / "dist"), str(source)],
         tmp_path, env)
    [wheel] = glob.glob(str(tmp_path / "dist" / "reviewer-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert not [n for n in names if n.endswith(("left_by_an_old_release.py", "zz_deleted.py"))]
    for asset in ("reviewer/_assets/templates/base.html", "reviewer/_assets/static/app.css",
                  "reviewer/_assets/migrations/env.py", "reviewer/_assets/migrations/alembic.ini",
                  "workers/fields/title_model.json"):
        assert asset in names, asset
    assert sum(n.startswith("reviewer/_assets/migrations/versions/") and n.endswith(".py") for n in names) == len(
        list((ROOT / "migrations" / "versions").glob("*.py")))

    venv = tmp_path / "venv"
    _run([sys.executable, "-m", "venv", str(venv)], tmp_path, env)
    python = venv / "bin" / "python"
    site = _run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], tmp_path,
                env).strip()
    Path(site, "reviewer-deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")  # dependencies only
    _run([str(python), "-m", "pip", "install", "-q", "--no-deps", wheel], tmp_path, env)

    run = tmp_path / "run"
    run.mkdir()
    settings = {**env, "DATABASE_URL": f"sqlite:///{run / 'reviewer.sqlite'}", "REDIS_URL": redis_url,
                "REVIEWER_SECRET_KEY": "s" * 48, "REVIEWER_STORAGE_DIR": str(run / "storage")}
    settings.pop("PYTHONPATH", None)
    reviewer = str(venv / "bin" / "reviewer")
    _run([reviewer, "db", "upgrade"], run, settings)
    (run / "storage").mkdir()
    checked = _run([reviewer, "check", "--web"], run, settings)
    assert "FAIL" not in checked and "migrated to" in checked, checked
    served = _run([str(python), "-c", (
        "import reviewer\n"
        "from reviewer import create_app\n"
        "client = create_app().test_client()\n"
        "print(reviewer.__file__)\n"
        "print(client.get('/login').status_code, client.get('/static/app.css').status_code)\n")], run, settings)
    where, codes = served.strip().splitlines()[-2:]
    assert where.startswith(str(venv)) and codes == "200 200", served
