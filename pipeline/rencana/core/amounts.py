"""Numbers as printed in plan tables: rupiah amounts and targets, read into typed values.

A value is read only when the whole cell is one amount; anything else ("APBN", "-", two
amounts, a sentence) gives None, never a guess.
"""

from __future__ import annotations

import re
from typing import Optional

# Digits grouped in threes by dots ("5.000.000") or commas ("28,017,134"), or plain digits;
# an optional decimal part after the other mark (",00" after dots, ".50" after commas).
_GROUPED = r"\d{1,3}(?:(?P<sep>[.,])\d{3})(?:(?P=sep)\d{3})*"
_AMOUNT = re.compile(
    rf"^(?:rp\.?\s*)?(?P<number>{_GROUPED}|\d+)(?P<decimals>[.,]\d{{1,2}})?\s*"
    r"(?P<scale>juta|jt|miliar|milyar|m|ribu|rb)?\s*(?:,-|\.-|-)?$",
    re.IGNORECASE,
)
_SCALES = {"juta": 10**6, "jt": 10**6, "miliar": 10**9, "milyar": 10**9, "m": 10**9}
_SCALES.update({"ribu": 10**3, "rb": 10**3})


def rupiah(text: Optional[str]) -> Optional[int]:
    """Whole rupiah of a printed amount: "Rp 5.000.000" and "28,017,134" give 5000000 and
    28017134; "Rp 1,5 juta" gives 1500000."""
    if not text:
        return None
    match = _AMOUNT.match(text.strip())
    if not match:
        return None
    number, decimals, scale = match["number"], match["decimals"] or "", match["scale"]
    sep = match["sep"]
    if sep and decimals and decimals[0] == sep:  # "1.500.00" is no amount
        return None
    whole = int(number.replace(sep, "")) if sep else int(number)
    fraction = float("0." + decimals[1:]) if decimals else 0.0
    factor = _SCALES[scale.lower()] if scale else 1
    if not scale and not sep and len(number) < 4 and decimals:  # "1,5" alone is no rupiah amount
        return None
    return round((whole + fraction) * factor)


_TARGET = re.compile(r"^(?P<number>\d+(?:[.,]\d+)*)\s*(?P<unit>[^\d\s].{0,40})?$")


def target_number(text: Optional[str]) -> tuple[Optional[float], Optional[str]]:
    """A numeric target and its unit: "100%" gives (100.0, "%"), "12 Dokumen" (12.0, "Dokumen"),
    "75,5%" (75.5, "%"), "1.000 orang" (1000.0, "orang"); a target in words gives (None, None)."""
    if not text:
        return None, None
    match = _TARGET.match(text.strip())
    if not match:
        return None, None
    number = match["number"]
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+", number):  # dots group thousands in Indonesian
        value = float(number.replace(".", ""))
    elif re.fullmatch(r"\d{1,3}(?:,\d{3}){2,}", number):  # "1,000,000"
        value = float(number.replace(",", ""))
    elif number.count(",") + number.count(".") <= 1:  # one mark: a decimal comma or point
        value = float(number.replace(",", "."))
    else:
        return None, None
    unit = (match["unit"] or "").strip() or None
    return value, unit
