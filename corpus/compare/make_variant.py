"""Derive a 2023 revision of the Jepara 2022 plan with a known list of changes.

    python corpus/compare/make_variant.py            # writes the files below beside this script

Inputs:  kpu-kab-jepara-2022.gold.json (a copy of the reference gold: metadata + 129 records)
Outputs: kpu-kab-jepara-2023-variant.json           the revised plan (same record shape)
         kpu-kab-jepara-2023-variant.expected.json  the diff a comparison must report, exactly
         kpu-kab-jepara-2023-variant.pdf            the revision as a decree table (``--pdf``)

Every edit below is declared once and produces both the change to the plan and, when it is a
real change, its expected diff entry. Edits that must NOT be reported (year numbers, schedules
rewritten in another notation with the same months, reordering) are applied too.
"""
from __future__ import annotations

import copy
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
BASE = HERE / "kpu-kab-jepara-2022.gold.json"
VARIANT = HERE / "kpu-kab-jepara-2023-variant.json"
EXPECTED = HERE / "kpu-kab-jepara-2023-variant.expected.json"
PDF = HERE / "kpu-kab-jepara-2023-variant.pdf"

ALL_YEAR = list(range(1, 13))

# (area_no, activity text) of activities dropped in 2023.
DROPPED_ACTIVITIES = [
    (1, "Melakukan evaluasi pelaksanaan rencana aksi Reformasi Birokrasi dan rencana aksi Agen Perubahan"),
    (5, "Implementasi Standar Kompetensi Jabatan"),
    (7, "Monitoring, evaluasi, pelaporan dan tindak lanjut atas pengelolaan benturan kepentingan"),
]
# New activities: inserted after the activity named in `after` (prefix match).
ADDED_ACTIVITIES = [
    {"area_no": 3, "after": "Pembuatan dokumen struktur organisasi",
     "activity": "Evaluasi kelembagaan dan beban kerja unit/satuan kerja",
     "rows": [("Tersedianya dokumen analisis beban kerja satuan kerja", "Maret - April", [3, 4]),
              ("Rekomendasi penyederhanaan struktur organisasi", "Juni", [6])]},
    {"area_no": 7, "after": "Monitoring, evaluasi, pelaporan dan tindak lanjut pengelolaan SPIP",
     "activity": "Monitoring, evaluasi, pelaporan dan tindak lanjut Survei Penilaian Integritas",
     "rows": [("Laporan hasil Survei Penilaian Integritas Tahun 2023", "Oktober", [10])]},
    {"area_no": 8, "after": "Pelayanan khusus",
     "activity": "Penyediaan layanan ramah disabilitas",
     "rows": [("Tersedianya jalur dan loket khusus bagi penyandang disabilitas", "Juli s.d. September", [7, 8, 9])]},
]
# (area_no, activity prefix, indicator) dropped from an activity that stays.
DROPPED_INDICATORS = [
    (5, "Penerapan disiplin dan kode etik", "Data jumlah pelanggaran tahun sebelumnya"),
]
# (area_no, activity prefix, indicator, schedule_text, months) added to an activity that stays.
ADDED_INDICATORS = [
    (6, "Penyelenggaraan anggaran yang efektif", "Dokumen revisi anggaran", "Juni", [6]),
]
# (area_no, activity prefix or None, indicator prefix, new schedule_text, new months): moved.
RESCHEDULED = [
    (1, None, "Penerbitan SK Tim Reformasi Birokrasi", "Januari", [1]),
    (2, None, "Adanya sosialisasi dan terlaksananya pemetaan", "Juni dan Desember", [6, 12]),
    (6, None, "Adanya dokumen penetapan kinerja", "Januari - Februari", [1, 2]),
    (7, "Monitoring, evaluasi, pelaporan dan tindak lanjut pembangunan Zona",
     "Dokumentasi kegiatan monitoring", "Juni, Desember", [6, 12]),
    (8, None, "Tersedianya pelayanan khusus", "Juli", [7]),
    # One of the two activities named "Pemanfaatan aplikasi SPBE administrasi kesekretariatan".
    (4, None, "Data pengunjung bagi aplikasi", "Juni dan Desember", [6, 12]),
]
# Schedules rewritten in another notation, same months: not a change.
RENOTATED = [
    (2, "Penyusunan revisi produk hukum", None, "Setiap bulan"),
    (4, "Penerapan sistem arsip", None, "Jan s.d. Des"),
    (1, "Melakukan monitoring pelaksanaan", None, "Apr, Agt, Des"),
    (8, "Membangun dan menerapkan variabel", None, "Februari s.d. Maret"),
    (1, "Penyelenggaraan integritas", "Pelaporan LHKPN", "Triwulan I"),  # Januari-Maret
    (5, "Penerapan pengukuran kinerja individu", None, "Jan - Feb"),
]
RENAMED_AREA = (3, "Penataan dan Penguatan Organisasi")
# Two activities that trade places: order is not a change.
SWAPPED = (5, "Pengembangan pegawai berbasis kompetensi", "Pengisian Sistem Informasi Kepegawaian")


