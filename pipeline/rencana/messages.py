"""What people read, in their language: one catalogue (``vocab/messages.json``), Indonesian by
default, English with ``--lang en`` or an English locale (LC_ALL, LC_MESSAGES, LANG).

The catalogue is JSON, not YAML, because ``rencana --help`` reads it: the json module is
already loaded there, and yaml would cost the help 30 ms.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import Optional

LANGS = ("id", "en")
_chosen: Optional[str] = None


def lang_of(value: Optional[str]) -> Optional[str]:
    """ "en", "en_US.UTF-8" give "en"; any other non-empty value ("id_ID", "C.UTF-8") gives "id"."""
    if not value:
        return None
    return "en" if value.lower().startswith("en") else "id"


def detect(argv: Sequence[str], environ: Mapping[str, str]) -> str:
    """``--lang X`` on the command line, else the locale in POSIX order, else Indonesian."""
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return lang_of(argv[i + 1]) or "id"
        if arg.startswith("--lang="):
            return lang_of(arg.split("=", 1)[1]) or "id"
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
        lang = lang_of(environ.get(variable))
        if lang:
            return lang
    return "id"


def set_lang(lang: Optional[str]) -> None:
    global _chosen
    _chosen = lang_of(lang)


def current() -> str:
    return _chosen or detect((), os.environ)


@cache
def catalogue() -> dict[str, dict[str, str]]:
    path = Path(__file__).parent / "vocab" / "messages.json"
    return json.loads(path.read_text(encoding="utf-8"))


def t(key: str, lang: Optional[str] = None, **values: object) -> str:
    """The message ``key`` in ``lang`` (default: the current language), formatted with ``values``."""
    text = catalogue()[key][lang or current()]
    return text.format(**values) if values else text


def column(name: str, lang: Optional[str] = None) -> str:
    """A column's header for people; a column with no label keeps its name."""
    entry = catalogue().get(f"col.{name}")
    return entry[lang or current()] if entry else name


def month(number: int, lang: Optional[str] = None) -> str:
    return t(f"month.{number}", lang)


@cache
def _reason_patterns() -> list[tuple[re.Pattern[str], str]]:
    """The ``reason.*`` entries' English texts as patterns, longest first (the most specific
    wins: "no text layer …; OCR is off" before "no text layer …")."""
    patterns = []
    for key, texts in catalogue().items():
        if key.startswith("reason."):
            parts = re.split(r"\{(\w+)\}", texts["en"])
            regex = "".join(
                re.escape(part) if i % 2 == 0 else f"(?P<{part}>.+?)"
                for i, part in enumerate(parts)
            )
            patterns.append((re.compile(regex), key))
    return sorted(patterns, key=lambda item: -len(item[0].pattern))


def reason(text: str, lang: Optional[str] = None) -> str:
    """A one-line reason of bad input, in the reader's language. The pipeline states its reasons
    in English (they are data: failures.json keeps them), and the catalogue's ``reason.*``
    entries give each one's Indonesian; a reason without an entry stays as it is."""
    if (lang or current()) == "en":
        return text
    for pattern, key in _reason_patterns():
        match = pattern.fullmatch(text)
        if match:
            return t(key, lang, **match.groupdict())
    return text
