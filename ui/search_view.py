"""Search view: query, filters with counts, status, results with highlights, context, export, chart."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import altair as alt
import pandas as pd
import streamlit as st

from ui import data, groups_view, state
from ui.client import (
    ApiClient,
    ApiError,
    ExportFormat,
    FacetsResponse,
    FacetValue,
    Health,
    Hit,
    Quote,
    SearchParams,
)
from ui.render import esc, highlighted, joined, label_html, match_html, md_escape, meta_line, show, show_turn

EXAMPLES = ("who worries about skill loss", "trust and verification of AI output",
            "AI in teaching and grading", "creative ownership")
# state field -> facet name in /facets, and a human label
FACETS = {"cohort": ("cohort", "Cohort"), "group": ("occupation_group", "Occupation group"),
          "style": ("interaction_style", "Interaction style")}
# Occupation group and style are derived from what participants say; say how far to trust them
# where they are used to filter (figures: docs/labels.md, blind check sets).
DERIVED_HELP = ("Derived from each participant's own words, not given by the dataset. On interviews "
                "hand-labelled blind, about {share} agree with a human labeller. Each label's evidence is on the "
                "interview page; correct labels in data/overrides.csv.")
FACET_HELP = {"group": DERIVED_HELP.format(share="2 in 3 groups"),
              "style": DERIVED_HELP.format(share="7 in 10 styles")}
OCCUPATION_HELP = ("Text that begins a word of the derived occupation (\"nurse\" finds nurses, \"art\" finds "
                   "artists, not particle physicists). The occupation comes from the participant's own words (the dataset "
                   "gives none); its evidence is on the interview page, and data/overrides.csv corrects it.")
EXPORTS: tuple[tuple[ExportFormat, str, str, str], ...] = (
    ("csv", "CSV", "quotes.csv", "text/csv"),
    ("markdown", "Markdown", "quotes.md", "text/markdown"),
    ("bibtex", "BibTeX", "quotes.bib", "application/x-bibtex"),
)


def option_value(facet: str, value: str) -> str:
    # Occupation groups are filtered by their 2-digit SOC code ("25 Educational ..." -> "25").
    return value.split(" ", 1)[0] if facet == "occupation_group" else value


def without(params: SearchParams, facet: str) -> SearchParams:
    """The same search with one facet's filter dropped."""
    if facet == "cohort":
        return replace(params, cohort=())
    if facet == "occupation_group":
        return replace(params, occupation_group=())
    return replace(params, interaction_style=())


def facet_views(api: ApiClient, s: state.UiState) -> tuple[FacetsResponse, dict[str, list[FacetValue]]]:
    """Facets under all filters (chart, totals) and, per facet, counts ignoring that facet's own
    selection, so the options of a multiselect keep meaningful counts after picking one."""
    base = s.search_params()
    everything = data.facets(api, api.base_url, base)
    per: dict[str, list[FacetValue]] = {}
    for name, (facet, _) in FACETS.items():
        if getattr(s, name):
            per[name] = data.facets(api, api.base_url, without(base, facet))["facets"][facet]
        else:
            per[name] = everything["facets"][facet]
    return everything, per


def counted(names: dict[str, str], counts: dict[str, int]) -> Callable[[str], str]:
    """Option label "25 Educational Instruction and Library (52)" for a multiselect."""
    def label(value: str) -> str:
        return f"{names.get(value, value)} ({counts.get(value, 0)})"
    return label


