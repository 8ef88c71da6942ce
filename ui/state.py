"""UI state kept in st.query_params so any URL reopens the same view, query, filters and turn."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any, Literal, cast

import streamlit as st

from ui.client import By, CompareField, Mode, SearchParams

View = Literal["search", "interview"]
Tab = Literal["results", "who", "compare"]
TABS: tuple[Tab, ...] = ("results", "who", "compare")
FIELDS: tuple[CompareField, ...] = ("cohort", "occupation_group", "interaction_style")
MODES: tuple[Mode, ...] = ("hybrid", "keyword", "semantic")
BYS: tuple[By, ...] = ("participant", "quote")
COHORTS = ("workforce", "creatives", "scientists")
STYLES = ("collaborative", "delegative", "mixed", "unclear")
LIMITS = (10, 20, 50, 100)
STATE_KEY = "ia_state"
ID_RE = re.compile(r"^[A-Za-z0-9_.\-]{1,128}$")
MAX_EXCLUDED = 500
MAX_COMPARED = 12


def snap(value: float) -> float:
    """A cut-off on the slider's 0.05 grid, inside 0..1."""
    clamped = min(1.0, max(0.0, float(value)))
    return round(round(clamped / 0.05) * 0.05, 2)


@dataclass
class UiState:
    """The canonical state; widgets read from and write to it, the URL mirrors it."""

    view: View = "search"
    q: str = ""
    mode: Mode = "hybrid"
    by: By = "participant"
    limit: int = 20
    cohort: list[str] = field(default_factory=list)
    group: list[str] = field(default_factory=list)  # 2-digit SOC codes
    style: list[str] = field(default_factory=list)
    occ: str = ""
    tid: str = ""
    turn: int | None = None
    qs: int | None = None  # selected quote's start/end offsets in the transcript text
    qe: int | None = None
    min_match: float = 0.0  # cut-off ("match at least"), URL `min`
    ex: list[str] = field(default_factory=list)  # excluded transcript ids
    tab: Tab = "results"
    cf: CompareField = "cohort"  # field to compare / list participants by
    cv: list[str] = field(default_factory=list)  # groups to compare (empty = the top groups)

    def search_params(self, **overrides: Any) -> SearchParams:
        params = SearchParams(q=self.q.strip(), mode=self.mode, by=self.by, limit=self.limit,
                              cohort=tuple(self.cohort), occupation_group=tuple(self.group),
                              interaction_style=tuple(self.style), occupation=self.occ,
                              exclude=tuple(self.ex), min_match=snap(self.min_match))
        return replace(params, **overrides)

    def to_query(self) -> dict[str, str | list[str]]:
        """Only non-default values, so shared links stay short."""
        out: dict[str, str | list[str]] = {}
        if self.view != "search":
            out["view"] = self.view
        if self.q:
            out["q"] = self.q
        if self.mode != "hybrid":
            out["mode"] = self.mode
        if self.by != "participant":
            out["by"] = self.by
        if self.limit != 20:
            out["limit"] = str(self.limit)
        for name in ("cohort", "group", "style"):
            if getattr(self, name):
                out[name] = list(getattr(self, name))
        if self.occ:
            out["occ"] = self.occ
        if snap(self.min_match) > 0:
            out["min"] = f"{snap(self.min_match):g}"
        if self.ex:
            out["ex"] = list(self.ex)
        if self.tab != "results":
            out["tab"] = self.tab
        if self.cf != "cohort":
            out["cf"] = self.cf
        if self.cv:
            out["cv"] = list(self.cv)
        if self.view == "interview" and self.tid:
            out["tid"] = self.tid
            for name in ("turn", "qs", "qe"):
                if getattr(self, name) is not None:
                    out[name] = str(getattr(self, name))
        return out


def _int(value: str | None, lo: int, hi: int) -> int | None:
    if value is None or not value.strip().lstrip("-").isdigit():
        return None
    n = int(value)
    return n if lo <= n <= hi else None


def _float(value: str | None) -> float:
    try:
        number = float(value or 0)
    except ValueError:
        return 0.0
    return snap(number) if number == number else 0.0  # NaN -> 0


