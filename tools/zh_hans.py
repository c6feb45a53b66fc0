"""Write the Simplified Chinese (zh-Hans) texts of the shipped knowledge base from its zh-Hant texts.

A build-time tool, not part of bonekb: it needs OpenCC (`pip install opencc`), which nothing else
reads. It converts every zh-Hant text with OpenCC's Taiwan-to-mainland phrase conversion (`tw2sp`:
characters, and Taiwan's words for mainland's: 軟體 -> 软件), then applies the reviewed corrections
of tools/zh-Hans-corrections.yaml (mainland medical and drug terms OpenCC does not know), so it can
be run again whenever a zh-Hant text changes:

    .venv/bin/python tools/zh_hans.py            # rewrite the zh-Hans texts
    .venv/bin/python tools/zh_hans.py --check    # exit 1 if a zh-Hans text differs from what it would write

What it writes, and nothing else:
- explanations/zh-Hans/{words,pages,intents,refusals}.yaml: the zh-Hant catalog converted whole;
- in rules/*.yaml and rules/*/*.yaml: a `zh-Hans:` text beside every `zh-Hant:` text (on the next
  line, or in the same flow mapping), replacing the one already there.
The article's quotes (claims.yaml `quote`) are not zh-Hant-keyed texts and stay in their script.
"""

from __future__ import annotations

import argparse
import re
import sys
from fnmatch import fnmatch
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
CORRECTIONS = Path(__file__).with_name("zh-Hans-corrections.yaml")
CATALOGS = ("words.yaml", "pages.yaml", "intents.yaml", "refusals.yaml")
# `  zh-Hant: "text"` on a line of its own (block mapping), and the line that may follow it.
_BLOCK = re.compile(r"^(?P<indent>\s*)zh-Hant: (?P<value>.*)$")
_BLOCK_HANS = re.compile(r"^(?P<indent>\s*)zh-Hans: .*$")
# `{en: x, zh-Hant: "text"}` in a flow mapping on one line (with or without a zh-Hans after it).
_FLOW = re.compile(r'zh-Hant: (?P<value>"(?:[^"\\]|\\.)*"|[^,}]*)(?:, zh-Hans: (?:"(?:[^"\\]|\\.)*"|[^,}]*))?(?=[,}])')
# A flow list of quoted words on one line (intents.yaml): duplicates after conversion are dropped.
_FLOW_LIST = re.compile(r'\[(?P<items>\s*"[^"\n]*"(?:\s*,\s*"[^"\n]*")*\s*)\]')


class Converter:
    """OpenCC's tw2sp, then the corrections table: each `from` -> `to`, in order, in the files `in` names
    (fnmatch patterns; every file when it names none) and not in those `except` names."""

    def __init__(self, corrections: list[dict[str, object]]):
        import opencc

        self._opencc = opencc.OpenCC("tw2sp")
        self.corrections = corrections
        self.used: dict[int, int] = {}

    def __call__(self, text: str, where: str, dedupe: bool = False) -> str:
        converted = self._opencc.convert(text)
        if dedupe:  # before the corrections, which then see each word once
            converted = _dedupe_lists(converted)
        for index, fix in enumerate(self.corrections):
            scope, outside = fix.get("in") or [], fix.get("except") or []
            if scope and not any(fnmatch(where, str(pattern)) for pattern in scope):  # type: ignore[union-attr]
                continue
            if any(fnmatch(where, str(pattern)) for pattern in outside):  # type: ignore[union-attr]
                continue
            if str(fix["from"]) in converted:
                self.used[index] = self.used.get(index, 0) + converted.count(str(fix["from"]))
                converted = converted.replace(str(fix["from"]), str(fix["to"]))
        return converted


def load_corrections(path: Path = CORRECTIONS) -> list[dict[str, object]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    fixes = data.get("corrections") or []
    for fix in fixes:
        if not {"from", "to", "why"} <= set(fix):
            raise SystemExit(f"{path}: every correction needs from, to and why: {fix}")
    return fixes


def _dedupe_lists(text: str) -> str:
    """Flow lists of quoted words with each word once (繁/简 pairs become one word)."""
    def once(match: re.Match[str]) -> str:
        items = re.findall(r'"[^"\n]*"', match.group("items"))
        return "[" + ", ".join(dict.fromkeys(items)) + "]"
    return _FLOW_LIST.sub(once, text)


def catalog(convert: Converter, root: Path, name: str) -> str:
    """explanations/zh-Hans/<name>: the zh-Hant catalog converted."""
    source = (root / "explanations" / "zh-Hant" / name).read_text(encoding="utf-8")
    where = f"explanations/zh-Hans/{name}"
    return convert(source, where, dedupe=name == "intents.yaml")


def rule_file(convert: Converter, root: Path, path: Path) -> str:
    """A rule file with a zh-Hans text beside each zh-Hant text."""
    where = path.relative_to(root).as_posix()
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    out: list[str] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        out.append(_flow(convert, line, where))
        block = _BLOCK.match(line.rstrip("\n"))
        if block:
            following = lines[index + 1] if index + 1 < len(lines) else ""
            hans = _BLOCK_HANS.match(following.rstrip("\n"))
            if hans and hans.group("indent") == block.group("indent"):
                index += 1  # the zh-Hans text written before: replaced
            out.append(f"{block.group('indent')}zh-Hans: {convert(block.group('value'), where)}\n")
        index += 1
    return "".join(out)


def _flow(convert: Converter, line: str, where: str) -> str:
    if _BLOCK.match(line.rstrip("\n")) or "zh-Hant:" not in line:
        return line
    return _FLOW.sub(lambda m: f"zh-Hant: {m.group('value')}, zh-Hans: {convert(m.group('value'), where)}", line)


def outputs(convert: Converter, root: Path = ROOT) -> dict[Path, str]:
    """Every file this tool writes, with its text."""
    written = {root / "explanations" / "zh-Hans" / name: catalog(convert, root, name) for name in CATALOGS}
    for path in sorted((root / "rules").rglob("*.yaml")):
        if path.name == "manifest.yaml":
            continue
        text = path.read_text(encoding="utf-8")
        if "zh-Hant:" in text:
            written[path] = rule_file(convert, root, path)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only say which files would change (exit 1 if any)")
    parser.add_argument("--root", type=Path, default=ROOT, help="the checkout to convert (default: this one)")
    args = parser.parse_args(argv)
    root = args.root.resolve()
    corrections = load_corrections()
    convert = Converter(corrections)
    changed = []
    for path, text in outputs(convert, root).items():
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            changed.append(path.relative_to(root).as_posix())
            if not args.check:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(text, encoding="utf-8")
    unused = [f"{fix['from']} -> {fix['to']}" for i, fix in enumerate(corrections) if i not in convert.used]
    for line in unused:
        print(f"correction never applied (remove it, or the zh-Hant text changed): {line}", file=sys.stderr)
    verb = "differ" if args.check else "written"
    print(f"{len(changed)} files {verb}: {', '.join(changed) or 'none'}; "
          f"{len(convert.used)} of {len(corrections)} corrections applied", file=sys.stderr)
    return 1 if args.check and changed else 0


if __name__ == "__main__":
    sys.exit(main())