def sidebar(api: ApiClient, s: state.UiState, per: dict[str, list[FacetValue]], health: Health) -> None:
    with st.sidebar:
        st.header("Filters")
        for name, (facet, label) in FACETS.items():
            values = per.get(name, [])
            names = {option_value(facet, v["value"]): v["value"] for v in values}
            counts = {option_value(facet, v["value"]): v["count"] for v in values}
            options = list(names) + [x for x in getattr(s, name) if x not in names]
            key = state.bound(name)
            # A value in the URL that is no longer an option would make Streamlit raise.
            st.session_state[key] = [x for x in st.session_state[key] if x in options]
            st.multiselect(label, options, key=key, placeholder="any", format_func=counted(names, counts),
                           help=FACET_HELP.get(name))
        st.text_input("Occupation contains", key=state.bound("occ"), placeholder="e.g. nurse",
                      max_chars=200, help=OCCUPATION_HELP)
        excluded(s)
        st.header("Results")
        st.radio("Group results", state.BYS, key=state.bound("by"), horizontal=True,
                 format_func=lambda b: "by participant" if b == "participant" else "by quote")
        # A URL may ask for any limit 1..100; keep it selectable rather than raising.
        st.select_slider("How many", sorted({*state.LIMITS, s.limit}), key=state.bound("limit"))
        st.divider()
        st.caption(f"API {md_escape(api.base_url)} · build {md_escape(str(health.get('build', '?')))} · "
                   f"{int(health.get('participants', 0))} participants")
        if st.button("Refresh data", help="forget cached answers and ask the API again"):
            data.clear()


def excluded(s: state.UiState) -> None:
    """The participants a researcher removed ("not a match"), each with a way back."""
    if not s.ex:
        return
    st.header("Excluded")
    st.caption("Left out of results, counts, charts, comparisons and exports.")
    for tid in s.ex:
        row = st.container(horizontal=True, gap="small", vertical_alignment="center")
        row.markdown(f"`{tid}`" if state.ID_RE.match(tid) else md_escape(tid))  # ids are [A-Za-z0-9_.-]
        row.button("Restore", key=f"restore-{tid}", icon=":material/undo:", on_click=state.restore,
                   args=(tid,), help=f"count {tid} again")
    if len(s.ex) > 1:
        st.button("Restore all", key="restore-all", on_click=state.restore, args=(None,))


def status(s: state.UiState, total_participants: int, health: Health, results: dict[str, object] | None) -> None:
    sem = health.get("semantic") or {"embedded": 0, "total": 0, "ready": False}
    if results is not None and str(results.get("mode", s.mode)) != "keyword" and not s.min_match:
        # By meaning, everyone is some distance away: with no cut-off the count is of the nearest
        # passages' speakers, not of people who say it (the caption below says how it is counted).
        noun = "participants match (no cut-off: the nearest passages)"
    elif results is not None:
        noun = f"participants match (cut-off {state.snap(s.min_match):.2f})"
    else:
        noun = "participants (type a query to search)"
    parts = [f"**{total_participants:,}** {noun}"]
    if s.ex:
        parts.append(f"{len(s.ex)} excluded")
    if results is not None:
        if s.by == "quote":
            parts.append(f"{int(str(results.get('total', 0))):,} matching passages")
        parts.append(f"mode {md_escape(str(results.get('mode', s.mode)))}")
        parts.append(f"{float(str(results.get('took_ms', 0))):.0f} ms")
    st.markdown(" · ".join(parts))
    if results is not None and results.get("counting"):
        st.caption(f"Counted: {md_escape(str(results['counting']))}.")
    if not sem.get("ready"):
        done, total = int(sem.get("embedded", 0)), int(sem.get("total", 0))
        frac = done / total if total else 0.0
        st.progress(frac, text=f"Semantic index: {done:,} / {total:,} passages embedded ({frac:.0%}); "
                               "semantic and hybrid results are partial until it is complete")


SMALL_GROUP = 10


