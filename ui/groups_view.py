"""Group views under a search: who matches per group (with links to each person) and Compare side by side."""

from __future__ import annotations

import streamlit as st

from ui import data, state
from ui.client import ApiClient, CompareField, CompareGroup, FacetsResponse, FacetValue, Hit
from ui.render import esc, highlighted, joined, match_html, md_escape, meta_line, show, weak_confidence

TAB_LABELS: dict[state.Tab, str] = {"results": "Results", "who": "Who matches", "compare": "Compare"}
TAB_CODES: dict[str, state.Tab] = {label: code for code, label in TAB_LABELS.items()}
TAB_KEY = "w_tab"
FIELD_LABELS: dict[CompareField, str] = {"cohort": "Cohort", "occupation_group": "Occupation group",
                                         "interaction_style": "Interaction style"}
# compare field -> the UiState filter it corresponds to
FILTER_OF: dict[CompareField, str] = {"cohort": "cohort", "occupation_group": "group",
                                      "interaction_style": "style"}
DEFAULT_GROUPS = 3
PER_ROW = 3


def bound_tab() -> str:
    """Key of the tabs widget, seeded from (or, once drawn, copied into) the state."""
    s = state.get()
    if TAB_KEY in st.session_state and st.session_state[TAB_KEY] in TAB_CODES:
        s.tab = TAB_CODES[st.session_state[TAB_KEY]]
    else:
        st.session_state[TAB_KEY] = TAB_LABELS[s.tab]
    return TAB_KEY


def pull_tab() -> None:
    label = st.session_state.get(TAB_KEY)
    if label in TAB_CODES:
        state.get().tab = TAB_CODES[label]


def switch_tab(tab: state.Tab) -> None:
    state.get().tab = tab
    st.session_state[TAB_KEY] = TAB_LABELS[tab]


def filter_to(field: CompareField, value: str) -> None:
    """Callback: filter the search to one group and show its participants in Results."""
    name = FILTER_OF[field]
    code = value.split(" ", 1)[0] if field == "occupation_group" else value
    state.store(name, [code])
    st.session_state[f"w_{name}"] = [code]
    switch_tab("results")


def reset_groups() -> None:
    """Callback for the field picker: a new field means new groups (the top ones by default)."""
    state.get().cv = []
    st.session_state.pop("w_cv", None)


def field_picker(label: str) -> CompareField:
    st.selectbox(label, state.FIELDS, key=state.bound("cf"), format_func=lambda f: FIELD_LABELS[f],
                 on_change=reset_groups)
    field = st.session_state["w_cf"]
    return field if field in state.FIELDS else "cohort"


def group_of(hit: Hit, field: CompareField) -> str:
    return str(hit.get(field) or "")


def weak_membership(hit: Hit, field: str) -> str | None:
    """"in this group on weak evidence (0.36)" when the label that put the participant in the group
    was derived with low confidence; None otherwise (cohorts are given, not derived)."""
    confidence = weak_confidence(dict((hit.get("labels") or {}).get(field) or {}))
    return None if confidence is None else f"in this group on weak evidence ({confidence:.2f})"


def person_line(hit: Hit, key: str, mode: str, field: str = "") -> None:
    """One participant: id, occupation, match, and a button to their best quote in the interview."""
    row = st.container(horizontal=True, gap="small", vertical_alignment="center")
    with row:
        match = hit.get("match")
        show(joined(meta_line([hit["transcript_id"], hit.get("occupation") or "occupation unknown",
                               weak_membership(hit, field)]),
                    match_html(match, mode) if isinstance(match, int | float) else ""), "")
    quotes = hit.get("quotes") or []
    if quotes:
        q = quotes[0]
        row.button("Open", key=key, icon=":material/open_in_new:", on_click=state.open_interview,
                   args=(hit["transcript_id"], int(q["turn"]), int(q["start"]), int(q["end"])),
                   help="open the interview at this participant's best quote")


def who_matches(everything: FacetsResponse, hits: list[Hit], s: state.UiState) -> None:
    """Every group with matches, listing the participants from the results with a link to each."""
    st.subheader("Participants per group")
    # Its own field, not Compare's: changing one tab's field reset the other's groups (and its link).
    # A link's field (cf) seeds it once.
    st.session_state.setdefault("w_who_field", s.cf)
    st.selectbox("List participants by", state.FIELDS, key="w_who_field", format_func=lambda f: FIELD_LABELS[f])
    field: CompareField = st.session_state["w_who_field"]
    values: list[FacetValue] = [v for v in everything["facets"].get(field, []) if v["count"] > 0]
    if not values:
        st.caption("Nobody matches.")
        return
    for g, v in enumerate(values):
        # One line per participant, counted ones only: by quote, the hits repeat people, and a
        # filtered list goes on past the match set (those are not in the count above).
        first: dict[str, Hit] = {}
        for h in hits:
            if h.get("counted", True) and group_of(h, field) == v["value"]:
                first.setdefault(h["transcript_id"], h)  # the best: hits come ranked
        members = list(first.values())
        title = f"{v['value']} — {v['count']} of {v['size']} ({v['share'] * 100:.1f}%)"
        with st.expander(md_escape(title), key=f"who-{field}-{g}"):
            for i, hit in enumerate(members):
                person_line(hit, f"who-open-{g}-{i}-{hit['transcript_id']}", s.mode, field)
            missing = v["count"] - len(members)
            if missing > 0:
                st.caption(f"{missing} more not in the current results list: filter to this group, or export "
                           f"the search for all of them (\"How many\" lists at most 100).")
            st.button("Show this group in Results", key=f"who-filter-{field}-{g}", icon=":material/filter_alt:",
                      on_click=filter_to, args=(field, v["value"]))


