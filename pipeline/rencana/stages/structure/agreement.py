"""Agreements that are not decrees: a Perjanjian Kinerja (performance agreement) has no NOMOR,
no Menimbang or Mengingat. Its heading names the kind and year ("PERJANJIAN KINERJA TAHUN
2018") over the office of the first party in capitals; the parties are listed as "Nama : …";
it is signed at a place and a month ("Kediri, Januari 2018"). Vocabulary: vocab/agreements.yaml.
Pure functions of the body's text lines.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Optional

from rencana import vocab
from rencana.contract.models import Metadata
from rencana.core.text import squash
from rencana.stages.structure.dates import parse_date
from rencana.stages.structure.labels import kind_and_issuer, office_of

# Lines of the office under the heading, in capitals, at most this many.
OFFICE_LINES_MAX = 3


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], frozenset[str]]:
    data = vocab.load("agreements.yaml")
    headings = "|".join(re.escape(h) for h in sorted(data["headings"], key=len, reverse=True))
    heading = re.compile(rf"^(?P<kind>{headings})(?:\s+TAHUN\s+(?P<year>\d{{4}}))?\s*$", re.I)
    name = re.compile(rf"^(?:{'|'.join(data['name_labels'])})\s*:\s*(?P<name>\S.*)$", re.I)
    signed = re.compile(
        r"(?:^|\s)(?P<place>[A-Z][a-z]+(?: [A-Z][a-z]+)?),\s*(?P<when>(?:\d{1,2}\s+)?"
        r"(?P<month>[A-Za-z]+)\s+\d{4})\s*$"
    )
    months = frozenset(str(m).lower() for m in data["months"])
    return heading, name, signed, months


def read_agreement(texts: list[str]) -> Optional[Metadata]:
    """The agreement's metadata, or None when the lines hold no agreement heading."""
    heading, name, signed, months = _patterns()
    found: Optional[tuple[str, Optional[int], str]] = None
    for i, text in enumerate(texts):
        match = heading.match(squash(text))
        if not match:
            continue
        office = []
        for line in texts[i + 1 : i + 1 + OFFICE_LINES_MAX]:
            if not line.strip() or line != line.upper() or heading.match(squash(line)):
                break
            office.append(squash(line))
        year = int(match["year"]) if match["year"] else None
        if office or found is None:
            found = (match["kind"].upper(), year, " ".join(office))
        if office:
            break
    if found is None:
        return None
    head, year, office_text = found
    kind, issuer = kind_and_issuer(f"{head} {office_text}".strip())
    office_level, region = office_of(issuer)
    signatory = next((squash(m["name"]) for t in texts if (m := name.match(squash(t)))), None)
    place, enacted = None, None
    for text in texts:
        match = signed.search(squash(text))
        if match and match["month"].lower() in months:
            place, enacted = match["place"], parse_date(match["when"])
    return Metadata(
        kind=kind,
        issuer=issuer,
        office_level=office_level,
        region=region,
        official=office_text or None,
        year=year or (enacted.year if enacted else None),
        plan_year=year,
        enacted_place=place,
        enacted_date=enacted,
        signatory=signatory,
    )
