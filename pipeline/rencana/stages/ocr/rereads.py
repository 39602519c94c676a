"""Words OCR may have misread, read a second time on their own: the word's crop enlarged as the
page was, alone on a sheet, where its neighbours' shapes do not pull the reading.

- A word the page pass read as no listed word (``spelling.reads_doubtfully``), or doubtfully
  as one listed word of two (``spelling.read_for_another_word``), is read again in the page's
  language and in ``OcrSettings.grid_lang``'s (English: the words the plans borrow), and takes
  a second reading that is a listed word, more surely read and at most ``MAX_EDITS`` letters
  from the first ("tneliputi" at 0.53, "meliputi" at 0.94; "Ouality" at 0.92, "Quality" at
  0.96). A word read alike alone is returned as such (a typo printed so, "memeliharana",
  reads alike twice: ``quality`` weighs it). A listed word the second reading does not bear
  out ("anu" at 0.84, read "ant" alone: "anti" printed) is unsure: left as read, and pointed
  out.
- A two-letter word set with a capital between words in small letters ("pemilu Gi
  lingkungan": no list judges a word so short) is read again too; read otherwise alone ("di"),
  it is unsure.
- A letter of a slashed series read below ``faint_confidence`` ("T" at 0.47 for the "I" of
  "K/L/D/I"), or a word known only through a root the stemmer finds while one letter
  from a listed word ("Penaraan" for "Penataan", read at 0.87), is one no list can settle: read
  again and stays unsure unless read alike at ``max_name_confidence`` or more in one of the
  two languages (``faint_word_judged``).
- A capitalised word in a title-cased text is judged as a small-letter one
  (``spelling.in_title_case``: "Organisasi/ Kelembagaar").
- A stop the page's language read ":" or "," closing a word of a table cell is read again by
  ``OcrSettings.grid_lang``, whose model has the ";" that the ``ind`` model reads ":" or ","
  ("Kota Ambon; pengumpulan data; evaluasi" read with colons at 200 dpi, where the dot and tail
  of a ";" are left alike): its ";" is taken, anything else leaves the word as read.
"""

from __future__ import annotations

import re
from typing import Optional

from rapidfuzz.distance import Levenshtein

from rencana.core import geometry
from rencana.options import OcrSettings
from rencana.stages.ocr.crops import PreparedPage
from rencana.stages.ocr.tesseract import SETTINGS, PixelWord, read_crops
from rencana.stages.page.spelling import (
    bar_capital_mid_sentence,
    confusions,
    derived_near_a_listed_word,
    in_title_case,
    read_for_another_word,
    reads_doubtfully,
    spells_out_the_words_before,
    starts_a_sentence,
)
from rencana.stages.structure.wording import MIN_WORD_LEN, english_words, known_words

# A second reading this many letters or fewer from the first is the same word read better
# ("tneliputi" -> "meliputi": an "m" read "tn" is two edits); further off, another word.
MAX_EDITS = 2
# A word closing on a stop the page's language may have read for ";".
_CLOSING_STOP = re.compile(r"^.*[\w)][:,]$")
# A word's letters between the punctuation around it.
_LETTERS = re.compile(r"^\W*([^\W\d_]+(?:-[^\W\d_]+)*)\W*$")