def facet_chart(values: list[FacetValue], title: str, with_shares: bool = True) -> None:
    df = pd.DataFrame(values, columns=["value", "count", "size", "share"])
    if df.empty:
        st.caption("no data")
        return
    df["share_pct"] = df["share"] * 100
    df["label"] = df.apply(lambda r: f"{int(r['count'])} of {int(r['size'])}", axis=1)
    height = alt.Step(22)  # one band per value, so short lists don't collapse into one row
    y = alt.Y("value:N", sort="-x", title=None, axis=alt.Axis(labelLimit=260))
    tooltip = ["value", "count", "size", alt.Tooltip("share_pct:Q", format=".1f", title="share %")]
    counts = alt.Chart(df, title=f"{title}: matching participants").mark_bar(color="#60a5fa").encode(
        x=alt.X("count:Q", title="participants"), y=y, tooltip=tooltip).properties(height=height)
    # A share of a tiny group (1 of 1 = 100%) says little: such bars are faded and every bar says "n of m".
    df["small"] = df["size"] < SMALL_GROUP
    share_y = alt.Y("value:N", sort=alt.EncodingSortField("count", order="descending"), title=None,
                    axis=alt.Axis(labelLimit=260))
    share_base = alt.Chart(df, title=f"{title}: share of the group").encode(
        # Room past 100 for the "n of m" text of a full bar (it spilled out of the chart).
        x=alt.X("share_pct:Q", title="% of group", scale=alt.Scale(domain=[0, 125]),
                axis=alt.Axis(values=[0, 25, 50, 75, 100])), y=share_y, tooltip=tooltip)
    share_chart = alt.layer(
        share_base.mark_bar(color="#f59e0b").encode(
            opacity=alt.condition("datum.small", alt.value(0.35), alt.value(1.0))),
        share_base.mark_text(align="left", dx=3, fontSize=11, color="#374151").encode(text="label:N"),
    ).properties(height=height)
    if not with_shares:  # with no query every share is 100%: only the counts say anything
        st.altair_chart(counts.properties(title=f"{title}: participants"), width="stretch")
        return
    if df["value"].str.len().max() > 30:
        # Long names (SOC groups) beside each other left each bar ~160 px: one chart above the other.
        left = right = st.container()
    else:
        left, right = st.columns(2)
    left.altair_chart(counts, width="stretch")
    right.altair_chart(share_chart, width="stretch")
    if df["small"].any():
        right.caption(f"Faded: groups of fewer than {SMALL_GROUP} participants, where a share says little.")


OPEN_CONTEXTS = "open_contexts"


def remember_context(key: str) -> None:
    """Callback: note whether this quote's context expander is now open."""
    opened: set[str] = st.session_state.setdefault(OPEN_CONTEXTS, set())
    (opened.add if st.session_state.get(key) else opened.discard)(key)


def quote_block(api: ApiClient, hit: Hit, q: Quote) -> None:
    tid = hit["transcript_id"]
    if q.get("question"):
        qturn = q.get("question_turn")
        label = f"Interviewer (turn {int(qturn)}): " if qturn is not None else "Interviewer: "
        show(esc(label) + esc(str(q["question"])), "ia-question")
    turn_label = esc(f"Turn {int(q['turn'])}")
    show(f"<b>{turn_label}</b>&#160;&#160;" + highlighted(q["text"], q.get("highlights") or []), "ia-answer")
    row = st.container(horizontal=True, gap="small")
    row.button("Open interview", key=f"open-{q['chunk_id']}", icon=":material/open_in_new:",
                on_click=state.open_interview, args=(tid, int(q["turn"]), int(q["start"]), int(q["end"])))
    with row.popover("Copy citation", icon=":material/content_copy:"):
        st.caption("Use the copy button at the top right of the box.")
        st.code(q["citation"], language=None, wrap_lines=True)
    # Open contexts are remembered outside the widget: a widget not drawn on a run (the Results tab
    # while Compare is shown) loses its state, and every context had closed after a tab round trip.
    key = f"ctx-{q['chunk_id']}"
    ctx = st.expander("context", expanded=key in st.session_state.get(OPEN_CONTEXTS, set()), key=key,
                      on_change=remember_context, args=(key,))
    if ctx.open:
        with ctx:
            try:
                neighbours = data.context(api, api.base_url, tid, int(q["turn"]), 2)
            except ApiError as exc:
                st.error(md_escape(exc.message))
                return
            for turn in neighbours["turns"]:
                selected = turn["number"] == q["turn"]
                spans = [[q["start"] - turn["start"], q["end"] - turn["start"]]] if selected else []
                show_turn(dict(turn), selected=selected, spans=spans)


