"""Plausibility of the metadata read: what still fails is left EMPTY with a warning, never printed
wrong. The one place for these checks (the structure stage calls ``checked`` last).

- dates: a decree is enacted between 1945 and next year; what it looks forward to (valid until,
  plan year) at most ``FORWARD_YEARS`` further ("2620-09-24" from an OCR'd "2020" is impossible);
- NOMOR: designation characters only (letters, digits, ". / -" and spaces), and no letters and
  digits interleaved the way OCR noise prints them ("£3", "I 88.45/34 st 4tS.0tt}0l7", "c1 /os2/");
- title: made of real words, at least ``MIN_TITLE_WORD_SHARE`` of them in the word list;
- legal bases: numbered without gaps (the missing numbers are named; the items read are kept);
- signatory: a name, not the words of the official's title or the issuer's name.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any, Optional

from rencana.contract.models import Metadata
from rencana.core.codes import WarningCode
from rencana.stages.structure.wording import is_garbled, real_word_share

FIRST_YEAR = 1945  # the Republic's first decrees
# Validity and plan years may lie ahead of the enactment: a five-year plan, a decree valid till 2030.
FORWARD_YEARS = 10
# Titles of corpus/ and corpus/real score 0.86-1.00 (an English disease name, "CORONA VIRUS
# DISEASE", is the lowest); the Kediri ocrscan's garbled title "Pennt'apan Indikator Kinerja Tttama
# OKtil …" 0.62, its heading as printed in the layer 0.47.
MIN_TITLE_WORD_SHARE = 0.75
_DESIGNATION = re.compile(r"[A-Za-z0-9./\- ]+")
# Lower-case letters run straight into a digit ("c1", "/os2/" of a handwritten "443.52/052"): a
# designation parts its codes from its numbers ("Kep.112", "OT.01-Kpt", "e-0049").
_LOWER_INTO_DIGIT = re.compile(r"[a-z]\d")


def last_year(today: Optional[date] = None) -> int:
    """Next year: the latest year a decree can be dated (dated ahead, enacted at year's end)."""
    return (today or date.today()).year + 1


def _year(value: Any) -> Optional[int]:
    return value.year if isinstance(value, date) else value


def year_problem(forward: int = 0) -> Callable[[Any, date], Optional[str]]:
    def check(value: Any, today: date) -> Optional[str]:
        year, latest = _year(value), last_year(today) + forward
        if year is None or FIRST_YEAR <= year <= latest:
            return None
        return f"{value} is not between {FIRST_YEAR} and {latest}"

    return check


def number_problem(value: Any, today: Optional[date] = None) -> Optional[str]:
    if not isinstance(value, str) or not value:
        return None
    if not _DESIGNATION.fullmatch(value):
        return f"{value!r} holds characters no designation has (letters, digits, . / - only)"
    if any(is_garbled(part) for part in value.split()) or _LOWER_INTO_DIGIT.search(value):
        return f"{value!r} mixes letters and digits the way a misread scan does"
    return None


def title_problem(value: Any, today: date) -> Optional[str]:
    share = real_word_share(value) if isinstance(value, str) else None
    if share is None or share >= MIN_TITLE_WORD_SHARE:
        return None
    return f"{value[:80]!r}: only {share:.0%} of its words are Indonesian words"


def year_repaired(
    found: date, decree_year: Optional[int], today: Optional[date] = None
) -> Optional[date]:
    """``found`` with the decree's own year (its NOMOR's "TAHUN 2020"), when OCR misread one digit
    of it into an impossible year ("24 September 2620"): a decree is enacted in the year its
    number names. None when ``found`` is possible or differs from that year in more than a digit."""
    latest = last_year(today or date.today())
    if decree_year is None or FIRST_YEAR <= found.year <= latest:
        return None
    if not FIRST_YEAR <= decree_year <= latest:
        return None
    if sum(a != b for a, b in zip(f"{found.year:04d}", f"{decree_year:04d}")) != 1:
        return None
    try:
        return found.replace(year=decree_year)
    except ValueError:  # 29 February of a year without one
        return None


def signatory_problem(value: Optional[str], titles: list[Optional[str]]) -> Optional[str]:
    """A signatory read from the words of the official's title or the issuer's name ("SAKIT UMUM
    DAERAH" of "DIREKTUR RUMAH SAKIT UMUM DAERAH": a signature across the printed name lost it,
    and the line above was taken): two thirds of its words or more are theirs."""
    if not value:
        return None
    known = {w.lower() for title in titles if title for w in re.findall(r"[^\W\d_]+", title)}
    words = [w.lower() for w in re.findall(r"[^\W\d_]+", value)]
    if not words or 3 * sum(w in known for w in words) < 2 * len(words):
        return None
    return f"{value!r} is words of the official's title, no name"


@dataclass(frozen=True, slots=True)
class Check:
    field: str
    problem: Callable[[Any, date], Optional[str]]


CHECKS: tuple[Check, ...] = (
    Check("enacted_date", year_problem()),
    Check("year", year_problem()),
    Check("valid_until", year_problem(FORWARD_YEARS)),
    Check("plan_year", year_problem(FORWARD_YEARS)),
    Check("number", number_problem),
    Check("title", title_problem),
)


def checked(
    meta: Metadata, missing_items: Optional[list[str]] = None, today: Optional[date] = None
) -> list[tuple[WarningCode, str]]:
    """Empty every field of ``meta`` that fails its check, in place; the warnings to give."""
    today = today or date.today()
    warnings: list[tuple[WarningCode, str]] = []
    for check in CHECKS:
        problem = check.problem(getattr(meta, check.field), today)
        if problem:
            setattr(meta, check.field, None)
            warnings.append(
                (WarningCode.METADATA_IMPLAUSIBLE, f"{check.field} left empty: {problem}")
            )
    problem = signatory_problem(meta.signatory, [meta.official, meta.issuer])
    if problem:
        meta.signatory = None
        warnings.append((WarningCode.METADATA_IMPLAUSIBLE, f"signatory left empty: {problem}"))
    if missing_items:
        warnings.append(
            (
                WarningCode.ITEMS_MISSING,
                f"legal bases skip item(s) {', '.join(missing_items)}: "
                f"{len(meta.legal_bases)} item(s) were read",
            )
        )
    return warnings
