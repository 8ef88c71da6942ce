"""Annotated dependencies: the settings, the opened archive, and parsed search parameters."""

from __future__ import annotations

import re
from collections import Counter
from typing import Annotated, Any, Literal

from fastapi import Depends, Query, Request

from indexer.archive import Archive
from indexer.errors import BadQuery, IndexMissing
from indexer.labels_tables import soc_group
from indexer.search import Filters
from indexer.settings import Settings

MAX_LIMIT = 100
MAX_EXPORT: int = Settings.model_fields["max_export"].default  # the OpenAPI bound is static
MAX_QUERY_CHARS = 1000
MAX_ID_CHARS = 128


def get_archive(request: Request) -> Archive:
    archive: Archive | None = request.app.state.archive
    if archive is None:
        archive = request.app.state.open_archive()
        if archive is None:
            raise IndexMissing(str(request.app.state.settings.data_dir))
    archive.refresh()
    return archive


ArchiveDep = Annotated[Archive, Depends(get_archive)]


def _group_code(value: str) -> str:
    """'29', '29 Healthcare Practitioners and Technical' (as facets print it) or the title → '29'."""
    group = soc_group(value)
    if group is not None:
        return group[:2]
    if re.fullmatch(r"\s*\d\d\s*", value):
        return value.strip()  # a well-formed code outside the taxonomy: Filters names the known ones
    raise BadQuery(f"occupation_group {value!r} is not a SOC major group; use its 2-digit code, e.g. 29")


def get_filters(
    # An empty value ("?cohort=", as an HTML form sends an empty select) means no filter.
    # Any case ("Workforce"); Filters names the allowed values when one is unknown.
    cohort: Annotated[list[Annotated[str, Query(max_length=40)]] | None,
                      Query(description="workforce, creatives or scientists")] = None,
    occupation_group: Annotated[
        list[Annotated[str, Query(max_length=200)]] | None,
        Query(description="SOC 2018 major group code(s), e.g. 25"),
    ] = None,
    occupation: Annotated[str | None, Query(max_length=200, description="text that begins a word of the occupation label: nurse, software eng")] = None,
    interaction_style: Annotated[
        list[Annotated[str, Query(max_length=40)]] | None,
        Query(description="collaborative, delegative, mixed or unclear"),
    ] = None,
    exclude: Annotated[
        list[Annotated[str, Query(max_length=MAX_ID_CHARS)]] | None,
        Query(description="transcript ids to leave out of results and counts"),
    ] = None,
    min_match: Annotated[float, Query(ge=0.0, le=1.0, allow_inf_nan=False, description=(
        "cut-off: count a participant only if their best quote matches at least this well "
        "(cosine similarity in semantic/hybrid mode, share of query words in keyword mode)"))] = 0.0,
) -> Filters:
    if exclude and len(exclude) > 2000:
        raise BadQuery("exclude takes at most 2000 transcript ids")
    return Filters(
        cohort=tuple(c.strip().lower() for c in cohort or () if c.strip()),
        occupation_group=tuple(_group_code(g) for g in occupation_group or () if g.strip()),
        occupation=occupation or None,
        interaction_style=tuple(s.strip().lower() for s in interaction_style or () if s.strip()),
        exclude=tuple(e for e in exclude or () if e),
        min_match=min_match,
    )


FiltersDep = Annotated[Filters, Depends(get_filters)]


def get_query(
    q: Annotated[str | None, Query(max_length=MAX_QUERY_CHARS, description="what to search for")] = None,
    query: Annotated[str | None, Query(max_length=MAX_QUERY_CHARS, description="same as q")] = None,
) -> str:
    q, query = q or None, query or None  # an empty one is not given ("?q=&query=skill")
    if q is not None and query is not None and q != query:
        raise BadQuery(f"q={q!r} and query={query!r} disagree; give one of them")
    return (q if q is not None else query) or ""


QueryDep = Annotated[str, Depends(get_query)]
Mode = Literal["keyword", "semantic", "hybrid"]
By = Literal["participant", "quote"]
LimitQ = Annotated[int, Query(ge=1, le=MAX_LIMIT, description=f"results to return, 1..{MAX_LIMIT}")]


def known_parameters(dependant: Any) -> frozenset[str]:
    """Every query parameter a route reads, its dependencies' included (FiltersDep's cohort, …)."""
    names = {field.alias for field in dependant.query_params}
    for sub in dependant.dependencies:
        names |= known_parameters(sub)
    return frozenset(names)


def reject_unknown_parameters(request: Request) -> None:
    """A parameter the route does not read is an error, not silently nothing: `style=delegative`
    (the CLI's flag) returned the unfiltered list, looking filtered."""
    route = request.scope.get("route")
    dependant = getattr(route, "dependant", None)
    if dependant is None:
        return
    known = getattr(route, "_archive_known_parameters", None)
    if known is None:  # a route is fixed once the app is built: walk its dependencies once, keep it on it
        known = known_parameters(dependant)
        route._archive_known_parameters = known  # type: ignore[union-attr]
    # A single-valued parameter given twice keeps only its last value: "?q=skill&q=loss" searched "loss".
    counts = Counter(name for name, _ in request.query_params.multi_items())
    if repeated := sorted(n for n, c in counts.items() if c > 1 and n in known and n not in LIST_PARAMETERS):
        raise BadQuery(f"{', '.join(map(repr, repeated))} given more than once; give each once "
                       f"(only {', '.join(sorted(LIST_PARAMETERS))} take several values)")
    unknown = sorted(p for p in set(request.query_params) - known if not p.startswith("_"))  # "_=…": cache-buster
    if unknown:
        hint = "; ".join(f"{name!r} is {ALIASES[name]!r} here" for name in unknown if name in ALIASES)
        raise BadQuery(f"unknown parameter {', '.join(map(repr, unknown))}; {hint + '; ' if hint else ''}"
                       f"this endpoint takes {', '.join(sorted(known)) or 'none'}")


# The parameters that take several values (?cohort=workforce&cohort=scientists, /compare's value).
LIST_PARAMETERS = frozenset({"cohort", "occupation_group", "interaction_style", "exclude", "value"})

# The CLI's flag names and common guesses, for the message.
ALIASES = {"style": "interaction_style", "group": "occupation_group", "occupation-group": "occupation_group",
           "page": "offset", "size": "limit", "n": "limit"}


def require_query_for_cutoff(filters: Filters, q: str, endpoint: str) -> None:
    """min_match cuts on how well a participant matches the query: without a query it would be ignored."""
    if filters.min_match > 0 and not q.strip():
        raise BadQuery(f"min_match={filters.min_match} needs a query: it cuts on how well participants match q; "
                       f"add q=… to {endpoint}, or drop min_match")

