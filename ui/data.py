"""Cached API reads: reruns (every widget click) reuse answers for a short while."""

from __future__ import annotations

import streamlit as st

from ui.client import (
    ApiClient,
    CompareField,
    CompareResponse,
    Context,
    FacetsResponse,
    SearchParams,
    SearchResponse,
    Transcript,
)

# Short TTLs: a new build can go live under the running UI; errors are never cached by Streamlit.
TTL_SECONDS = 60


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def search(_api: ApiClient, base_url: str, params: SearchParams) -> SearchResponse:
    return _api.search(params)


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def facets(_api: ApiClient, base_url: str, params: SearchParams) -> FacetsResponse:
    return _api.facets(params)


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def compare(_api: ApiClient, base_url: str, params: SearchParams, field: CompareField,
            values: tuple[str, ...]) -> CompareResponse:
    return _api.compare(params, field, values)


@st.cache_data(ttl=TTL_SECONDS * 5, show_spinner=False)
def transcript(_api: ApiClient, base_url: str, transcript_id: str) -> Transcript:
    return _api.transcript(transcript_id)


@st.cache_data(ttl=TTL_SECONDS * 5, show_spinner=False)
def context(_api: ApiClient, base_url: str, transcript_id: str, turn: int, window: int) -> Context:
    return _api.context(transcript_id, turn, window)


def clear() -> None:
    """Forget cached answers (a test switching mocks, or the user asking for a refresh)."""
    for fn in (search, facets, compare, transcript, context):
        fn.clear()
