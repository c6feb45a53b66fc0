"""What a plain `pip install .` ships must be everything the source tree has: every code package
and every knowledge file. Without this, a command works in an editable install and breaks in a real one."""

from __future__ import annotations

import configparser
import fnmatch
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CONFIG = configparser.ConfigParser()
CONFIG.read(ROOT / "setup.cfg")


def _listed(option: str) -> list[str]:
    return [line.strip() for line in CONFIG["options"][option].splitlines() if line.strip()]


def _package_dirs() -> dict[str, Path]:
    """Installed package name -> source folder, from package_dir and packages."""
    mapping = dict(line.split(" = ") for line in _listed("package_dir"))
    dirs = {}
    for package in _listed("packages"):
        parts = package.split(".")
        for cut in range(len(parts), 0, -1):
            prefix = ".".join(parts[:cut])
            if prefix in mapping:
                dirs[package] = ROOT / mapping[prefix] / Path(*parts[cut:])
                break
    return dirs


def test_every_code_package_is_listed():
    listed = {path.resolve() for path in _package_dirs().values()}
    for top in ("bonekb", "engine", "cli"):
        for init in (ROOT / top).rglob("__init__.py"):
            assert init.parent.resolve() in listed, f"{init.parent.relative_to(ROOT)} is not in setup.cfg's packages"


def test_every_knowledge_file_is_package_data():
    globs: dict[str, list[str]] = {}
    for package, patterns in CONFIG["options.package_data"].items():
        globs[package] = [p.strip() for p in patterns.split(",") if p.strip()]
    dirs = _package_dirs()
    for package in ("bonekb.rules", "bonekb.explanations", "bonekb.scenarios", "bonekb.engine", "bonekb.skeleton"):
        folder = dirs[package]
        for path in folder.rglob("*"):
            if not path.is_file() or path.suffix in (".py", ".pyc") or "__pycache__" in path.parts:
                continue
            relative = path.relative_to(folder).as_posix()
            shipped = any(fnmatch.fnmatch(relative, g) and relative.count("/") == g.count("/") for g in globs[package])
            assert shipped, f"{folder.name}/{relative} would be missing from a plain install: add it to package_data"