def _is(record: dict, area_no: int, activity_prefix: str | None = None, indicator_prefix: str | None = None) -> bool:
    return (record["area_no"] == area_no
            and (activity_prefix is None or record["activity"].startswith(activity_prefix))
            and (indicator_prefix is None or record["indicator"].startswith(indicator_prefix)))


def _one(records: list[dict], *args) -> list[dict]:
    found = [r for r in records if _is(r, *args)]
    if not found:
        raise SystemExit(f"make_variant: nothing matches {args}")
    return found


def next_year(text: str) -> str:
    return re.sub(r"\b2022\b", "2023", text)


def build(base: dict) -> tuple[dict, dict]:
    """The revised plan and the expected diff."""
    records = copy.deepcopy(base["records"])
    for row in records:  # an activity's identity in the base, so duplicates keep apart when renumbered
        row["_block"] = (row["area_no"], row["activity_seq"])
    expected = {"added": [], "removed": [], "changed": []}

    for area_no, activity in DROPPED_ACTIVITIES:
        rows = _one(records, area_no, activity)
        expected["removed"].append({"kind": "activity", "area_number": area_no, "activity": rows[0]["activity"],
                                    "indicator": None})
        records = [r for r in records if r not in rows]
    for area_no, activity, indicator in DROPPED_INDICATORS:
        row = _one(records, area_no, activity, indicator)[0]
        expected["removed"].append({"kind": "indicator", "area_number": area_no, "activity": row["activity"],
                                    "indicator": row["indicator"]})
        records.remove(row)
    for area_no, activity, indicator, schedule_text, months in ADDED_INDICATORS:
        rows = _one(records, area_no, activity)
        new = dict(rows[-1], indicator=indicator, schedule_text=schedule_text, months=months)
        records.insert(records.index(rows[-1]) + 1, new)
        expected["added"].append({"kind": "indicator", "area_number": area_no, "activity": new["activity"],
                                  "indicator": indicator})
    for spec in ADDED_ACTIVITIES:
        rows = _one(records, spec["area_no"], spec["after"])
        template = rows[-1]
        at = records.index(template) + 1
        for offset, (indicator, schedule_text, months) in enumerate(spec["rows"]):
            records.insert(at + offset, dict(template, activity=spec["activity"], indicator=indicator,
                                             schedule_text=schedule_text, months=months,
                                             _block=("new", spec["activity"])))
        expected["added"].append({"kind": "activity", "area_number": spec["area_no"],
                                  "activity": spec["activity"], "indicator": None})
    for area_no, activity, indicator, schedule_text, months in RESCHEDULED:
        row = _one(records, area_no, activity, indicator)[0]
        expected["changed"].append({"area_number": area_no, "activity": row["activity"],
                                    "indicator": next_year(row["indicator"]), "field": "months",
                                    "before": row["months"], "after": months})
        row["schedule_text"], row["months"] = schedule_text, months
    for area_no, activity, indicator, schedule_text in RENOTATED:
        rows = _one(records, area_no, activity, indicator)
        if len({tuple(r["months"]) for r in rows}) != 1:
            raise SystemExit(f"make_variant: rows of {activity!r} differ in months; name the indicator")
        for row in rows:
            row["schedule_text"] = schedule_text
    area_no, new_name = RENAMED_AREA
    old_name = _one(records, area_no)[0]["area"]
    for row in _one(records, area_no):
        row["area"] = new_name
    expected["changed"].append({"area_number": area_no, "activity": None, "indicator": None, "field": "area",
                                "before": old_name, "after": new_name})
    area_no, first, second = SWAPPED
    rows_first, rows_second = _one(records, area_no, first), _one(records, area_no, second)
    at = records.index(rows_first[0])
    if records[at:at + len(rows_first) + len(rows_second)] != rows_first + rows_second:
        raise SystemExit("make_variant: swapped activities must be adjacent")
    records[at:at + len(rows_first) + len(rows_second)] = rows_second + rows_first

    for row in records:  # the new year everywhere it is printed
        row["activity"], row["indicator"] = next_year(row["activity"]), next_year(row["indicator"])
    _renumber(records)

    metadata = copy.deepcopy(base["metadata"])
    metadata.update({"number": "9/HK.03.1-Kpt/3320/KPU-Kab/I/2023", "plan_year": 2023, "year": 2023,
                     "title": next_year(metadata["title"]), "enacted_date": "2023-01-30",
                     "valid_until": "2023-12-31", "budget_reference": "SP DIPA-076/01.2.657363/2023"})
    return {"metadata": metadata, "records": records}, expected


def _renumber(records: list[dict]) -> None:
    """activity_seq as a revised decree would print it: 1, 2 … per area, in order."""
    seq, previous = 0, None
    for row in records:
        key = (row["area_no"], row.pop("_block"))
        if previous is None or row["area_no"] != previous[0]:
            seq = 0
        if key != previous:
            seq += 1
        row["activity_seq"] = seq
        previous = key


def main(argv: list[str]) -> int:
    base = json.loads(BASE.read_text(encoding="utf-8"))
    variant, expected = build(base)
    VARIANT.write_text(json.dumps(variant, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    EXPECTED.write_text(json.dumps(expected, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    if "--pdf" in argv:
        from render_plan_pdf import render

        render(variant, PDF)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
