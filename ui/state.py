"""UI state kept in st.query_params so any URL reopens the same view, query, filters and turn."""

from __future__ import annotations

import re
from collections.abc import Callable
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


_FIELD_VALUES: dict[str, tuple[str, ...]] = {"cohort": COHORTS, "interaction_style": STYLES}


def _known_value(field: str, value: str) -> bool:
    """A compare value the archive can have: a cohort, a style, or an "NN Title" SOC group."""
    if field == "occupation_group":
        return value[:2] in SOC_MAJOR_GROUPS and (len(value) == 2 or value[2:3] == " ")
    return value in _FIELD_VALUES.get(field, ())


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


# The SOC 2018 major groups (and 00, unknown): a fixed taxonomy, so a link's group=99 can be named
# as ignored here rather than filter to nothing.
SOC_MAJOR_GROUPS = frozenset({"00", "11", "13", "15", "17", "19", "21", "23", "25", "27", "29", "31", "33", "35",
                              "37", "39", "41", "43", "45", "47", "49", "51", "53", "55"})
# Every name to_query() can write; any other name in a link is reported as unknown.
PARAMS = frozenset({"view", "q", "mode", "by", "limit", "cohort", "group", "style", "occ", "min", "ex", "tab",
                    "cf", "cv", "tid", "turn", "qs", "qe"})
IGNORED_KEY = "ia_ignored"
SHOWN_CHARS = 40  # a pasted paragraph in a bad parameter should not fill the warning


@dataclass(frozen=True)
class Ignored:
    """One URL parameter value that was not understood, and what would have been accepted."""

    name: str
    value: str
    allowed: str

    def describe(self) -> str:
        shown = self.value if len(self.value) <= SHOWN_CHARS else self.value[:SHOWN_CHARS - 1] + "…"
        return f"{self.name}={shown} ({self.allowed})"


def _choices(values: tuple[str, ...]) -> str:
    return "allowed: " + ", ".join(values)


def _int(value: str | None, lo: int, hi: int) -> int | None:
    if value is None or not value.strip().lstrip("-").isdigit():
        return None
    n = int(value)
    return n if lo <= n <= hi else None


def _float(value: str | None) -> float | None:
    """A cut-off in 0..1 on the slider's grid, or None if `value` is not one."""
    try:
        number = float(value or 0)
    except ValueError:
        return None
    return snap(number) if 0.0 <= number <= 1.0 else None  # NaN fails the range test too


def parse_query(qp: Any) -> tuple[UiState, list[Ignored]]:
    """Parse (and validate) a query-params mapping: malformed values fall back to their default and
    are listed, in the link's order, so the page can say what it ignored instead of dropping it."""
    ignored: list[Ignored] = []

    def one(name: str) -> str | None:
        values = qp.get_all(name)
        return values[-1] if values else None

    def pick(name: str, allowed: tuple[str, ...]) -> str | None:
        value = one(name)
        if value is None or value in allowed:
            return value
        ignored.append(Ignored(name, value, _choices(allowed)))
        return None

    def keep(name: str, ok: Callable[[str], bool], allowed: str) -> list[str]:
        values = list(dict.fromkeys(qp.get_all(name)))
        ignored.extend(Ignored(name, v, allowed) for v in values if not ok(v))
        return [v for v in values if ok(v)]

    def number(name: str, lo: int, hi: int) -> int | None:
        value = one(name)
        n = _int(value, lo, hi)
        if value is not None and n is None:
            ignored.append(Ignored(name, value, f"a whole number from {lo} to {hi}"))
        return n

    s = UiState()
    s.view = "interview" if pick("view", ("search", "interview")) == "interview" else "search"
    s.q = (one("q") or "")[:1000]
    s.mode = cast(Mode, pick("mode", MODES) or "hybrid")
    s.by = cast(By, pick("by", BYS) or "participant")
    limit = number("limit", 1, 100)
    s.limit = limit if limit is not None else 20
    s.cohort = keep("cohort", lambda c: c in COHORTS, _choices(COHORTS))
    s.group = keep("group", lambda g: g in SOC_MAJOR_GROUPS,
                   "an occupation group's 2-digit SOC 2018 code: " + ", ".join(sorted(SOC_MAJOR_GROUPS)))
    s.style = keep("style", lambda x: x in STYLES, _choices(STYLES))
    s.occ = (one("occ") or "")[:200]
    cut = one("min")
    s.min_match = _float(cut) or 0.0
    if cut is not None and _float(cut) is None:
        ignored.append(Ignored("min", cut, "a number from 0 to 1"))
    elif cut is not None and abs(float(cut) - s.min_match) > 1e-9:
        ignored.append(Ignored("min", cut, f"a step of 0.05 on the slider; read as {s.min_match:.2f}"))
    s.ex = keep("ex", lambda t: ID_RE.match(t) is not None, "a participant id such as work_0035")[:MAX_EXCLUDED]
    s.tab = cast(Tab, pick("tab", TABS) or "results")
    s.cf = cast(CompareField, pick("cf", FIELDS) or "cohort")
    s.cv = keep("cv", lambda v: bool(v.strip()) and _known_value(s.cf, v),
                f"a {s.cf.replace('_', ' ')} to compare: " + _choices(_FIELD_VALUES.get(s.cf, ())) if s.cf != "occupation_group"
                else "an occupation group as \"NN Title\", e.g. 25 Educational Instruction and Library")[:MAX_COMPARED]
    tid = one("tid")
    s.tid = tid if tid is not None and ID_RE.match(tid) else ""
    if tid is not None and not s.tid:
        ignored.append(Ignored("tid", tid, "an interview id such as work_0035"))
    s.turn = number("turn", 0, 100_000)
    s.qs = number("qs", 0, 10**9)
    s.qe = number("qe", 0, 10**9)
    if s.qs is not None and s.qe is not None and s.qe <= s.qs:
        ignored.append(Ignored("qe", str(s.qe), f"a quote end after its start ({s.qs}); the quote is not marked"))
        s.qs = s.qe = None
    if s.view == "interview" and not s.tid:
        s.view = "search"
        if tid is None:
            ignored.append(Ignored("view", "interview", "needs tid, the id of an interview"))
    keys = list(qp.keys())
    ignored += [Ignored(k, v, "not a setting of this page") for k in keys if k not in PARAMS for v in qp.get_all(k)]
    # The link's own order reads best; sorted() is stable, so repeated values keep theirs.
    return s, sorted(ignored, key=lambda i: keys.index(i.name) if i.name in keys else len(keys))


def from_query(qp: Any) -> UiState:
    """Parse (and validate) a query-params mapping; anything malformed falls back to its default."""
    return parse_query(qp)[0]


def ignored() -> list[Ignored]:
    """What the opening link asked for but could not be used, while the state is still the link's.

    The URL is rewritten on the first run, so this list is the only trace of those values; it
    stays on screen until the user changes something, after which it no longer describes the page.
    """
    found, snapshot = st.session_state.get(IGNORED_KEY, ([], None))
    return list(found) if found and get().to_query() == snapshot else []


def get() -> UiState:
    """The session's state, read from the URL on the session's first run."""
    if STATE_KEY not in st.session_state:
        s, found = parse_query(st.query_params)
        st.session_state[STATE_KEY] = s
        st.session_state[IGNORED_KEY] = (found, s.to_query())
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