def doubted_words_read_again(
    prepared: PreparedPage,
    words: list[PixelWord],
    dpi: int,
    settings: OcrSettings = SETTINGS,
    upscale: float = 1.0,
) -> tuple[list[PixelWord], list[str], list[str]]:
    """The page's words with the doubted ones read again (see the module), the texts of the
    words left unsure, and those of the words read alike."""
    cells = [cell for table in prepared.tables for cell in table]
    sure = confusions().max_confidence
    texts = [w.text for w in words]
    capitalised = {
        i
        for i, w in enumerate(words)
        if w.confidence < sure
        and (capital_mid_sentence(i, words) or bar_capital_mid_sentence(i, texts))
    }
    # words only the pixels can settle: their second reading must bear them out surely
    pixels_only = {
        i
        for i, w in enumerate(words)
        if (w.confidence < confusions().faint_confidence and faint_word_judged(i, words))
        or (w.confidence < sure and derived_near_a_listed_word(w.text))
    }
    listed_doubts = {
        i
        for i, w in enumerate(words)
        if (
            reads_doubtfully(
                w.text, w.confidence, in_title_case(i, texts), starts_a_sentence(i, texts)
            )
            and not spells_out_the_words_before(i, texts)
        )
        or (w.confidence < sure and read_for_another_word(w.text))
        or i in capitalised
    }
    # a bracket read doubtfully: "(" for the "[" of "[ISO" at 0.68 (fuzz scan seed 233)
    bracketed = {
        i
        for i, w in enumerate(words)
        if w.confidence < confusions().max_name_confidence and brackets(w.text)
    }
    doubted = [
        i
        for i, w in enumerate(words)
        if _LETTERS.match(w.text) and (i in listed_doubts or i in pixels_only or i in bracketed)
    ]
    stops = [
        i
        for i, w in enumerate(words)
        if i not in doubted
        and _CLOSING_STOP.match(w.text)
        and any(geometry.contains_centre(cell, w.box) for cell in cells)
    ]
    pad = max(1, round(settings.cell_inset_pt * dpi / 72.0))

    def read_again(indices: list[int], lang: str) -> list[PixelWord | None]:
        """Each word's second reading in ``lang``, None where it is not one word."""
        if not indices:
            return []
        boxes = [tuple(int(v) for v in words[i].box) for i in indices]
        readings = read_crops(
            prepared.text_image,
            [(x0 - pad, y0 - pad, x1 + pad, y1 + pad) for x0, y0, x1, y1 in boxes],
            lang,
            [upscale] * len(boxes),
            pad,
            settings,
        )
        return [reading[0] if len(reading) == 1 else None for reading in readings]

    result, alike = list(words), []
    # a bar alone its ink did not settle (``cells.settled_bars``): "I", "l", "1" or a ruling's
    # piece, only the pixels say
    unsure = [
        w.text
        for w in words
        if marks_read_faintly(w)
        or glued_after_a_bar(w, texts)
        or w.text == "|"
        or (w.confidence < sure and _DIGIT_BEFORE_A_WORD.match(w.text) is not None)
    ]
    for index, again in zip(stops, read_again(stops, settings.grid_lang)):
        if again is not None and again.text == words[index].text[:-1] + ";":
            result[index] = PixelWord(again.text, words[index].box, words[index].confidence)
    # Each doubted word in the page's language and in the grid language's, whose model reads
    # the English words the plans borrow ("Ouality" alone: "Quality" at 0.96).
    own, other = read_again(doubted, settings.lang), read_again(doubted, settings.grid_lang)
    for index, again, again_other in zip(doubted, own, other):
        word = words[index]
        # the bracket's shape read otherwise alone, its letters alike ("{Iso" for "(ISO"); a
        # reading of other letters is no reading of the word ("W" at 0.44 for "II)" at 0.77 at
        # 150 dpi: unseen fuzz scan seed 308, read right)
        if index in bracketed and any(
            r is not None
            and brackets(r.text) != brackets(word.text)
            and _bars_alike(letters(r)) == _bars_alike(letters(word))
            for r in (again, again_other)
        ):
            unsure.append(word.text)
            continue
        better = [
            (r.confidence, text)
            for r in (again, again_other)
            if r is not None and (text := better_reading(word, r)) is not None
        ]
        if better and index in listed_doubts:
            confidence, text = max(better)
            result[index] = PixelWord(text, word.box, confidence)
        elif index in pixels_only and not any(
            r is not None
            and letters(r) == letters(word)
            and r.confidence >= confusions().max_name_confidence
            for r in (again, again_other)
        ):
            unsure.append(word.text)
        elif again is not None and letters(again) == letters(word):
            alike.append(word.text)  # a typo printed so reads alike twice
        elif read_for_another_word(word.text) or index in capitalised:
            unsure.append(word.text)
    return result, unsure, alike


def _bars_alike(text: str | None) -> str:
    """A word's letters in small letters, "l" and "i" alike (a sans-serif "I" is an "l"'s
    bar): "Iso" and "lSO" read the same letters. Pure."""
    return (text or "").lower().replace("l", "i")


_BRACKETS = re.compile(r"[\[\](){}]")


def brackets(text: str) -> str:
    """The brackets of an OCR'd word, in order ("(" of "(ISO"). Pure."""
    return "".join(_BRACKETS.findall(text))


def marks_read_faintly(word: PixelWord) -> bool:
    """Whether a word of brackets and stops alone, no letter nor digit, was read below
    ``faint_confidence``: which marks, and whether they stand apart from the word before, only
    the pixels say ("(%))" read "(% ))" at 0.38: fuzz scan seed 21). Pure."""
    return (
        word.confidence < confusions().faint_confidence
        and bool(brackets(word.text))
        and re.fullmatch(r"[\[\](){}.,;:]+", word.text) is not None
    )


