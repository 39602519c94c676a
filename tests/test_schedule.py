"""Schedule stage: printed schedule notations to months, quarters and periods; grid helpers."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rencana import vocab
from rencana.stages import schedule
from rencana.stages.schedule import (
    NOT_UNDERSTOOD,
    OUTSIDE_PLAN_YEAR,
    Schedule,
    is_mark,
    month_from_header,
    parse,
    quarter_from_header,
)

ALL = list(range(1, 13))
WORDS = vocab.load("schedule.yaml")
MONTHS = vocab.load("months.yaml")
MONTH_SPELLINGS = [
    (spelling, int(number)) for number, spellings in MONTHS.items() for spelling in spellings
]
ORDINALS = [
    (str(spelling), int(number))
    for number, spellings in WORDS["ordinals"].items()
    for spelling in spellings
]
QUARTER_MONTHS = {1: [1, 2, 3], 2: [4, 5, 6], 3: [7, 8, 9], 4: [10, 11, 12]}


def not_understood(result: Schedule) -> bool:
    return (
        result.months == []
        and len(result.warnings) == 1
        and result.warnings[0].startswith(NOT_UNDERSTOOD)
    )


# ---------------------------------------------------------------- one test per vocabulary entry


@pytest.mark.parametrize("spelling,number", MONTH_SPELLINGS)
def test_each_month_spelling(spelling, number):
    for printed in (
        spelling,
        spelling.upper(),
        spelling.capitalize(),
        spelling + ".",
        f"Bulan {spelling}",
    ):
        assert parse(printed, 2022) == Schedule(months=[number]), printed


@pytest.mark.parametrize("spelling,number", MONTH_SPELLINGS)
def test_each_month_spelling_as_grid_header(spelling, number):
    assert month_from_header(spelling.capitalize()) == number
    assert month_from_header(spelling.upper() + ".") == number


@pytest.mark.parametrize("word", WORDS["quarter_words"])
@pytest.mark.parametrize("ordinal,number", ORDINALS)
def test_each_quarter_word_and_ordinal(word, ordinal, number):
    result = parse(f"{word.upper()} {ordinal.upper()}", 2022)
    assert result == Schedule(months=QUARTER_MONTHS[number], quarters=[number])
    assert quarter_from_header(f"{word.capitalize()} {ordinal.upper()}") == number


@pytest.mark.parametrize("word", WORDS["semester_words"])
@pytest.mark.parametrize("ordinal,number", [(o, n) for o, n in ORDINALS if n <= 2])
def test_each_semester_word(word, ordinal, number):
    expected = list(range(1, 7)) if number == 1 else list(range(7, 13))
    assert parse(f"{word.capitalize()} {ordinal.upper()}", 2022) == Schedule(months=expected)


@pytest.mark.parametrize("word", WORDS["semester_words"])
def test_no_third_semester(word):
    assert not_understood(parse(f"{word} III", 2022))


@pytest.mark.parametrize("connector", WORDS["range_connectors"] + ["–", "—", "‑", "s/d."])
def test_each_range_connector(connector):
    assert parse(f"Maret {connector} Mei", 2022) == Schedule(months=[3, 4, 5])
    assert parse(f"Maret {connector.upper()} Mei", 2022) == Schedule(months=[3, 4, 5])
    assert parse(f"1 {connector} 5 Mei", 2022) == Schedule(months=[5])  # days of one month
    assert parse(f"28 Februari {connector} 3 Maret", 2022) == Schedule(months=[2, 3])


@pytest.mark.parametrize("connector", WORDS["list_connectors"])
def test_each_list_connector(connector):
    assert parse(f"Maret {connector} Mei", 2022) == Schedule(months=[3, 5])


@pytest.mark.parametrize("connector", WORDS["period_list_connectors"])
def test_each_period_list_connector_lists_numbers_of_one_kind_of_period_only(connector):
    assert parse(f"Semester I{connector}II", 2022) == Schedule(months=ALL)
    assert parse(f"TW III {connector} TW IV", 2022) == Schedule(
        months=[7, 8, 9, 10, 11, 12], quarters=[3, 4]
    )
    for refused in (f"Maret{connector}Mei", f"B03{connector}B06", f"Semester I{connector}TW II"):
        assert not_understood(parse(refused, 2022)), refused


@pytest.mark.parametrize("phrase", WORDS["every_month"] + WORDS["every_semester"])
def test_each_every_month_phrase(phrase):
    assert parse(phrase.title(), 2022) == Schedule(months=ALL)


@pytest.mark.parametrize("phrase", WORDS["every_quarter"])
def test_each_every_quarter_phrase(phrase):
    assert parse(phrase.title(), 2022) == Schedule(months=ALL, quarters=[1, 2, 3, 4])


@pytest.mark.parametrize("prefix", WORDS["month_number_prefixes"])
def test_each_month_number_prefix(prefix):
    for printed in (f"{prefix}3", f"{prefix.upper()} 03", f"{prefix}-3", f"{prefix.title()}03"):
        assert parse(printed, 2022) == Schedule(months=[3]), printed
    assert parse(f"{prefix} 1 - {prefix} 12", 2022) == Schedule(months=ALL)
    assert not_understood(parse(f"{prefix}13", 2022))
    assert not_understood(parse(f"{prefix}0", 2022))


@pytest.mark.parametrize("prefix", WORDS["number_prefixes"])
def test_each_number_prefix(prefix):
    assert parse(f"Bulan ke 3 dan {prefix} 6", 2022) == Schedule(months=[3, 6])
    assert parse(f"B03 dan {prefix}-12", 2022) == Schedule(months=[3, 12])
    assert parse(f"Triwulan {prefix}-1 dan {prefix} 3", 2022) == Schedule(
        months=[1, 2, 3, 7, 8, 9], quarters=[1, 3]
    )
    assert not_understood(parse(f"Triwulan {prefix}-5", 2022))
    assert not_understood(parse(f"Januari dan {prefix} 6", 2022))


@pytest.mark.parametrize("word", WORDS["week_words"])
@pytest.mark.parametrize(
    "number", [o for o, _ in ORDINALS] + [str(o) for o in WORDS["week_ordinals"]] + ["5", "ke-5"]
)
def test_each_week_word_and_number(word, number):
    assert parse(f"{word.title()} {number} Maret", 2022) == Schedule(months=[3])
    assert parse(f"{word} {number} bulan Maret 2022", 2022) == Schedule(months=[3])
    assert not_understood(parse(f"{word} {number}", 2022))


@pytest.mark.parametrize("phrase", WORDS["every_year"])
def test_each_every_year_phrase_names_no_month(phrase):
    result = parse(phrase.title(), 2022)
    assert not_understood(result) and "yearly" in result.warnings[0]
    assert parse(f"{phrase} bulan Maret", 2022) == Schedule(months=[3])


@pytest.mark.parametrize("spelling,number", MONTH_SPELLINGS)
def test_each_month_spelling_after_a_day(spelling, number):
    assert parse(f"1 {spelling}", 2022) == Schedule(months=[number])
    assert parse(f"28 {spelling.upper()} 2022", 2022) == Schedule(months=[number])


@pytest.mark.parametrize("prefix", WORDS["year_prefixes"])
def test_each_year_prefix(prefix):
    assert parse(f"Mei {prefix.title()} 2022", 2022) == Schedule(months=[5])
    assert parse(f"Mei {prefix} 2023", 2022).periods == ["2023-05"]


@pytest.mark.parametrize("filler", WORDS["fillers"])
def test_each_filler(filler):
    assert parse(f"{filler.capitalize()} Mei", 2022) == Schedule(months=[5])
    assert parse(f"Mei {filler}", 2022) == Schedule(months=[5])


@pytest.mark.parametrize("mark", WORDS["punctuation"])
def test_each_harmless_punctuation(mark):
    assert parse(f"Mei{mark}", 2022) == Schedule(months=[5])


@pytest.mark.parametrize("mark", WORDS["grid_marks"])
def test_each_grid_mark(mark):
    assert is_mark(mark)
    assert is_mark(f" {mark} ")


# ---------------------------------------------------------------- notations, exact months

NOTATIONS = [
    # the seed's notations
    ("Februari", [2]),
    ("Januari", [1]),
    ("Januari-Desember", ALL),
    ("April, Agustus, Desember", [4, 8, 12]),
    ("Januari dan Desember", [1, 12]),
    ("Agustus, Desember", [8, 12]),
    ("Februari-Maret", [2, 3]),
    ("Januari-Maret", [1, 2, 3]),
    ("Januari-Februari", [1, 2]),
    # abbreviations and old spellings
    ("Jan - Des", ALL),
    ("Jan. - Mar.", [1, 2, 3]),
    ("Jan.-Des.", ALL),
    ("Agt", [8]),
    ("Agu", [8]),
    ("Ags.", [8]),
    ("Agust", [8]),
    ("Feb-Mar, Agust-Sept", [2, 3, 8, 9]),
    # a month glued to its year, as a spreadsheet prints dates
    ("Mar-22", [3]),
    ("Jan'22", [1]),
    ("Jan-22 s.d. Des-22", ALL),
    ("Apr-22, Jul-22", [4, 7]),
    ("Mei-2022", [5]),
    # ... but a range to a day of a month stays one
    ("Feb-28 Mar", [2, 3]),
    ("Sept", [9]),
    ("Sep.", [9]),
    ("Nop", [11]),
    ("Pebruari", [2]),
    ("Nopember", [11]),
    ("Pebruari - Nopember", list(range(2, 12))),
    # ranges
    ("Januari – Desember", ALL),
    ("Januari — Desember", ALL),
    ("Januari s.d. Desember", ALL),
    ("Januari s.d Desember", ALL),
    ("Januari s/d Desember", ALL),
    ("Januari sd Desember", ALL),
    ("Januari sampai dengan Desember", ALL),
    ("Januari hingga Juni", [1, 2, 3, 4, 5, 6]),
    ("Januari sampai Maret", [1, 2, 3]),
    ("Januari s.d.Desember", ALL),
    ("Maret - Maret", [3]),
    ("Jan-Mar, Jul-Sep", [1, 2, 3, 7, 8, 9]),
    # lists
    ("Januari, Maret dan Juni", [1, 3, 6]),
    ("Januari, Maret, dan Juni.", [1, 3, 6]),
    ("Januari & Juli", [1, 7]),
    ("Jan&Jul", [1, 7]),
    ("Maret; Juni", [3, 6]),
    ("Desember, Januari", [1, 12]),
    # quarters
    ("Triwulan II", [4, 5, 6]),
    ("TW III", [7, 8, 9]),
    ("TW 3", [7, 8, 9]),
    ("TW.I", [1, 2, 3]),
    ("TW-II", [4, 5, 6]),
    ("TW/III", [7, 8, 9]),
    ("Triwulan I - IV", ALL),
    ("Triwulan I-IV", ALL),
    ("TW I s.d. TW IV", ALL),
    ("TW I s.d. IV", ALL),
    ("Triwulan I dan III", [1, 2, 3, 7, 8, 9]),
    ("Triwulan I, II, III dan IV", ALL),
    ("Q1–Q4", ALL),
    ("Q1-Q2", [1, 2, 3, 4, 5, 6]),
    ("Q3", [7, 8, 9]),
    ("Kuartal I", [1, 2, 3]),
    ("Kuartal II s.d. IV", list(range(4, 13))),
    ("Triwulan ke-2", [4, 5, 6]),
    ("Triwulan Pertama", [1, 2, 3]),
    ("Triwulan Ⅳ", [10, 11, 12]),
    # semesters
    ("Semester I", [1, 2, 3, 4, 5, 6]),
    ("Semester II", [7, 8, 9, 10, 11, 12]),
    ("Semester 1", [1, 2, 3, 4, 5, 6]),
    ("Semester I - II", ALL),
    ("Semester I dan II", ALL),
    # the whole year
    ("Setiap bulan", ALL),
    ("Tiap bulan", ALL),
    ("Tiap-tiap bulan", ALL),
    ("Sepanjang tahun", ALL),
    ("Setiap minggu", ALL),
    ("SETIAP BULAN", ALL),
    ("Setiap Bulan Tahun 2022", ALL),
    # years
    ("Mei 2022", [5]),
    ("Januari 2022 - Desember 2022", ALL),
    ("Januari - Desember 2022", ALL),
    ("Januari - Desember Tahun 2022", ALL),
    ("Juli - Desember TA 2022", [7, 8, 9, 10, 11, 12]),
    ("Maret, Juni 2022", [3, 6]),
    ("Januari - Desember tahun berjalan", ALL),
    ("Triwulan I - IV 2022", ALL),
    # case, wraps, leftovers
    ("JANUARI - DESEMBER", ALL),
    ("januari-desember", ALL),
    ("Januari- Desember", ALL),
    ("Januari -Desember", ALL),
    ("Januari-\nDesember", ALL),
    ("Januari\n-\nDesember", ALL),
    ("April,\nAgustus,\nDesember", [4, 8, 12]),
    ("April\nAgustus\nDesember", [4, 8, 12]),
    ("Janu-\nari", [1]),
    ("Sep-\ntember - Okto-\nber", [9, 10]),
    ("  Maret.  ", [3]),
    ("Maret,", [3]),
    ("(Maret)", [3]),
    ("Bulan Januari", [1]),
    ("Bulan Januari s.d Bulan Maret", [1, 2, 3]),
    ("Pada bulan Mei", [5]),
    ("Mulai Januari sampai Desember", ALL),
    ("Dari Januari hingga Juni", [1, 2, 3, 4, 5, 6]),
    ("Maret s.d. Mei.", [3, 4, 5]),
    ("Mei\u00a0-\u00a0Juni", [5, 6]),
]


@pytest.mark.parametrize("text,months", NOTATIONS)
def test_notation(text, months):
    result = parse(text, 2022)
    assert result.months == months
    assert result.warnings == []
    assert result.periods == []


# Notations read from real plan tables: the months and quarters, exactly.
REAL_NOTATIONS = [
    # B for bulan: a month by its number
    ("B03", [3], []),
    ("B03, B06, B09 dan B12", [3, 6, 9, 12], []),
    ("B01 - B12", ALL, []),
    ("B01-B06", [1, 2, 3, 4, 5, 6], []),
    ("B1", [1], []),
    ("b03", [3], []),
    ("b1, b2 dan b3", [1, 2, 3], []),
    ("B03 dan 06", [3, 6], []),  # bare numbers continue the month numbers, like TW numerals
    # recurrences over the year
    ("Tiap Bulan", ALL, []),
    ("Setiap Bulan", ALL, []),
    ("Setiap bulan", ALL, []),
    ("Bulanan", ALL, []),
    ("Tiap Triwulan", ALL, [1, 2, 3, 4]),  # the module's convention for "every quarter"
    ("Setiap Triwulan", ALL, [1, 2, 3, 4]),
    ("Triwulanan", ALL, [1, 2, 3, 4]),
    ("Setiap Semester", ALL, []),
    # "the nth month"
    ("Bulan ke-3", [3], []),
    ("bulan ke 3 dan ke 6", [3, 6], []),
    ("Bulan ke-1 s.d. ke-12", ALL, []),
    ("Bulan ke-10", [10], []),
    ("Bln ke 2, ke 4", [2, 4], []),
    # the month's number after the word, without "ke"
    ("Bulan 3", [3], []),
    ("Bulan 1-12", ALL, []),
    ("Bulan 1 s.d. 12", ALL, []),
    ("Bln 3, 6, 9, 12", [3, 6, 9, 12], []),
    # how often within one range, and the range's length, said beside it
    ("Januari s.d. Desember (setiap bulan)", ALL, []),
    ("Setiap bulan (Januari - Juni)", [1, 2, 3, 4, 5, 6], []),
    ("Setiap minggu Maret - Juni", [3, 4, 5, 6], []),
    ("Setiap Triwulan (TW I - TW IV)", ALL, [1, 2, 3, 4]),
    ("Jan - Des (12 bulan)", ALL, []),
    # months chained by dashes, each the one after the last: a range and a list agree
    ("Juli-Agustus-September", [7, 8, 9], []),
    ("Jan-Feb-Mar-Apr", [1, 2, 3, 4], []),
    # a week of a month
    ("Minggu ke-2 Januari", [1], []),
    ("Minggu I Maret", [3], []),
    ("Minggu ke 4 bulan Desember", [12], []),
    ("Minggu terakhir Desember", [12], []),
    ("Minggu I Maret dan Minggu III Juni", [3, 6], []),
    ("Minggu ke-2 Januari - Maret", [1, 2, 3], []),
    # semesters
    ("Semester I", [1, 2, 3, 4, 5, 6], []),
    ("Semester II", [7, 8, 9, 10, 11, 12], []),
    ("Semester I dan II", ALL, []),
    ("Semester I/II", ALL, []),  # "/" between numbers of one kind of period lists both
    # quarters
    ("TW III - TW IV", [7, 8, 9, 10, 11, 12], [3, 4]),
    ("TW I/II", [1, 2, 3, 4, 5, 6], [1, 2]),
    ("Triwulan III/IV", [7, 8, 9, 10, 11, 12], [3, 4]),
    ("TW I / TW III", [1, 2, 3, 7, 8, 9], [1, 3]),
    ("TW I", [1, 2, 3], [1]),
    ("Triwulan II", [4, 5, 6], [2]),
    ("Tw. 3", [7, 8, 9], [3]),
    ("TW 03", [7, 8, 9], [3]),
    ("Triwulan ke-1 dan ke-2", [1, 2, 3, 4, 5, 6], [1, 2]),
    # dates
    ("17 Januari 2022", [1], []),
    ("1 Januari", [1], []),
    ("29 April, 4 Mei, 5 Mei, dan 6 Mei", [4, 5], []),
    ("01 Juli 2022", [7], []),
    ("29 Februari", [2], []),
    ("1 Januari - 31 Maret", [1, 2, 3], []),
    ("1 Januari s.d. 31 Desember 2022", ALL, []),
    ("31 Des.", [12], []),
    # days of one month (the SKB on 2022's holidays: "2-3 Mei"), and across two
    ("2-3 Mei", [5], []),
    ("1 - 5 Mei", [5], []),
    ("1 s.d. 5 Mei 2022", [5], []),
    ("4 - 6 Mei, 7 Juni", [5, 6], []),
    ("28 Februari - 3 Maret", [2, 3], []),
    # a list of days of one month
    ("4, 5 dan 6 Mei", [5], []),
    ("4,5,6 Mei", [5], []),
    ("4 dan 6 Mei 2022", [5], []),
    ("1, 15, dan 29 Juni", [6], []),
    ("Januari, 4 dan 6 Mei", [1, 5], []),
    # a list of weeks of one month
    ("Minggu I dan III Mei", [5], []),
    ("Minggu ke 2 dan 4 Januari", [1], []),
    ("Minggu ke-1 s.d. ke-2 Mei", [5], []),
    # a part of a month, a weekday before a date
    ("Akhir Maret", [3], []),
    ("Awal Januari - Akhir Maret", [1, 2, 3], []),
    ("Pertengahan Juni dan Akhir Desember", [6, 12], []),
    ("Senin, 4 Mei 2022", [5], []),
    ("Jumat 6 dan 13 Mei", [5], []),
    ("Tgl. 4 Mei", [5], []),
    ("tanggal 17 Agustus 2022", [8], []),
    # a week after its month, a week of every month, every end of month or working day
    ("Agustus minggu ke-3", [8], []),
    ("Maret (Minggu ke-2)", [3], []),
    ("Maret minggu ke-2, Juni", [3, 6], []),
    ("Minggu ke-4 setiap bulan", ALL, []),
    ("Minggu II dan IV setiap bulan", ALL, []),
    ("Setiap akhir bulan", ALL, []),
    ("Setiap hari kerja", ALL, []),
    ("Setiap Senin", ALL, []),
    # a yearly phrase beside its month
    ("Setiap tahun bulan Maret", [3], []),
    ("Tahunan (Desember)", [12], []),
]


@pytest.mark.parametrize("text,months,quarters", REAL_NOTATIONS)
def test_real_notation(text, months, quarters):
    assert parse(text, 2022) == Schedule(months=months, quarters=quarters)


def test_a_date_in_another_year_is_outside_the_plan_year():
    result = parse("17 Januari 2020", 2022)
    assert result.months == [] and result.quarters == []
    assert result.periods == ["2020-01"]
    assert result.warnings == [f"{OUTSIDE_PLAN_YEAR} 2022: '17 Januari 2020'"]
    assert parse("17 Januari 2020", 2020) == Schedule(months=[1])
    assert parse("17 Januari 2020", None) == Schedule(months=[1])


def test_dates_across_the_year_boundary_keep_the_plan_years_months():
    result = parse("15 Desember 2022 - 15 Januari 2023", 2022)
    assert result.months == [12]
    assert result.periods == ["2022-12", "2023-01"]
    assert result.warnings == []


# Refused with a warning, never a guess: the reason the warning gives.
REFUSED = [
    ("Tahunan", "a yearly recurrence names no month"),
    ("Setiap Tahun", "a yearly recurrence names no month"),
    ("Setiap tahun", "a yearly recurrence names no month"),
    ("Tiap tahun", "a yearly recurrence names no month"),
    ("Setiap Tahun 2022", "year '2022' not after a month or period"),
    ("Minggu ke-2", "no month after"),
    ("Minggu I 2022", "no month after"),
    ("Minggu ke-2 TW I", "no month after"),
    ("Minggu ke-2 17 Januari", "no month after"),
    ("31 Februari", "no day 31 in month 2"),
    ("31 April 2022", "no day 31 in month 4"),
    ("32 Januari", "unknown word '32'"),
    ("Januari 17", "unknown word '17'"),
    ("1 - 5", "number '1' without"),
    ("5-2 Mei", "range runs backwards"),
    ("5 Mei - 2 Mei", "range runs backwards"),  # two dates of one month, the later first
    ("29-31 Februari", "no day 31 in month 2"),
    ("2 - Mei", "number '2' without"),
    ("Januari/Februari", "'/' not between numbers of one kind of period"),
    ("B03/B06", "'/' not between numbers of one kind of period"),
    ("Semester I/TW II", "'/' not between numbers of one kind of period"),
    ("TW I/", "no number after '/'"),
    ("3 bulan", "no month or period"),  # a length of time, not a month
    ("Januari - Juni (5 bulan)", "'5 bulan' is not the 6 months named"),
    ("Januari-Maret-Juni", "range '-' without a start"),  # a list of three, or January to June?
    ("Januari-Februari-April", "a chain of months that skips a month"),
    ("Setiap bulan Maret, Juni", "'every' phrase combined with other periods"),
    ("Bulan 13", "unknown word '13'"),
    ("B13", "unknown word 'B'"),
    ("B0", "unknown word 'B'"),
    ("B", "unknown word 'B'"),
    ("Bulan ke-13", "unknown word 'ke'"),
    ("Bulan ke-3 dan ke-13", "unknown word 'ke'"),
    ("Maret dan ke 6", "number 'ke 6' without"),
    ("TW 5", "no quarter 5"),
    ("Semester 3", "no semester 3"),
    ("B03 - TW II", "range between different kinds of period"),
    ("B12 - B01", "range runs backwards"),
    ("Setiap bulan B03", "'every' phrase combined with other periods"),
]


@pytest.mark.parametrize("text,reason", REFUSED)
def test_refused_with_a_reason(text, reason):
    result = parse(text, 2022)
    assert not_understood(result), result
    assert result.quarters == [] and result.periods == []
    assert reason in result.warnings[0], result.warnings[0]


QUARTERS = [
    ("Triwulan II", [2]),
    ("TW I s.d. TW IV", [1, 2, 3, 4]),
    ("Triwulan I dan III", [1, 3]),
    ("Q1–Q4", [1, 2, 3, 4]),
    ("Setiap triwulan", [1, 2, 3, 4]),
    ("Januari - Maret", []),  # months do not derive quarters
    ("Semester I", []),
    ("April - Juni, TW IV", [4]),
]


@pytest.mark.parametrize("text,quarters", QUARTERS)
def test_quarters(text, quarters):
    assert parse(text, 2022).quarters == quarters


UNREADABLE = [
    "Tentatif",
    "Menyesuaikan",
    "2023",
    "Tahun 2022",
    "TW V",
    "TW",
    "Triwulan",
    "Semester III",
    "Januari - ",
    "- Desember",
    "Desember - Januari",  # backwards without years: a wrap to next year or a slip?
    "TW IV - TW I",
    "Januari / Februari",
    "Januari atau Februari",
    "Minggu ke-2",  # a week of no month
    "Minggu Januari",  # a week without its number
    "Minggu ke-7 Januari",
    "Minggu ke-2 Januari - ",
    "Januari (tentatif)",
    "Setiap bulan Januari",  # every January, not every month
    "Januari - Maret - Juni",
    "Januari - TW II",
    "I - IV",
    "Januari 1",
    "Mei 2022 2023",
    "-",
    "Bulan",
    "Awal tahun",
    "Akhir TW I",  # the end of a quarter: which month is not said
    "Akhir",
    "6, 5 Mei",  # days out of order
    "30, 31 Juni",
    "Minggu ke-2 dan Mei",  # a week of no month
    "Minggu ke-2 dan 6 Mei",  # no sixth week
    "Senin Mei",  # a weekday of no date
    "Senin",
    "tanggal",
    "Akhir bulan",  # the end of which month?
    "Minggu ke-2 setiap triwulan",  # which month of the quarter?
    "Januari - Maret minggu ke-2",  # the second week of each, or of March?
    "Januari,, Februari - ",
]


@pytest.mark.parametrize("text", UNREADABLE)
def test_unreadable_or_ambiguous_gives_warning_and_no_months(text):
    result = parse(text, 2022)
    assert not_understood(result), result
    assert text.split()[0] in result.warnings[0]
    assert result.quarters == []


@pytest.mark.parametrize("text", ["", "   ", "\n"])
def test_empty_text_is_empty_without_warning(text):
    assert parse(text, 2022) == Schedule()


# ---------------------------------------------------------------- years and periods


def test_range_across_year_boundary():
    result = parse("November 2022 - Februari 2023", 2022)
    assert result.months == [11, 12]
    assert result.periods == ["2022-11", "2022-12", "2023-01", "2023-02"]
    assert result.warnings == []
    assert parse("November 2022 - Februari 2023", 2023).months == [1, 2]


def test_undated_range_start_takes_the_year_before_a_dated_end():
    result = parse("November - Februari 2023", 2023)
    assert result.months == [1, 2]
    assert result.periods == ["2022-11", "2022-12", "2023-01", "2023-02"]


def test_undated_range_end_takes_the_year_after_a_dated_start():
    assert parse("Desember 2022 - Januari", 2022).periods == ["2022-12", "2023-01"]


def test_month_in_another_year_is_outside_the_plan_year():
    result = parse("Mei 2023", 2022)
    assert result.months == []
    assert result.periods == ["2023-05"]
    assert result.warnings == [f"{OUTSIDE_PLAN_YEAR} 2022: 'Mei 2023'"]


def test_month_with_year_and_no_plan_year():
    assert parse("Mei 2023", None) == Schedule(months=[5])


def test_range_across_years_without_plan_year_is_not_guessed():
    result = parse("November 2022 - Februari 2023", None)
    assert not_understood(result)
    assert result.periods == ["2022-11", "2022-12", "2023-01", "2023-02"]


def test_no_plan_year_and_no_year_in_text_gives_months():
    assert parse("TW II", None) == Schedule(months=[4, 5, 6], quarters=[2])


def test_quarters_across_years_keep_only_the_plan_year():
    result = parse("TW III 2022 - TW II 2023", 2022)
    assert result.months == [7, 8, 9, 10, 11, 12]
    assert result.quarters == [3, 4]
    assert result.periods[0] == "2022-07" and result.periods[-1] == "2023-06"


def test_warning_quotes_the_text_on_one_line():
    assert "'Menye suaikan'" in parse("Menye\nsuaikan", 2022).warnings[0]


def test_results_are_fresh_objects_despite_the_cache():
    first = parse("Januari - Maret", 2022)
    first.months.append(99)
    assert parse("Januari - Maret", 2022).months == [1, 2, 3]


# ---------------------------------------------------------------- grid helpers


@pytest.mark.parametrize(
    "text,month",
    [
        ("Jan", 1),
        ("Ja n", 1),
        ("J an", 1),
        ("Peb", 2),
        ("Feb.", 2),
        ("Agt", 8),
        ("Sept", 9),
        ("Okt", 10),
        ("Nop", 11),
        ("Des", 12),
        ("DES", 12),
        ("Januari", 1),
        ("1", None),
        ("12", None),  # a column-number row, unless the caller says the grid is numbered
        ("", None),
        ("Bulan", None),
        ("TW I", None),
        ("x", None),
    ],
)
def test_month_from_header(text, month):
    assert month_from_header(text) == month


@pytest.mark.parametrize(
    "text,month", [("1", 1), ("01", 1), ("12", 12), ("13", None), ("0", None), ("Jan", 1)]
)
def test_month_from_header_in_a_numbered_month_grid(text, month):
    assert month_from_header(text, numbered=True) == month


@pytest.mark.parametrize(
    "text,quarter",
    [
        ("TW I", 1),
        ("Triwulan II", 2),
        ("Q3", 3),
        ("TW 4", 4),
        ("Kuartal I", 1),
        ("TW-IV", 4),
        ("TW.III", 3),
        ("TRIWULAN\nIII", 3),
        ("Triwulan ke-2", 2),
        ("Tri wulan I", 1),
        ("I", None),
        ("TW V", None),
        ("TW", None),
        ("Jan", None),
        ("", None),
        ("Q5", None),
    ],
)
def test_quarter_from_header(text, quarter):
    assert quarter_from_header(text) == quarter


@pytest.mark.parametrize(
    "text,marked",
    [
        ("√", True),
        ("✓", True),
        ("✔", True),
        ("v", True),
        ("V", True),
        ("x", True),
        ("X", True),
        ("•", True),
        ("●", True),
        ("1", True),
        ("25%", True),
        ("100%", True),
        ("0,5", True),
        ("0.25", True),
        ("2 Dokumen", True),
        ("1 Laporan", True),
        ("0", False),
        ("-", False),
        ("–", False),
        ("0%", False),
        ("0,0", False),
        ("0 Dokumen", False),
        ("", False),
        ("  ", False),
        ("Tidak Ada Target", False),
        ("Target", False),
        # the mark twice: two sessions in the month
        ("√√", True),
        ("X X", True),
        ("√x", False),
        ("ok", False),
    ],
)
def test_is_mark(text, marked):
    assert is_mark(text) is marked


# ---------------------------------------------------------------- properties

PERIOD = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
plan_years = st.none() | st.integers(min_value=1990, max_value=2100)


def check_invariants(result: Schedule) -> None:
    assert result.months == sorted(set(result.months))
    assert all(1 <= month <= 12 for month in result.months)
    assert result.quarters == sorted(set(result.quarters))
    assert all(1 <= quarter <= 4 for quarter in result.quarters)
    assert result.periods == sorted(set(result.periods))
    assert all(PERIOD.match(period) for period in result.periods)
    if any(warning.startswith(NOT_UNDERSTOOD) for warning in result.warnings):
        assert result.months == [] and result.quarters == []


@settings(max_examples=400, deadline=None)
@given(st.text(), plan_years)
def test_never_crashes_on_arbitrary_text(text, plan_year):
    check_invariants(parse(text, plan_year))


FRAGMENTS = sorted(
    {spelling for spelling, _ in MONTH_SPELLINGS}
    | {o for o, _ in ORDINALS}
    | {
        str(w)
        for key in (
            "quarter_words",
            "semester_words",
            "range_connectors",
            "list_connectors",
            "period_list_connectors",
            "every_month",
            "every_quarter",
            "every_year",
            "month_number_prefixes",
            "number_prefixes",
            "week_words",
            "week_ordinals",
            "fillers",
            "year_prefixes",
            "punctuation",
        )
        for w in WORDS[key]
    }
    | {"2021", "2022", "2023", "\n", "-", "–", "xyz", "V", "13", "0", "03", "12", "17", "31", "B03"}
)


@settings(max_examples=600, deadline=None)
@given(
    st.lists(st.sampled_from(FRAGMENTS), max_size=8), st.sampled_from(["", " ", "\n"]), plan_years
)
def test_never_crashes_on_vocabulary_soup(fragments, joiner, plan_year):
    check_invariants(parse((joiner or " ").join(fragments), plan_year))


month_names = st.sampled_from(MONTH_SPELLINGS)


@given(month_names, month_names, st.sampled_from(WORDS["range_connectors"]))
def test_any_forward_range_gives_its_months(start, end, connector):
    (first_name, first), (last_name, last) = start, end
    result = parse(f"{first_name} {connector} {last_name}", 2022)
    if first <= last:
        assert result == Schedule(months=list(range(first, last + 1)))
    else:
        assert not_understood(result)


@given(
    st.lists(month_names, min_size=1, max_size=6),
    st.sampled_from([", ", " dan ", "\n", ",\n", " & "]),
)
def test_any_list_gives_its_months(names, joiner):
    text = joiner.join(name for name, _ in names)
    assert parse(text, 2022) == Schedule(months=sorted({number for _, number in names}))


@pytest.mark.parametrize(
    "text, months, corrected",
    [
        ("Apnil - Juni", [4, 5, 6], "read 'Apnil' as 'April'"),
        ("Agutus, Desember", [8, 12], "read 'Agutus' as 'Agustus'"),
        # OCR's letter confusions: "ri" read "n" (the Kudus scan), "m" read "rn"
        ("Januan s.d. Desember", list(range(1, 13)), "read 'Januan' as 'Januari'"),
        ("Juli - Desernber", [7, 8, 9, 10, 11, 12], "read 'Desernber' as 'Desember'"),
    ],
)
def test_a_month_one_letter_off_is_read_and_noted(text, months, corrected):
    parsed = schedule.parse(text, 2024)
    assert parsed.months == months and not parsed.warnings
    assert len(parsed.corrections) == 1 and parsed.corrections[0].startswith(corrected)


@pytest.mark.parametrize(
    "text, months, corrected",
    [
        # from the Jateng scan: the "I" of a quarter numeral read as a bar
        ("Triwulan | - IV", list(range(1, 13)), "read '|' as 'I'"),
        ("Triwulan | dan III", [1, 2, 3, 7, 8, 9], "read '|' as 'I'"),
        ("TW lV", [10, 11, 12], "read 'lV' as 'IV'"),
    ],
)
def test_a_quarter_numeral_in_look_alike_glyphs_is_read_and_noted(text, months, corrected):
    parsed = schedule.parse(text, 2023)
    assert parsed.months == months and not parsed.warnings
    assert len(parsed.corrections) == 1 and parsed.corrections[0].startswith(corrected)


def test_a_look_alike_numeral_without_a_quarter_word_stays_unread():
    parsed = schedule.parse("Januari | Maret", 2023)
    assert parsed.months == [] and parsed.warnings


@pytest.mark.parametrize("text", ["Jumi", "Nopembre", "Rapat koordinasi"])
def test_a_word_near_no_month_or_near_two_stays_unread(text):
    """ "Jumi" is one letter from both Juni and Juli; "Nopembre" is two letters off."""
    parsed = schedule.parse(text, 2024)
    assert parsed.months == [] and parsed.warnings and not parsed.corrections


def test_a_quarter_numeral_glued_to_sd_is_split():
    assert schedule.parse("TW Is.d. TW IV", 2024).months == list(range(1, 13))


@pytest.mark.parametrize(
    "text", ["TW Isd. TW IV", "TWI sd. TWIV", "TW Isd TWIV", "Januari s d. Desember"]
)
def test_a_range_read_by_ocr_without_its_spaces_or_a_stop_is_the_whole_year(text):
    # fuzz scan seeds 13, 14, 3520, 3522: "TW I s.d. TW IV" and "Januari s.d. Desember" scanned
    assert parse(text, 2024).months == list(range(1, 13))


def test_a_spreadsheet_month_of_another_year_is_outside_the_plan_year():
    result = parse("Okt-23", 2022)
    assert result.months == []
    assert result.periods == ["2023-10"]
    assert result.warnings == [f"{OUTSIDE_PLAN_YEAR} 2022: 'Okt-23'"]
