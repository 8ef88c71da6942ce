"""Thin routes: parse parameters, call the search core, return its records."""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query
from fastapi.responses import PlainTextResponse, Response

from api.deps import (
    MAX_EXPORT,
    MAX_ID_CHARS,
    MAX_LIMIT,
    ArchiveDep,
    By,
    FiltersDep,
    LimitQ,
    Mode,
    QueryDep,
    reject_unknown_parameters,
    require_query_for_cutoff,
)
from api.errors import RESPONSES
from indexer import export
from indexer.compare import compare
from indexer.errors import BadQuery, TranscriptNotFound
from indexer.facets import facet_counts
from indexer.search import search

router = APIRouter(responses=RESPONSES, dependencies=[Depends(reject_unknown_parameters)])
TranscriptId = Annotated[str, Path(max_length=MAX_ID_CHARS, description="transcript id, e.g. work_0035")]


@router.get("/health")
def health(archive: ArchiveDep) -> dict[str, Any]:
    meta = archive.keyword.meta()
    return {"status": "ok", "build": archive.build.name, "built_at": meta.get("built_at"),
            "participants": len(archive.participants), "semantic": archive.semantic_status(),
            "model_loaded": archive.model_loaded()}


@router.get("/search")
def search_route(
    archive: ArchiveDep, q: QueryDep, filters: FiltersDep, mode: Mode = "hybrid",
    by: By = "participant", limit: LimitQ = 20,
    offset: Annotated[int, Query(ge=0, le=MAX_EXPORT - MAX_LIMIT, description="results to skip: the next page "
                                 "starts at offset + limit")] = 0,
) -> dict[str, Any]:
    ceiling = archive.settings.max_export  # the deployment's cap, not the schema's default
    if offset + limit > ceiling:
        raise BadQuery(f"offset + limit is {offset + limit}; this archive serves the first {ceiling} results "
                       f"(ARCHIVE_MAX_EXPORT)")
    found = search(archive, q, filters, mode, by, offset + limit, ceiling=ceiling)
    body = replace(found, results=found.results[offset:]).as_dict()
    return {**body, "offset": offset}


@router.get("/facets")
def facets(archive: ArchiveDep, q: QueryDep, filters: FiltersDep, mode: Mode = "hybrid") -> dict[str, Any]:
    require_query_for_cutoff(filters, q, "/facets")
    notice: str | None = None
    counting = "participants the filters keep"
    if q.strip():
        results = search(archive, q, filters, mode, "participant", 1)
        ids: list[str] = list(results.matched_ids)
        total, notice, counting = results.total, results.notice, results.counting
    else:
        ids = [t for t, p in archive.participants.items() if filters.admits(p)]
        total = len(ids)
    # The notice travels with the counts: "nothing matches closely" must not be lost under a chart.
    return {"query": q, "total": total, "counting": counting, "notice": notice,
            "facets": facet_counts(archive, ids, filters)}


@router.get("/compare")
def compare_route(
    archive: ArchiveDep, q: QueryDep, filters: FiltersDep,
    field: Literal["cohort", "occupation_group", "interaction_style"] = "cohort",
    value: Annotated[list[Annotated[str, Query(max_length=200)]] | None, Query(
        description="group values to compare (default: every group with a match)")] = None,
    mode: Mode = "hybrid",
) -> dict[str, Any]:
    return compare(archive, q, field, tuple(value or ()), filters, mode)


@router.get("/transcripts/{transcript_id}")
def transcript(archive: ArchiveDep, transcript_id: TranscriptId) -> dict[str, Any]:
    return archive.transcript(transcript_id)


@router.get("/transcripts/{transcript_id}/context")
def context(
    archive: ArchiveDep, transcript_id: TranscriptId,
    turn: Annotated[int, Query(description="turn number, from 0; one that does not exist is a 400 naming the range")],
    window: Annotated[int, Query(ge=0, le=50)] = 2,
) -> dict[str, Any]:
    doc = archive.transcript(transcript_id)
    turns = doc["turns"]
    if not 0 <= turn < len(turns):  # -1 and 999 get the same answer: the turns that do exist
        raise BadQuery(f"turn {turn} does not exist; {transcript_id} has turns 0..{len(turns) - 1}")
    lo, hi = max(0, turn - window), min(len(turns), turn + window + 1)
    return {"transcript_id": transcript_id, "turn": turn, "window": window, "turns": turns[lo:hi],
            "participant": doc["participant"], "attribution": doc["attribution"]}


@router.get("/participants", response_model=None,
            responses={200: {"content": {"text/csv": {"schema": {"type": "string"}}}}})
def participants(
    archive: ArchiveDep, filters: FiltersDep, format: Literal["json", "csv"] = "json"
) -> list[dict[str, Any]] | Response:
    require_query_for_cutoff(filters, "", "/search (/participants has no query)")
    records = [p.as_dict() for p in archive.participants.values() if filters.admits(p)]
    if format == "json":
        return records
    # The same table as `archive participants --format csv`: labels with source and evidence.
    return PlainTextResponse(export.participants_csv(records), media_type="text/csv")


@router.get("/export", response_model=None, responses={200: {"content": {
    media: {"schema": {"type": "string"}} for media in ("text/csv", "text/markdown", "application/x-bibtex")}}})
def export_route(
    archive: ArchiveDep, q: QueryDep, filters: FiltersDep, mode: Mode = "hybrid",
    by: By = "participant",
    limit: Annotated[int, Query(ge=1, le=MAX_EXPORT, description=f"rows to export, 1..{MAX_EXPORT}: all matches if "
                                                                 "you ask for the total")] = 20,
    format: Literal["csv", "markdown", "bibtex"] = "csv",
) -> Response:
    results = search(archive, q, filters, mode, by, limit, ceiling=archive.settings.max_export)
    info = export.ExportInfo(filters=filters, build=archive.build.name)
    if format == "csv":
        body, media, ext = export.to_csv(results, info), "text/csv", "csv"
    elif format == "markdown":
        body, media, ext = export.to_markdown(results, info), "text/markdown", "md"
    else:
        body, media, ext = export.to_bibtex(results, info), "application/x-bibtex", "bib"
    return Response(body, media_type=f"{media}; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="quotes.{ext}"'})


__all__ = ["router", "TranscriptNotFound"]