def results_list(api: ApiClient, hits: list[Hit], mode: str) -> None:
    if not hits:
        s = state.get()
        # Only the ways out that exist: no "lower cut-off" at 0, no "semantic mode" when already in it.
        tips = ["other words"] + (["the semantic mode"] if mode == "keyword" else []) \
            + (["a lower cut-off"] if s.min_match > 0 else []) \
            + (["fewer filters"] if (s.cohort or s.group or s.style or s.occ.strip()) else [])
        st.info("No passages match. Try " + (", ".join(tips[:-1]) + " or " + tips[-1] if len(tips) > 1 else tips[0])
                + ".")
        return
    for i, hit in enumerate(hits):
        tid = hit["transcript_id"]
        if not hit.get("counted", True) and (i == 0 or hits[i - 1].get("counted", True)):
            # Once per list: the counts cover the archive-wide match set; a filter reads deeper.
            st.caption("Below: further participants of this group, ranked by the same search but outside "
                       "the archive-wide match set, so not in the counts, charts or comparisons.")
        with st.container(border=True):
            head, action = st.columns([5, 2], vertical_alignment="top")
            with head:
                labels = hit.get("labels") or {}
                occupation = label_html(hit.get("occupation"), dict(labels.get("occupation") or {}))
                show(f'<span class="ia-head"><b>{esc(tid)}</b> &#183; {occupation or "occupation unknown"}</span>', "")
                meta = " &#183; ".join(part for part in (
                    label_html(hit.get("occupation_group"), dict(labels.get("occupation_group") or {})),
                    label_html(hit.get("interaction_style"), dict(labels.get("interaction_style") or {})),
                    meta_line([hit.get("cohort")])) if part)
                show(joined(meta, match_html(hit["match"], mode) if "match" in hit else ""), "ia-meta")
            action.button("Not a match — exclude", key=f"exclude-{i}-{tid}", icon=":material/person_remove:",
                          on_click=state.exclude, args=(tid,), width="stretch",
                          help="leave this participant out of the counts, charts, comparisons and exports")
            for q in hit["quotes"]:
                quote_block(api, hit, q)


def _show_more(limit: int) -> None:
    st.session_state[state.bound("limit")] = limit
    state.get().limit = limit


def more_line(s: state.UiState, results: dict[str, object]) -> None:
    """Say how much of the match set the list shows, and offer the next step: the list had simply
    stopped at 20 of 433, and nothing said there was more."""
    total = int(str(results.get("total", 0)))
    shown = sum(1 for h in results.get("results") or [] if isinstance(h, dict) and h.get("counted", True))
    if not total or shown >= total:
        return
    unit = "passages" if s.by == "quote" else "participants"
    bigger = [n for n in state.LIMITS if n > s.limit]
    text = f"Showing the first {shown:,} of {total:,} matching {unit}."
    if bigger:
        left, right = st.columns([3, 1], vertical_alignment="center")
        left.caption(text + " The export holds all of them.")
        right.button(f"Show {bigger[0]}", key="show-more", icon=":material/expand_more:",
                     on_click=_show_more, args=(bigger[0],), width="stretch")
    else:
        st.caption(text + f" The list stops at {s.limit}; the export holds all of them.")


# The API's bound on one export (Settings.max_export).
MAX_EXPORT = 5000


def export_params(s: state.UiState, total: int) -> SearchParams | None:
    """What a download asks for: every match, not the page on screen (a researcher codes them all), and
    exactly the match set whatever "How many" shows, which would add a filtered group's uncounted rest."""
    return s.search_params(limit=min(total, MAX_EXPORT)) if total > 0 else None


