"""Counts of matching participants by cohort, occupation group and interaction style."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from indexer.archive import Archive, ParticipantInfo
from indexer.filters import Filters

FACET_FIELDS = ("cohort", "occupation_group", "interaction_style")


def facet_value(p: ParticipantInfo, field_name: str) -> str:
    if field_name == "cohort":
        return p.cohort
    if field_name == "occupation_group":
        return p.occupation_group.value
    return p.interaction_style.value


def group_sizes(archive: Archive, field_name: str, filters: Filters | None = None) -> Counter[str]:
    """How many participants each value of a field has among those the filters admit.

    A share's denominator: with occupation group 27 chosen, "65 collaborative participants match"
    is 65 of group 27's 153 collaborative participants, not of the archive's 687.
    """
    return Counter(facet_value(p, field_name) for p in archive.participants.values()
                   if filters is None or filters.admits(p))


def facet_counts(archive: Archive, transcript_ids: Iterable[str],
                 filters: Filters | None = None) -> dict[str, list[dict[str, Any]]]:
    """For each facet: value, count among the matches, size of that group under the filters, share."""
    matched = [archive.participants[t] for t in transcript_ids if t in archive.participants]
    out: dict[str, list[dict[str, Any]]] = {}
    for field_name in FACET_FIELDS:
        sizes = group_sizes(archive, field_name, filters)
        counts = Counter(facet_value(p, field_name) for p in matched)
        out[field_name] = [
            {"value": value, "count": counts[value], "size": sizes[value],
             "share": round(counts[value] / sizes[value], 4) if sizes[value] else 0.0}
            for value in sorted(sizes, key=lambda v: (-counts[v], v))
        ]
    return out
