"""Compare groups for one query: per cohort, occupation group or style, how many match and what they say."""

from __future__ import annotations

from collections import Counter
from typing import Any

from indexer.archive import Archive
from indexer.errors import BadQuery
from indexer.facets import FACET_FIELDS, facet_value, group_sizes
from indexer.labels_tables import soc_group
from indexer.search import Filters, Mode, search

QUOTES_PER_GROUP = 3


def compare(
    archive: Archive,
    query: str,
    field: str,
    values: tuple[str, ...] = (),
    filters: Filters | None = None,
    mode: Mode | str = Mode.hybrid,
) -> dict[str, Any]:
    """For each value of `field` (all, or the given ones): matching count, group size under the
    filters, share, best quotes."""
    if field not in FACET_FIELDS:
        raise BadQuery(f"unknown field {field!r} to compare by; use one of {', '.join(FACET_FIELDS)}")
    results = search(archive, query, filters, mode, "participant", archive.settings.max_limit)
    sizes = group_sizes(archive, field, filters)
    matched = [archive.participants[t] for t in results.matched_ids]
    counts = Counter(facet_value(p, field) for p in matched)
    # A SOC group may be named by its code or title, as /search takes it ("29" → "29 Healthcare …").
    named = [(soc_group(v) or v) if field == "occupation_group" else v for v in values]
    wanted = named or [v for v, _ in counts.most_common()]
    unknown = [v for v in wanted if v not in sizes]
    if unknown:
        raise BadQuery(f"no {field} called {unknown[0]!r}; known values: {', '.join(sorted(sizes))}")
    hits_by_group: dict[str, list[dict[str, Any]]] = {v: [] for v in wanted}
    for hit in results.results:
        group = facet_value(hit.participant, field)
        if group in hits_by_group and len(hits_by_group[group]) < QUOTES_PER_GROUP:
            hits_by_group[group].append(hit.as_dict())
    return {
        "query": results.query, "mode": results.mode.value, "field": field, "total": results.total,
        "groups": [
            {"value": v, "count": counts[v], "size": sizes[v],
             "share": round(counts[v] / sizes[v], 4) if sizes[v] else 0.0, "results": hits_by_group[v]}
            for v in wanted
        ],
    }