def exports(api: ApiClient, s: state.UiState, total: int) -> None:
    params = export_params(s, total)
    if params is None:
        st.caption("Nothing to export: no participant matches.")
        return
    row = st.container(horizontal=True, gap="small")
    for fmt, label, filename, mime in EXPORTS:
        def fetch(f: ExportFormat = fmt) -> bytes:
            # Runs when clicked, in another thread: an error becomes the file's text, not a crash.
            try:
                return api.export(params, f)
            except ApiError as exc:
                return f"export failed: {exc.message}\n".encode()
        row.download_button(label, fetch, file_name=filename, mime=mime, key=f"export-{fmt}",
                            on_click="ignore", icon=":material/download:",
                            help=f"Download every match of this search (same query and filters, up to "
                                 f"{MAX_EXPORT:,}) as {label}. Participants listed below the \"further "
                                 f"participants\" line are outside the match set and are not exported; "
                                 f"a cut-off applies to each participant's best quote.")


def set_example(text: str) -> None:
    state.store("q", text)
    st.session_state["w_q"] = text


def render(api: ApiClient) -> None:
    s = state.get()
    health = api.health()
    everything, per = facet_views(api, s)
    sidebar(api, s, per, health)

    st.title("Interview archive")
    st.caption(f"{int(health.get('participants', 0)):,} interviews with professionals about how they use AI "
               "at work. Search by meaning or by words; every quote comes with a citation.")
    qcol, mcol, ccol = st.columns([5, 3, 2])
    qcol.text_input("Search", key=state.bound("q"), placeholder="e.g. who worries about skill loss?",
                    max_chars=1000)
    key = state.bound("min_match")
    st.session_state[key] = state.snap(st.session_state[key])
    ccol.slider("match at least", 0.0, 1.0, step=0.05, key=key, format="%.2f",
                help="cut-off: count a participant only if their best quote matches the query at least this "
                     "well (cosine similarity in semantic/hybrid mode, share of query words in keyword mode)")
    mcol.radio("Mode", state.MODES, key=state.bound("mode"), horizontal=True,
               help="hybrid = keyword and semantic ranks fused; keyword = exact words (AND, OR, "
                    "NOT, \"phrases\"); semantic = by meaning")

    if not s.q.strip():
        status(s, int(everything.get("total", 0)), health, None)
        st.write("Try:")
        row = st.container(horizontal=True, gap="small")
        for example in EXAMPLES:
            row.button(example, key=f"ex-{example}", on_click=set_example, args=(example,))
        st.subheader("Who is in the archive")
        facet_chart(everything["facets"]["occupation_group"], "Occupation group", with_shares=False)
        return

    results = data.search(api, api.base_url, s.search_params())
    status(s, int(everything.get("total", 0)), health, dict(results))
    if results.get("notice"):
        st.info(md_escape(str(results["notice"])), icon=":material/info:")
    suggestion = results.get("suggestion")
    if suggestion:
        st.button(f"Search for “{suggestion}”", key="did-you-mean", on_click=set_example, args=(suggestion,),
                  icon=":material/spellcheck:")
    exports(api, s, int(results.get("total", 0)))
    tab_results, tab_chart, tab_compare = st.tabs(list(groups_view.TAB_LABELS.values()),
                                                  key=groups_view.bound_tab(), on_change=groups_view.pull_tab)
    if tab_results.open:
        with tab_results:
            results_list(api, results["results"], str(results.get("mode") or s.mode))
            more_line(s, results)
    if tab_chart.open:
        with tab_chart:
            for facet, label in FACETS.values():
                facet_chart(everything["facets"][facet], label)
            groups_view.who_matches(everything, results["results"], s)
    if tab_compare.open:
        with tab_compare:
            groups_view.compare(api, s, everything)
