"""Vocabulary files: data only. Code loads them through ``load``."""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import yaml


@cache
def load(name: str) -> Any:
    """Load ``rencana/vocab/<name>`` (YAML or JSON; JSONL gives a list of objects)."""
    text = resources.files(__package__).joinpath(name).read_text(encoding="utf-8")
    if name.endswith(".jsonl"):
        import json

        return [json.loads(line) for line in text.splitlines() if line.strip()]
    # libyaml's loader when built in: the pure-Python one costs a tenth of a second per decree
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


@cache  # asked per header word, 16 000 times for the Jepara scan (0.045 s CPU rebuilt each time)
def month_spellings() -> dict[str, int]:
    """Every month spelling (lower case) to its number. Shared: callers only read it."""
    return {
        spelling: int(number)
        for number, spellings in load("months.yaml").items()
        for spelling in spellings
    }
