"""Compare groups for one query: per cohort, occupation group or style, how many match and what they say."""

from __future__ import annotations

from collections import Counter
from typing import Any

from indexer.archive import Archive
from indexer.errors import BadQuery
from indexer.facets import FACET_FIELDS, facet_value, group_sizes
from indexer.labels_tables import soc_group
from indexer.results import Hit
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
    # Cohorts and styles in any case ("Mixed"), as /search reads them; each group once, however named.
    named = [(soc_group(v) or v) if field == "occupation_group" else v.strip().lower() for v in values]
    wanted = list(dict.fromkeys(named)) or [v for v, _ in counts.most_common()]
    unknown = [v for v in wanted if v not in sizes]
    if unknown:
        everyone = group_sizes(archive, field, None) if filters is not None and filters.active() else sizes
        if unknown[0] in everyone:  # it exists; the filters leave nobody in it
            raise BadQuery(f"the filters leave nobody in {field} {unknown[0]!r}; loosen them "
                           f"or compare within {', '.join(sorted(sizes)) or 'no group'}")
        raise BadQuery(f"no {field} called {unknown[0]!r}; known values: {', '.join(sorted(everyone))}")
    hits_by_group = _best_quotes(results.results, field, wanted)
    if any(counts[v] > len(hits_by_group[v]) < QUOTES_PER_GROUP for v in wanted) and results.total > len(results.results):
        # A small group's matches rank below the first page (Legal: 13 matching, none in the top 100),
        # and "no quotes" under a count of 13 reads as a contradiction: read down the whole ranking.
        every = search(archive, query, filters, mode, "participant", results.total,
                       ceiling=max(results.total, archive.settings.max_limit))
        hits_by_group = _best_quotes(every.results, field, wanted)
    return {
        "query": results.query, "mode": results.mode.value, "field": field, "total": results.total,
        "counting": results.counting, "notice": results.notice,
        "groups": [
            {"value": v, "count": counts[v], "size": sizes[v],
             "share": round(counts[v] / sizes[v], 4) if sizes[v] else 0.0, "results": hits_by_group[v]}
            for v in wanted
        ],
    }


def _best_quotes(hits: tuple[Hit, ...], field: str, wanted: list[str]) -> dict[str, list[dict[str, Any]]]:
    """The first QUOTES_PER_GROUP counted participants of each wanted group, in ranking order."""
    out: dict[str, list[dict[str, Any]]] = {v: [] for v in wanted}
    for hit in hits:
        group = facet_value(hit.participant, field)
        if hit.counted and group in out and len(out[group]) < QUOTES_PER_GROUP:
            out[group].append(hit.as_dict())
    return out
