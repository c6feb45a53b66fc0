"""Options shared by commands: output format, language, knowledge base, and the profile's facts."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

import click

LANGS = ("en", "zh-Hant")

# (option declaration, profile field, click settings): the contract's profile options.
PROFILE_OPTIONS: list[tuple[tuple[str, ...], str, dict[str, Any]]] = [
    (("--age",), "age", {"help": "Age in years (0–130)."}),
    (("--sex",), "sex", {"help": "female or male."}),
    (("--menopause",), "menopause", {"help": "pre, peri or post."}),
    (("--postmenopausal",), "postmenopausal", {"is_flag": True, "default": None, "help": "Same as --menopause post."}),
    (("--pregnant/--not-pregnant",), "pregnant", {"default": None, "help": "Pregnant now."}),
    (("--breastfeeding/--not-breastfeeding",), "breastfeeding", {"default": None, "help": "Breastfeeding now."}),
    (("--sun",), "sun", {"help": "Sun level given directly: low or enough."}),
    (("--sun-minutes",), "sun_minutes", {"help": "Minutes of direct sun a day."}),
    (("--sun-midday/--no-sun-midday",), "sun_midday",
     {"default": None, "help": "That sun falls between 11:00 and 14:00."}),
    (("--arms-legs-bare/--covered",), "arms_legs_bare", {"default": None, "help": "Arms and legs bare in that sun."}),
    (("--sunscreen/--no-sunscreen",), "sunscreen", {"default": None, "help": "Usually wears sunscreen."}),
    (("--indoors/--outdoors",), "mostly_indoors", {"default": None, "help": "Mostly indoors."}),
    (("--diet-calcium",), "diet_calcium", {"help": "mg of calcium a day from food."}),
    (("--taking",), "taking",
     {"multiple": True, "help": "A supplement taken now, e.g. 'calcium carbonate 1250 mg' (repeatable)."}),
    (("--medication",), "medications", {"multiple": True, "help": "A medication taken now (repeatable)."}),
    (("--condition",), "conditions", {"multiple": True, "help": "A health condition (repeatable)."}),
]


def profile_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """Add the PROFILE argument and the contract's profile options to a command."""
    for decls, field, settings in reversed(PROFILE_OPTIONS):
        func = click.option(*decls, field, **settings)(func)
    return click.argument("profile_file", metavar="[PROFILE]", required=False)(func)


def common_options(formats: tuple[str, ...]) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """--format, --lang and --kb, as the contract names them."""
    def decorate(func: Callable[..., Any]) -> Callable[..., Any]:
        func = click.option("--kb", "kb_dir", type=click.Path(file_okay=False), default=None,
                            help="A knowledge base directory other than the shipped one.")(func)
        func = click.option("--lang", type=click.Choice(LANGS), default="en", show_default=True,
                            help="Language of the output.")(func)
        return click.option("--format", "output_format", type=click.Choice(formats), default=formats[0],
                            show_default=True, help="Output format.")(func)
    return decorate


def collect_profile(profile_file: str | None, options: dict[str, Any]) -> dict[str, Any]:
    """The raw profile: the file's fields, overridden by the options given."""
    from bonekb.engine.errors import ProfileError, escaped
    from bonekb.engine.profile import read_profile_file

    raw: dict[str, Any] = {}
    if profile_file:
        stdin = getattr(sys.stdin, "buffer", None)  # None when standard input is closed (`<&-`)
        raw = read_profile_file(profile_file, stdin)
    given = {k: v for k, v in options.items() if v is not None and v != ()}
    if given.pop("postmenopausal", None):
        if str(given.get("menopause", "post")).strip().casefold() != "post":
            given_text = escaped(str(given["menopause"])[:40])
            raise ProfileError("menopause", f"--postmenopausal contradicts --menopause {given_text}; give one")
        given["menopause"] = "post"
    for field in ("taking", "medications", "conditions"):
        if field in given:
            given[field] = list(given[field])
    return {**raw, **given}


def has_profile(profile_file: str | None, options: dict[str, Any]) -> bool:
    return bool(profile_file) or any(v is not None and v != () for v in options.values())


PROFILE_FIELDS = tuple(field for _, field, _ in PROFILE_OPTIONS)


def split_profile_options(kwargs: dict[str, Any]) -> dict[str, Any]:
    """Take the profile options out of a command's keyword arguments."""
    return {field: kwargs.pop(field) for field in PROFILE_FIELDS if field in kwargs}
