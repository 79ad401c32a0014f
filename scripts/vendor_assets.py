"""Copy front-end assets from pinned npm packages into maillage/core/static/vendor/.

Pages never request a third-party host: every script and stylesheet is served by us.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _registry import npm_package

VENDOR = Path(__file__).resolve().parent.parent / "maillage" / "core" / "static" / "vendor"

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


def main() -> None:
    for spec, files in ASSETS.items():
        package = npm_package(spec)
        for source, destination in files.items():
            target = VENDOR / destination
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(package / source, target)
        (VENDOR / next(iter(files.values()))).parent.joinpath("VERSION").write_text(spec + "\n")
        print(f"{spec}: {len(files)} fichier(s)", file=sys.stderr)


if __name__ == "__main__":
    main()
