"""Compare two plans (two years of one office, or two offices in one year).

    load_plan(path) -> Plan            a decree PDF (run through the pipeline) or decree JSON
    compare(a, b) -> Comparison        added / removed / changed items, a summary, chart rows

Alignment, from coarse to fine:
  1. Areas: by canonical reform area (``areas.canonical_area``), then by number, then by name.
     A matched area whose printed name differs is one change with field "area".
  2. Activities within a matched area: an optimal assignment (``assign.best_pairs``) over a score
     from name similarity and the share of indicators the two activities have in common. Names
     alone decide only when nearly identical, so two activities with the same name are told apart
     by their indicators, and a dropped activity is not paired with a new one that merely shares
     boilerplate words ("Monitoring, evaluasi, pelaporan dan tindak lanjut …").
  3. Indicators within a matched activity pair: identical folded texts first, then an optimal
     assignment over similarity with a threshold. Leftover indicators of matched activities are
     then matched across the area with a stricter threshold: an indicator that moved to another
     activity is one change (field "activity"), not removed-plus-added.
Texts are compared folded: case, white space, punctuation, line-wrap hyphens and year numbers
(so "Tahun 2022" and "Tahun 2023" are the same text). Schedules are compared by months, never by
their printed notation.

Reporting decisions (the JSON contract):
  * An added or removed activity is one item of kind "activity", with its indicators listed inside
    it (``indicators``); they are not reported again one by one. An area present in one plan only
    reports each of its activities that way.
  * A reworded activity or indicator is one ``changed`` item with field "activity" / "indicator".
  * Other fields (target, pic, unit, budget) are compared only when both plans carry that column;
    a schedule that one plan prints but could not be read is not compared (a warning says so).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Optional

from rencana.compare.assign import best_pairs
from rencana.compare.plans import Item, Plan, fold_text, similarity
from rencana.core.areas import fold_area
from rencana.messages import t

# Similarity thresholds on folded texts (rapidfuzz ratio, 0-100). Distinct activities of one
# decree reach 91 (e.g. "Melakukan monitoring …" / "Melakukan pelaporan …" with the same tail) and
# distinct indicators of one activity reach 90, so names alone decide only above those.
ACTIVITY_NAME_SAME = 95
ACTIVITY_NAME_REWORDED = 70  # enough when at least half of the indicators are shared
ACTIVITY_SHARED_ALONE = 0.6  # share of indicators (Dice) that pairs activities whatever the name
INDICATOR_SAME = 85  # within a matched activity pair
INDICATOR_MOVED = 92  # across activities of one area: stricter, the context differs
AREA_NAME_SAME = 90

COMPARED_FIELDS = ("target", "pic", "unit", "budget")


@dataclass
class Activity:
    name: str
    number: Optional[str]
    items: list[Item]
    index: int  # position within its area

    @property
    def folded(self) -> str:
        return self.items[0].activity_key if self.items else fold_text(self.name)


@dataclass
class Area:
    number: Optional[int]
    name: str
    canonical: Optional[str]
    activities: list[Activity]
    index: int


def group_plan(items: Iterable[Item], use_numbers: bool = True) -> list[Area]:
    """Areas in order of appearance; within each, activities as runs of consecutive rows.

    Rows with the same area number (or, without numbers, the same area name) are one area.
    A new activity starts where the activity text or its printed number changes, so two
    activities with the same name are two activities. Without ``use_numbers`` (when only one of
    the two plans prints activity numbers) adjacent rows with the same activity text are one.
    """
    areas: dict[Any, Area] = {}
    previous: Optional[tuple[Any, str, Optional[str]]] = None
    for item in items:
        area_key = item.area_number if item.area_number is not None else fold_area(item.area)
        area = areas.get(area_key)
        if area is None:
            area = areas[area_key] = Area(
                item.area_number, item.area, item.canonical_area, [], len(areas)
            )
        if not area.name and item.area:
            area.name, area.canonical = item.area, item.canonical_area
        key = (
            area_key,
            item.activity_key or fold_text(item.activity),
            item.activity_number if use_numbers else None,
        )
        if key != previous or not area.activities:
            area.activities.append(
                Activity(item.activity, item.activity_number, [], len(area.activities))
            )
        area.activities[-1].items.append(item)
        previous = key
    return list(areas.values())


# --------------------------------------------------------------------------- alignment


def align_areas(areas_a: list[Area], areas_b: list[Area]) -> list[tuple[int, int]]:
    """Pairs of indices: same canonical area first, then same number, then similar names."""
    pairs: list[tuple[int, int]] = []
    free_a, free_b = set(range(len(areas_a))), set(range(len(areas_b)))

    def take(i: int, j: int) -> None:
        pairs.append((i, j))
        free_a.discard(i)
        free_b.discard(j)

    def unique(areas: list[Area], free: set[int], canonical: str) -> list[int]:
        return [k for k in sorted(free) if areas[k].canonical == canonical]

    for i in sorted(free_a):
        canonical = areas_a[i].canonical
        if canonical:
            side_a, side_b = unique(areas_a, free_a, canonical), unique(areas_b, free_b, canonical)
            if len(side_a) == 1 and len(side_b) == 1:
                take(i, side_b[0])
    for i in sorted(free_a):
        for j in sorted(free_b):
            a, b = areas_a[i], areas_b[j]
            # Two different known areas are never paired by number alone.
            if (
                a.number is not None
                and a.number == b.number
                and not (a.canonical and b.canonical and a.canonical != b.canonical)
            ):
                take(i, j)
                break
    for i in sorted(free_a):
        best = max(
            (
                (similarity(fold_area(areas_a[i].name), fold_area(areas_b[j].name)), j)
                for j in free_b
            ),
            default=(0.0, -1),
        )
        if best[0] >= AREA_NAME_SAME:
            take(i, best[1])
    return sorted(pairs)


def match_indicators(
    items_a: list[Item], items_b: list[Item], threshold: float
) -> list[tuple[int, int]]:
    """Pairs of indices: identical folded indicators first, then the best assignment above threshold."""
    folded_a = [i.indicator_key for i in items_a]
    folded_b = [i.indicator_key for i in items_b]
    pairs: list[tuple[int, int]] = []
    used_b: set[int] = set()
    for i, text in enumerate(folded_a):
        j = next((j for j, other in enumerate(folded_b) if j not in used_b and other == text), None)
        if j is not None:
            pairs.append((i, j))
            used_b.add(j)
    rest_a = [i for i in range(len(items_a)) if i not in {p[0] for p in pairs}]
    rest_b = [j for j in range(len(items_b)) if j not in used_b]
    weights = [
        [_allowed(similarity(folded_a[i], folded_b[j]), threshold) for j in rest_b] for i in rest_a
    ]
    pairs += [(rest_a[r], rest_b[c]) for r, c in best_pairs(weights)]
    return sorted(pairs)


def _allowed(score: float, threshold: float) -> Optional[float]:
    return score if score >= threshold else None


def activity_pair_score(
    name_similarity: float, shared: int, count_a: int, count_b: int
) -> Optional[float]:
    """Score of pairing two activities, or None when they are not the same activity.

    ``shared`` is the number of indicators the two have in common (matched above threshold).
    """
    dice = 2 * shared / (count_a + count_b) if count_a + count_b else 0.0
    if name_similarity >= ACTIVITY_NAME_SAME:
        pass
    elif name_similarity >= ACTIVITY_NAME_REWORDED and dice >= 0.5:
        pass
    elif shared >= 2 and dice >= ACTIVITY_SHARED_ALONE:
        pass
    else:
        return None
    return name_similarity + 100 * dice


def align_activities(acts_a: list[Activity], acts_b: list[Activity]) -> list[tuple[int, int]]:
    weights: list[list[Optional[float]]] = []
    for a in acts_a:
        row: list[Optional[float]] = []
        for b in acts_b:
            shared = len(match_indicators(a.items, b.items, INDICATOR_SAME))
            score = activity_pair_score(
                similarity(a.folded, b.folded), shared, len(a.items), len(b.items)
            )
            if score is not None:
                # Ties (identical duplicates) go to the activity at the same relative position.
                drift = abs(a.index / max(len(acts_a), 1) - b.index / max(len(acts_b), 1))
                score += 1.0 - drift
            row.append(score)
        weights.append(row)
    return best_pairs(weights)


# --------------------------------------------------------------------------- result


@dataclass
class ChartRow:
    """One indicator line of the month chart: A's and B's months side by side."""

    area_number: Optional[int]
    area: str
    activity: str
    indicator: str
    months_a: Optional[list[int]]  # None: the row is not in A
    months_b: Optional[list[int]]
    status: str  # same | changed | added | removed
    fields: list[str] = field(default_factory=list)


@dataclass
class AreaSummary:
    area_number: Optional[int]
    area: str
    canonical_area: Optional[str]
    activities_a: int = 0
    activities_b: int = 0
    indicators_a: int = 0
    indicators_b: int = 0
    added_activities: int = 0
    removed_activities: int = 0
    added_indicators: int = 0
    removed_indicators: int = 0
    changed: dict[str, int] = field(default_factory=dict)


@dataclass
class Comparison:
    a: Plan
    b: Plan
    added: list[dict[str, Any]] = field(default_factory=list)
    removed: list[dict[str, Any]] = field(default_factory=list)
    changed: list[dict[str, Any]] = field(default_factory=list)
    areas: list[AreaSummary] = field(default_factory=list)
    rows: list[ChartRow] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def summary(self) -> dict[str, Any]:
        per_area = [vars(s) | {"changed": dict(s.changed)} for s in self.areas]
        changed_by_field: dict[str, int] = {}
        for change in self.changed:
            changed_by_field[change["field"]] = changed_by_field.get(change["field"], 0) + 1
        return {
            "a": self.a.describe(),
            "b": self.b.describe(),
            "areas": per_area,
            "totals": {
                "added_activities": sum(1 for x in self.added if x["kind"] == "activity"),
                "added_indicators": sum(1 for x in self.added if x["kind"] == "indicator"),
                "removed_activities": sum(1 for x in self.removed if x["kind"] == "activity"),
                "removed_indicators": sum(1 for x in self.removed if x["kind"] == "indicator"),
                "changed": changed_by_field,
            },
            "warnings": list(self.warnings),
        }

    def to_dict(self) -> dict[str, Any]:
        return {
            "added": self.added,
            "removed": self.removed,
            "changed": self.changed,
            "summary": self.summary(),
        }


def _indicator_entry(
    kind: str, area: Area, activity: Activity, item: Optional[Item]
) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "kind": kind,
        "area_number": area.number,
        "area": area.name,
        "activity": activity.name,
    }
    if item is None:
        entry["indicator"] = None
        entry["indicators"] = [
            {"indicator": i.indicator, "months": i.months} for i in activity.items
        ]
    else:
        entry["indicator"] = item.indicator
        entry["months"] = item.months
    return entry


class _Comparer:
    def __init__(self, a: Plan, b: Plan):
        self.result = Comparison(a, b)
        self.compared_fields = [f for f in COMPARED_FIELDS if a.carries(f) and b.carries(f)]

    # Each change goes to the JSON list, the area's counts and the chart row.
    def change(
        self,
        summary: AreaSummary,
        area: Area,
        activity: Optional[str],
        indicator: Optional[str],
        name: str,
        before: Any,
        after: Any,
    ) -> None:
        self.result.changed.append(
            {
                "area_number": area.number,
                "area": area.name,
                "activity": activity,
                "indicator": indicator,
                "field": name,
                "before": before,
                "after": after,
            }
        )
        summary.changed[name] = summary.changed.get(name, 0) + 1

    def compare_items(
        self, summary: AreaSummary, area: Area, act_a: Activity, act_b: Activity, a: Item, b: Item
    ) -> ChartRow:
        fields: list[str] = []

        def note(name: str, before: Any, after: Any) -> None:
            fields.append(name)
            self.change(summary, area, act_b.name, b.indicator, name, before, after)

        if a.indicator_key != b.indicator_key:
            note("indicator", a.indicator, b.indicator)
        if a.schedule_unread or b.schedule_unread:
            if a.schedule_text.strip() != b.schedule_text.strip():
                self.result.warnings.append(
                    t(
                        "compare.schedule_unread",
                        indicator=repr(b.indicator[:60]),
                        a=repr(a.schedule_text),
                        b=repr(b.schedule_text),
                    )
                )
        elif a.months != b.months:
            note("months", a.months, b.months)
        elif not a.months and a.quarters != b.quarters:
            note("quarters", a.quarters, b.quarters)
        for name in self.compared_fields:
            before, after = getattr(a, name), getattr(b, name)
            if fold_text(before) != fold_text(after) or (before is None) != (after is None):
                note(name, before, after)
        return ChartRow(
            area.number,
            area.name,
            act_b.name,
            b.indicator,
            a.months,
            b.months,
            "changed" if fields else "same",
            fields,
        )

    def run(self) -> Comparison:
        # Activity numbers split same-named activities only when both plans print them; else
        # the two sides would group differently and report the difference as changes.
        use_numbers = all(
            any(i.activity_number for i in plan.items) for plan in (self.result.a, self.result.b)
        )
        areas_a = group_plan(self.result.a.items, use_numbers)
        areas_b = group_plan(self.result.b.items, use_numbers)
        area_pairs = align_areas(areas_a, areas_b)
        paired_a = {i: j for i, j in area_pairs}
        paired_b = {j: i for i, j in area_pairs}
        for j, area_b in enumerate(areas_b):
            if j in paired_b:
                self.compare_areas(areas_a[paired_b[j]], area_b)
            else:
                self.one_sided_area(area_b, "added")
        for i, area_a in enumerate(areas_a):
            if i not in paired_a:
                self.one_sided_area(area_a, "removed")
        return self.result

    def new_summary(self, area: Area) -> AreaSummary:
        summary = AreaSummary(area.number, area.name, area.canonical)
        self.result.areas.append(summary)
        return summary

    def one_sided_area(self, area: Area, kind: str) -> None:
        summary = self.new_summary(area)
        count, indicators = len(area.activities), sum(len(a.items) for a in area.activities)
        if kind == "added":
            summary.activities_b, summary.indicators_b = count, indicators
        else:
            summary.activities_a, summary.indicators_a = count, indicators
        for activity in area.activities:
            self.one_sided_activity(summary, area, activity, kind)

    def one_sided_activity(
        self, summary: AreaSummary, area: Area, activity: Activity, kind: str
    ) -> None:
        target = self.result.added if kind == "added" else self.result.removed
        target.append(_indicator_entry("activity", area, activity, None))
        if kind == "added":
            summary.added_activities += 1
        else:
            summary.removed_activities += 1
        for item in activity.items:
            self.result.rows.append(
                ChartRow(
                    area.number,
                    area.name,
                    activity.name,
                    item.indicator,
                    item.months if kind == "removed" else None,
                    item.months if kind == "added" else None,
                    kind,
                )
            )

    def compare_areas(self, area_a: Area, area_b: Area) -> None:
        summary = self.new_summary(area_b)
        summary.activities_a, summary.activities_b = len(area_a.activities), len(area_b.activities)
        summary.indicators_a = sum(len(a.items) for a in area_a.activities)
        summary.indicators_b = sum(len(b.items) for b in area_b.activities)
        if fold_area(area_a.name) != fold_area(area_b.name):
            self.change(summary, area_b, None, None, "area", area_a.name, area_b.name)
        if area_a.number != area_b.number:
            self.change(summary, area_b, None, None, "area_number", area_a.number, area_b.number)

        act_pairs = align_activities(area_a.activities, area_b.activities)
        b_to_a = {j: i for i, j in act_pairs}
        # Indicator pairs per activity pair, then leftovers matched across the area.
        item_pairs: dict[tuple[int, int], list[tuple[int, int]]] = {}
        for i, j in act_pairs:
            item_pairs[(i, j)] = match_indicators(
                area_a.activities[i].items, area_b.activities[j].items, INDICATOR_SAME
            )
        moved = self.match_moved(area_a, area_b, act_pairs, item_pairs)
        moved_a = {(i, k) for (i, k), _ in moved.items()}
        moved_b = {value for value in moved.values()}

        for j, act_b in enumerate(area_b.activities):
            if j not in b_to_a:
                self.one_sided_activity(summary, area_b, act_b, "added")
                continue
            i = b_to_a[j]
            act_a = area_a.activities[i]
            if act_a.folded != act_b.folded:
                self.change(summary, area_b, act_b.name, None, "activity", act_a.name, act_b.name)
            pairs = dict((l, k) for k, l in item_pairs[(i, j)])
            for l, item_b in enumerate(act_b.items):
                if l in pairs:
                    row = self.compare_items(
                        summary, area_b, act_a, act_b, act_a.items[pairs[l]], item_b
                    )
                    self.result.rows.append(row)
                elif (j, l) in moved_b:
                    (mi, mk) = next(key for key, value in moved.items() if value == (j, l))
                    src = area_a.activities[mi]
                    self.change(
                        summary,
                        area_b,
                        act_b.name,
                        item_b.indicator,
                        "activity",
                        src.name,
                        act_b.name,
                    )
                    row = self.compare_items(summary, area_b, src, act_b, src.items[mk], item_b)
                    row.fields.insert(0, "activity")
                    row.status = "changed"
                    self.result.rows.append(row)
                else:
                    self.result.added.append(_indicator_entry("indicator", area_b, act_b, item_b))
                    summary.added_indicators += 1
                    self.result.rows.append(
                        ChartRow(
                            area_b.number,
                            area_b.name,
                            act_b.name,
                            item_b.indicator,
                            None,
                            item_b.months,
                            "added",
                        )
                    )
            paired_a_items = {k for k, _ in item_pairs[(i, j)]}
            for k, item_a in enumerate(act_a.items):
                if k not in paired_a_items and (i, k) not in moved_a:
                    entry = _indicator_entry("indicator", area_a, act_a, item_a)
                    entry["area_number"], entry["area"] = area_b.number, area_b.name
                    self.result.removed.append(entry)
                    summary.removed_indicators += 1
                    self.result.rows.append(
                        ChartRow(
                            area_b.number,
                            area_b.name,
                            act_b.name,
                            item_a.indicator,
                            item_a.months,
                            None,
                            "removed",
                        )
                    )
        paired_a_acts = {i for i, _ in act_pairs}
        for i, act_a in enumerate(area_a.activities):
            if i not in paired_a_acts:
                entry_area = Area(area_b.number, area_b.name, area_b.canonical, [], area_b.index)
                self.one_sided_activity(summary, entry_area, act_a, "removed")

    @staticmethod
    def match_moved(
        area_a: Area,
        area_b: Area,
        act_pairs: list[tuple[int, int]],
        item_pairs: dict[tuple[int, int], list[tuple[int, int]]],
    ) -> dict[tuple[int, int], tuple[int, int]]:
        """Leftover indicators of matched activities that match well in another activity pair.

        Returns {(activity in A, item): (activity in B, item)}.
        """
        left_a: list[tuple[int, int, int]] = []  # (pair index, activity in A, item)
        left_b: list[tuple[int, int, int]] = []
        for p, (i, j) in enumerate(act_pairs):
            used_a = {k for k, _ in item_pairs[(i, j)]}
            used_b = {l for _, l in item_pairs[(i, j)]}
            left_a += [(p, i, k) for k in range(len(area_a.activities[i].items)) if k not in used_a]
            left_b += [(p, j, l) for l in range(len(area_b.activities[j].items)) if l not in used_b]
        weights = []
        for pa, i, k in left_a:
            text_a = area_a.activities[i].items[k].indicator_key
            weights.append(
                [
                    _allowed(
                        similarity(text_a, area_b.activities[j].items[l].indicator_key),
                        INDICATOR_MOVED,
                    )
                    if pa != pb
                    else None
                    for pb, j, l in left_b
                ]
            )
        return {
            (left_a[r][1], left_a[r][2]): (left_b[c][1], left_b[c][2])
            for r, c in best_pairs(weights)
        }


def compare(a: Plan, b: Plan) -> Comparison:
    """Everything added, removed and changed from plan ``a`` to plan ``b``."""
    return _Comparer(a, b).run()