def from_query(qp: Any) -> UiState:
    """Parse (and validate) a query-params mapping; anything malformed falls back to its default."""
    def one(name: str) -> str | None:
        values = qp.get_all(name)
        return values[-1] if values else None

    s = UiState()
    view = one("view")
    s.view = "interview" if view == "interview" else "search"
    s.q = (one("q") or "")[:1000]
    mode = one("mode")
    s.mode = cast(Mode, mode) if mode in MODES else "hybrid"
    by = one("by")
    s.by = cast(By, by) if by in BYS else "participant"
    limit = _int(one("limit"), 1, 100)
    s.limit = limit if limit is not None else 20
    s.cohort = [c for c in dict.fromkeys(qp.get_all("cohort")) if c in COHORTS]
    s.group = [g for g in dict.fromkeys(qp.get_all("group")) if re.fullmatch(r"\d\d", g)]
    s.style = [x for x in dict.fromkeys(qp.get_all("style")) if x in STYLES]
    s.occ = (one("occ") or "")[:200]
    s.min_match = _float(one("min"))
    s.ex = [t for t in dict.fromkeys(qp.get_all("ex")) if ID_RE.match(t)][:MAX_EXCLUDED]
    tab = one("tab")
    s.tab = cast(Tab, tab) if tab in TABS else "results"
    cf = one("cf")
    s.cf = cast(CompareField, cf) if cf in FIELDS else "cohort"
    s.cv = [v[:200] for v in dict.fromkeys(qp.get_all("cv")) if v.strip()][:MAX_COMPARED]
    tid = one("tid") or ""
    s.tid = tid if ID_RE.match(tid) else ""
    s.turn = _int(one("turn"), 0, 100_000)
    s.qs = _int(one("qs"), 0, 10**9)
    s.qe = _int(one("qe"), 0, 10**9)
    if s.view == "interview" and not s.tid:
        s.view = "search"
    return s


def get() -> UiState:
    """The session's state, read from the URL on the session's first run."""
    if STATE_KEY not in st.session_state:
        st.session_state[STATE_KEY] = from_query(st.query_params)
    return cast(UiState, st.session_state[STATE_KEY])


def sync_url() -> None:
    """Mirror the state into the URL (only when it changed, to avoid needless browser updates)."""
    wanted = get().to_query()
    current = {k: (st.query_params.get_all(k) if isinstance(v, list) else st.query_params.get(k))
               for k, v in wanted.items()}
    if current != wanted or set(st.query_params.keys()) != set(wanted):
        st.query_params.from_dict(wanted)


def open_interview(tid: str, turn: int | None = None, qs: int | None = None, qe: int | None = None) -> None:
    """Callback for "open interview" buttons: switch view, remembering the search underneath."""
    s = get()
    s.view, s.tid, s.turn, s.qs, s.qe = "interview", tid, turn, qs, qe


def back_to_search() -> None:
    s = get()
    s.view, s.tid, s.turn, s.qs, s.qe = "search", "", None, None, None


def bound(name: str) -> str:
    """Widget key for state field `name`, seeded from the state if the widget has none yet.

    Streamlit drops a widget's session value when the widget is not drawn in a run (e.g. while
    the interview view is shown), so the canonical copy lives in UiState and reseeds the widget.
    """
    key = f"w_{name}"
    if key not in st.session_state:
        value = getattr(get(), name)
        st.session_state[key] = list(value) if isinstance(value, list) else value
    return key


def store(name: str, value: Any) -> None:
    setattr(get(), name, list(value) if isinstance(value, list | tuple) else value)


def exclude(tid: str) -> None:
    """Callback for "Not a match — exclude": leave this participant out of every count and export."""
    s = get()
    if ID_RE.match(tid) and tid not in s.ex and len(s.ex) < MAX_EXCLUDED:
        s.ex = [*s.ex, tid]


def restore(tid: str | None = None) -> None:
    """Put an excluded participant (or, with None, all of them) back."""
    s = get()
    s.ex = [] if tid is None else [t for t in s.ex if t != tid]