def default_groups(options: list[FacetValue]) -> list[str]:
    """The groups with the most matches (at least two, if the field has two)."""
    ranked = sorted(options, key=lambda v: (-v["count"], v["value"]))
    top = [v["value"] for v in ranked if v["count"] > 0][:DEFAULT_GROUPS]
    return top if len(top) >= 2 else [v["value"] for v in ranked[:2]]


def group_card(g: int, group: CompareGroup, mode: str, field: str = "") -> None:
    with st.container(border=True):
        show(f'<span class="ia-head"><b>{esc(group["value"])}</b></span>', "")
        left, right = st.columns(2)
        # "participants match" was cut off in a third-width card; the help says it in full.
        left.metric("matching", f"{int(group['count']):,}", help="participants in this group who match")
        right.metric("share of group", f"{float(group['share']) * 100:.1f}%",
                     help=f"{group['count']} of the group's {group['size']} participants (those the filters keep)")
        st.caption(f"{int(group['count']):,} of {int(group['size']):,} participants")
        if not group["results"]:
            st.caption("No quotes: nobody in this group matches." if not group["count"]
                       else "No quote to show for this group's matches.")
        for i, hit in enumerate(group["results"]):
            for q in (hit.get("quotes") or [])[:1]:
                show(joined(meta_line([hit["transcript_id"], hit.get("occupation") or "occupation unknown",
                                       f"turn {int(q['turn'])}", weak_membership(hit, field)]),
                            match_html(q["match"], mode) if "match" in q else ""), "ia-meta")
                show(highlighted(q["text"], q.get("highlights") or []), "ia-answer")
                # The citation repeats the quote, so it waits in a popover (as in Results) rather than
                # printing every quote twice; the code box there gives the copy button.
                row = st.container(horizontal=True, gap="small")
                row.button("Open interview", key=f"cmp-open-{g}-{i}-{q['chunk_id']}", icon=":material/open_in_new:",
                           on_click=state.open_interview,
                           args=(hit["transcript_id"], int(q["turn"]), int(q["start"]), int(q["end"])))
                with row.popover("Copy citation", icon=":material/content_copy:"):
                    st.caption("Use the copy button at the top right of the box.")
                    st.code(q["citation"], language=None, wrap_lines=True)


def compare(api: ApiClient, s: state.UiState, everything: FacetsResponse) -> None:
    """Two or more groups side by side: how many match, what share of the group, their best quotes."""
    field = field_picker("Compare by")
    options = list(everything["facets"].get(field, []))
    names = [v["value"] for v in options]
    counts = {v["value"]: v["count"] for v in options}
    # Groups picked for the researcher follow the search; groups the researcher picked stay. The
    # automatic pick had stuck: a new search for nurses still compared Computer, Arts and Education.
    auto = st.session_state.get("cv_auto")
    if "w_cv" not in st.session_state or (
        auto is not None and auto[:2] != (s.q, field) and st.session_state["w_cv"] == list(auto[2])
    ):
        picked = list(s.cv) if "w_cv" not in st.session_state and s.cv else default_groups(options)
        st.session_state["w_cv"] = picked
        st.session_state["cv_auto"] = (s.q, field, tuple(picked))
    # Values from an old link that are no longer groups would make Streamlit (and the API) refuse.
    st.session_state["w_cv"] = [v for v in st.session_state["w_cv"] if v in names][:state.MAX_COMPARED]
    chosen: list[str] = st.multiselect(
        "Groups", names, key="w_cv", max_selections=state.MAX_COMPARED, placeholder="pick two or more",
        format_func=lambda v: f"{v} ({counts.get(v, 0)})")
    state.store("cv", chosen)
    if len(chosen) < 2:
        st.info("Pick two or more groups to compare.", icon=":material/compare_arrows:")
        return
    answer = data.compare(api, api.base_url, s.search_params(), field, tuple(chosen))
    st.caption(f"{int(answer.get('total', 0)):,} participants match in all · cut-off "
               f"{state.snap(s.min_match):.2f} · best quotes per group"
               # The shares below are only as good as what is counted: say it beside them.
               + (f" · counted: {md_escape(str(answer['counting']))}" if answer.get("counting") else ""))
    groups = answer["groups"]
    for row_start in range(0, len(groups), PER_ROW):
        cols = st.columns(min(PER_ROW, len(groups)))
        for offset, group in enumerate(groups[row_start:row_start + PER_ROW]):
            with cols[offset]:
                group_card(row_start + offset, group, str(answer.get("mode") or s.mode), field)
