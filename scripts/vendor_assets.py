"""Copy vendored assets from pinned registry packages into the repository.

- front-end assets from npm into maillage/core/static/vendor/: pages never request a third-party
  host, every script and stylesheet is served by us;
- the poster's font from a PyPI wheel into maillage/outreach/fonts/: the server draws text with a
  file it ships, never with whatever fonts the machine happens to have.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _registry import npm_package, pypi_wheel

ROOT = Path(__file__).resolve().parent.parent
VENDOR = ROOT / "maillage" / "core" / "static" / "vendor"

# npm package -> files to copy (source inside the package, destination under vendor/)
ASSETS = {
    "htmx.org@2.0.11": {
        "dist/htmx.min.js": "htmx/htmx.min.js",
        "LICENSE": "htmx/LICENSE",
    },
    "leaflet@1.9.4": {
        "dist/leaflet.js": "leaflet/leaflet.js",
        "dist/leaflet.js.map": "leaflet/leaflet.js.map",
        "dist/leaflet.css": "leaflet/leaflet.css",
        "dist/images/marker-icon.png": "leaflet/images/marker-icon.png",
        "dist/images/marker-icon-2x.png": "leaflet/images/marker-icon-2x.png",
        "dist/images/marker-shadow.png": "leaflet/images/marker-shadow.png",
        "dist/images/layers.png": "leaflet/images/layers.png",
        "dist/images/layers-2x.png": "leaflet/images/layers-2x.png",
        "LICENSE": "leaflet/LICENSE",
    },
}

# PyPI wheel -> files to copy (path inside the wheel, destination under the repository)
WHEEL_ASSETS = {
    # Atkinson Hyperlegible (Braille Institute, OFL-1.1): drawn for low-vision readers, full
    # French accents. Copied, not installed: the poster needs two files, not a package.
    "fontpkg-atkinson-hyperlegible==1.6": {
        "fontpkg_atkinson_hyperlegible/files/AtkinsonHyperlegible-Regular.ttf": (
            "maillage/outreach/fonts/AtkinsonHyperlegible-Regular.ttf"
        ),
        "fontpkg_atkinson_hyperlegible/files/AtkinsonHyperlegible-Bold.ttf": (
            "maillage/outreach/fonts/AtkinsonHyperlegible-Bold.ttf"
        ),
        "fontpkg_atkinson_hyperlegible/LICENSE": "maillage/outreach/fonts/OFL.txt",
    },
}


def vendor_wheels() -> None:
    for requirement, files in WHEEL_ASSETS.items():
        with pypi_wheel(requirement) as wheel:
            for source, destination in files.items():
                target = ROOT / destination
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(wheel.read(source))
        (ROOT / next(iter(files.values()))).parent.joinpath("VERSION").write_text(
            requirement + "\n"
        )
        print(f"{requirement}: {len(files)} fichier(s)", file=sys.stderr)


def main() -> None:
    for spec, files in ASSETS.items():
        package = npm_package(spec)
        for source, destination in files.items():
            target = VENDOR / destination
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(package / source, target)
        (VENDOR / next(iter(files.values()))).parent.joinpath("VERSION").write_text(spec + "\n")
        print(f"{spec}: {len(files)} fichier(s)", file=sys.stderr)
    vendor_wheels()


if __name__ == "__main__":
    main()
