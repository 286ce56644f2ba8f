"""The wheel carries the web app's templates, static files and migrations inside the package.

They live at the top of the checkout (templates/, static/, migrations/), where a development checkout and
the editable install read them. A built wheel has no checkout beside it, so building copies the three
directories into the package as `reviewer/_assets/` (reviewer/assets.py finds them there). Everything else
about the build is in pyproject.toml.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ASSETS = ("templates", "static", "migrations")


class BuildWithAssets(build_py):
    """build_py from an empty build directory, plus the three asset directories copied into the package.

    pip builds in the checkout's build/, and build_py only adds to it: after `git pull`, a module or
    migration the new release deleted would still be there and go into the wheel. So it starts empty."""

    def run(self) -> None:
        shutil.rmtree(self.build_lib, ignore_errors=True)
        super().run()
        root = Path(__file__).resolve().parent
        target = Path(self.build_lib) / "reviewer" / "_assets"
        for name in ASSETS:
            shutil.rmtree(target / name, ignore_errors=True)
            shutil.copytree(root / name, target / name,
                            ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))


setup(cmdclass={"build_py": BuildWithAssets})
