"""Small typed httpx client for the interview-archive API (the UI's only way to the data)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any, Literal, NotRequired, TypedDict, cast
from urllib.parse import quote

import httpx

DEFAULT_URL = "http://127.0.0.1:8000"
Mode = Literal["keyword", "semantic", "hybrid"]
By = Literal["participant", "quote"]
ExportFormat = Literal["csv", "markdown", "bibtex"]
Params = list[tuple[str, str | int | float | bool | None]]
CompareField = Literal["cohort", "occupation_group", "interaction_style"]

# Tests (and embedders) may swap the network for an httpx.MockTransport here; None = real network.
TRANSPORT: httpx.BaseTransport | None = None


class Quote(TypedDict):
    text: str
    turn: int
    start: int
    end: int
    match: float
    question: str | None
    question_turn: int | None
    chunk_id: str
    score: float
    highlights: list[list[int]]
    citation: str


class LabelInfo(TypedDict):
    source: str  # derived | override | none
    confidence: float


class Hit(TypedDict):
    transcript_id: str
    score: float
    match: float
    cohort: str
    occupation: str
    occupation_group: str
    interaction_style: str
    counted: NotRequired[bool]  # False: ranked within the filter, outside the archive-wide match set
    labels: NotRequired[dict[str, LabelInfo]]  # occupation, occupation_group, interaction_style
    quotes: list[Quote]


class SemanticStatus(TypedDict):
    embedded: int
    total: int
    ready: bool


class SearchResponse(TypedDict):
    query: str
    mode: str
    by: str
    total: int
    notice: str | None
    took_ms: float
    semantic: SemanticStatus
    results: list[Hit]
    counting: NotRequired[str]  # who the counts hold, in words
    suggestion: NotRequired[str | None]  # the query with words no one says replaced by close ones


class FacetValue(TypedDict):
    value: str
    count: int
    size: int
    share: float


class FacetsResponse(TypedDict):
    query: str
    total: int
    facets: dict[str, list[FacetValue]]
    counting: NotRequired[str]
    notice: NotRequired[str | None]


class CompareGroup(TypedDict):
    value: str
    count: int
    size: int
    share: float
    results: list[Hit]


class CompareResponse(TypedDict):
    query: str
    mode: str
    field: str
    total: int
    groups: list[CompareGroup]
    counting: NotRequired[str]  # who the counts hold, as /search says it
    notice: NotRequired[str | None]


class Health(TypedDict):
    status: str
    build: str
    built_at: str | None
    participants: int
    semantic: SemanticStatus


class Turn(TypedDict):
    number: int
    speaker: str
    label: str
    start: int
    end: int
    text: str


class Label(TypedDict):
    value: str
    confidence: float
    source: str
    evidence: str
    turn: int | None
    start: int | None
    end: int | None
    note: str


class Participant(TypedDict):
    transcript_id: str
    cohort: str
    occupation: str
    occupation_group: str
    interaction_style: str
    n_answers: int
    n_words: int
    labels: dict[str, Label]


class Transcript(TypedDict):
    transcript_id: str
    source: str
    repaired: bool
    text: str
    turns: list[Turn]
    participant: Participant | None
    attribution: NotRequired[str | None]  # what a quote from it must cite besides id and turn


class Context(TypedDict):
    transcript_id: str
    turn: int
    window: int
    turns: list[Turn]
    participant: Participant | None


class ApiError(Exception):
    """The API answered with an error, or could not be reached; str() is meant for the user."""

    def __init__(self, message: str, status: int = 0, code: str = "") -> None:
        super().__init__(message)
        self.message, self.status, self.code = message, status, code


class ApiUnreachable(ApiError):
    """Nothing answered at the base URL (server down, wrong port, timeout)."""


@dataclass(frozen=True)
class SearchParams:
    """Everything /search, /facets, /compare and /export share; to_params() repeats list-valued keys."""

    q: str = ""
    mode: Mode = "hybrid"
    by: By = "participant"
    limit: int = 20
    cohort: tuple[str, ...] = ()
    occupation_group: tuple[str, ...] = ()
    interaction_style: tuple[str, ...] = ()
    occupation: str = ""
    exclude: tuple[str, ...] = field(default=())
    min_match: float = 0.0  # cut-off on each result's `match` (0 = none)

    def to_params(self, *, paging: bool = True) -> Params:
        out: Params = [("q", self.q), ("mode", self.mode)]
        if paging:  # /facets takes neither `by` nor `limit`
            out += [("by", self.by), ("limit", self.limit)]
        out += [("cohort", c) for c in self.cohort]
        # The API filters by the 2-digit SOC code; facet values are "25 Educational ...".
        out += [("occupation_group", g.split(" ", 1)[0]) for g in self.occupation_group]
        out += [("interaction_style", s) for s in self.interaction_style]
        out += [("exclude", t) for t in self.exclude]
        if self.occupation.strip():
            out.append(("occupation", self.occupation.strip()))
        if self.min_match > 0 and self.q.strip():  # a cut-off on how well q matches: none without q
            out.append(("min_match", f"{min(1.0, self.min_match):g}"))
        return out


@dataclass
class ApiClient:
    """One base URL and token; every method is a GET that returns the decoded JSON contract."""

    base_url: str = DEFAULT_URL
    token: str | None = None
    timeout: float = 30.0
    transport: httpx.BaseTransport | None = None

    def _client(self) -> httpx.Client:
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        return httpx.Client(base_url=self.base_url, headers=headers, timeout=self.timeout,
                            transport=self.transport)

    def _get(self, path: str, params: Params | None = None) -> httpx.Response:
        try:
            with self._client() as http:
                response = http.get(path, params=params)
        except (httpx.ConnectError, httpx.ConnectTimeout) as exc:
            raise ApiUnreachable(
                f"API not reachable at {self.base_url}; start it with `archive serve` "
                f"(or set ARCHIVE_API_URL). Details: {exc}"
            ) from exc
        except httpx.TimeoutException as exc:
            raise ApiUnreachable(f"API at {self.base_url} did not answer within {self.timeout:g}s") from exc
        except httpx.HTTPError as exc:
            raise ApiUnreachable(f"API at {self.base_url} failed: {exc}") from exc
        if response.is_error:
            raise _error_from(response)
        return response

    def _json(self, path: str, params: Params | None = None) -> Any:
        response = self._get(path, params)
        try:
            return response.json()
        except ValueError as exc:
            raise ApiError(f"API at {self.base_url} sent something that is not JSON for {path}") from exc

    def health(self) -> Health:
        return cast(Health, self._json("/health"))

    def search(self, params: SearchParams) -> SearchResponse:
        return cast(SearchResponse, self._json("/search", params.to_params()))

    def facets(self, params: SearchParams) -> FacetsResponse:
        return cast(FacetsResponse, self._json("/facets", params.to_params(paging=False)))

    def compare(self, params: SearchParams, field: CompareField, values: tuple[str, ...] = ()) -> CompareResponse:
        """Per group of `field` (the given values, or every group with a match): count, share, quotes."""
        extra: Params = [("field", field), *(("value", v) for v in values)]
        return cast(CompareResponse, self._json("/compare", [*params.to_params(paging=False), *extra]))

    def transcript(self, transcript_id: str) -> Transcript:
        return cast(Transcript, self._json(f"/transcripts/{_segment(transcript_id)}"))

    def context(self, transcript_id: str, turn: int, window: int = 2) -> Context:
        return cast(Context, self._json(f"/transcripts/{_segment(transcript_id)}/context",
                                        [("turn", turn), ("window", window)]))

    def export(self, params: SearchParams, fmt: ExportFormat) -> bytes:
        return self._get("/export", [*params.to_params(), ("format", fmt)]).content


def _segment(value: str) -> str:
    # Ids come from URLs a user can edit; never let one escape its path segment.
    return quote(value, safe="")


def _error_from(response: httpx.Response) -> ApiError:
    """Turn {"error": {status, code, message}} into an ApiError; fall back to the status line."""
    try:
        err = response.json().get("error", {})
        message, code = str(err.get("message") or ""), str(err.get("code") or "")
    except (ValueError, AttributeError):
        message, code = "", ""
    if response.status_code == 401 and not message:
        message = "the API wants a token: set ARCHIVE_API_TOKEN"
    return ApiError(message or f"API error {response.status_code} {response.reason_phrase}",
                    response.status_code, code)


def from_env() -> ApiClient:
    """Client configured from ARCHIVE_API_URL / ARCHIVE_API_TOKEN (and TRANSPORT, for tests)."""
    url = (os.environ.get("ARCHIVE_API_URL") or DEFAULT_URL).rstrip("/")
    token = os.environ.get("ARCHIVE_API_TOKEN") or None
    return ApiClient(base_url=url, token=token, transport=TRANSPORT)