# A digit glued before a capitalised word, read doubtfully: the "&" of "D. Arsip &Perpus" read
# "8PERPUS," at 0.63 (unseen fuzz scan seed 338, 200 dpi); only the pixels say which mark it was.
# (A count glued to a short abbreviation, "(3OPD,", is printed so: unseen seed 326.)
_DIGIT_BEFORE_A_WORD = re.compile(r"^\W*\d[A-Z][A-Za-z]{3,}\W*$")


# A bar glyph ("1", "I", "l", "|") or two, after a number or alone, before a word of capitals
# ("1IKEC)", "IKEC" for "1KEC": one kecamatan).
_BARS_BEFORE_CAPITALS = re.compile(r"^\W*\d*[1Il|]{1,2}([A-Z]{3,})\W*$")


def glued_after_a_bar(word: PixelWord, texts: list[str]) -> bool:
    """Whether a word of capitals led by a bar glyph ("IKEC", "1IKEC)") is no word the lists
    know while the capitals after the bar stand as a word of their own elsewhere on the page
    ("KEC."): a count glued to that word ("1KEC"), its "1" read "I" or doubled, or an acronym
    of its own; only the pixels tell. Pure."""
    match = _BARS_BEFORE_CAPITALS.match(word.text)
    if match is None or match.group(0).strip("()[].,;:").lower() in known_words():
        return False
    rest = match.group(1)
    return any(re.sub(r"^\W+|\W+$", "", t) == rest for t in texts)


def faint_word_judged(index: int, words: list[PixelWord]) -> bool:
    """Whether a word read faintly is one a faint reading may have changed unseen: a letter
    closing a series of letters joined by slashes ("K/ L/ D/ T" for "K/L/D/I"), which no list
    judges. Words of letters read faintly but right are common on poor scans ("inflasi" at 0.44,
    read alike at 0.54 and 0.75 alone; "data;" at 0.40 read "datai" alone: fuzz scan seeds 22,
    25), no second reading tells them from a misread one: the lists judge them. Pure."""
    match = _LETTERS.match(words[index].text)
    if match is None or index == 0:
        return False
    return (
        len(match.group(1)) == 1 and re.fullmatch(r"[^\W\d_]/", words[index - 1].text) is not None
    )


def capital_mid_sentence(index: int, words: list[PixelWord]) -> bool:
    """Whether ``words[index]`` is a short word (two letters: no list judges it) set with a
    capital between two words in small letters, the one after on its line (the one before may
    close the line above): "pemilu Gi lingkungan" for "pemilu
    di lingkungan" (fuzz scan seed 139, 0.90), where a capital stands for a name or a sentence's
    start. Pure."""
    match = _LETTERS.match(words[index].text)
    if match is None or not (match.group(1).istitle() and len(match.group(1)) < MIN_WORD_LEN):
        return False
    if not 0 < index < len(words) - 1 or match.group(1) != words[index].text:
        return False
    word, before, after = words[index], words[index - 1], words[index + 1]
    centre = (word.box[1] + word.box[3]) / 2
    # the word before may close the line above (the sentence wraps there)
    return (
        all(w.text.isalpha() and w.text.islower() for w in (before, after))
        and after.box[1] <= centre <= after.box[3]
    )


def letters(word: PixelWord | None) -> str | None:
    """A word's letters without the marks around them ("data" of "data;"), None for no word."""
    match = _LETTERS.match(word.text) if word is not None else None
    return match.group(1) if match else None


def better_reading(first: PixelWord, second: PixelWord) -> Optional[str]:
    """The first reading with its letters as the second reads them, when that replaces it: the
    second's letters differ, make a word the lists know, are read more surely and lie at most
    ``MAX_EDITS`` letters from the first's; else None. The marks around the letters stay as the
    page pass read them and the steps after it settled them (the ``ind`` model reads a ";"
    ":"). Pure."""
    own, again = _LETTERS.match(first.text), _LETTERS.match(second.text)
    if own is None or again is None or second.confidence <= first.confidence:
        return None
    letters = again.group(1)
    if letters == own.group(1):
        return None
    if not all(p in known_words() or p in english_words() for p in letters.lower().split("-")):
        return None
    if Levenshtein.distance(own.group(1).lower(), letters.lower()) > MAX_EDITS:
        return None
    return first.text[: own.start(1)] + letters + first.text[own.end(1) :]
