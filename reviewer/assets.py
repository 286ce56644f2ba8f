"""Where the web app's templates, static files and migrations are: in an installed wheel, inside the
package (`reviewer/_assets/`, copied there by setup.py at build time); in a checkout or an editable
install, at the top of the checkout. The package's own copy wins, so an installed reviewer never picks up
an unrelated `templates` directory that happens to sit beside site-packages."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
_CHECKOUT = _PACKAGE.parent


def asset_dir(name: str) -> Path:
    """The directory `name` ("templates", "static" or "migrations"); raises if neither place has it."""
    for candidate in (_PACKAGE / "_assets" / name, _CHECKOUT / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"reviewer's {name}/ directory is missing: neither {_PACKAGE / '_assets' / name} "
                            f"(an installed wheel) nor {_CHECKOUT / name} (a checkout) exists. Reinstall reviewer.")
