"""Interview view: the whole transcript by speaker turn, labels with evidence, the chosen turn marked."""

from __future__ import annotations

import streamlit as st

from ui import data, state
from ui.client import ApiClient, ApiError, Label, Participant, Turn
from ui.render import LOW_CONFIDENCE, esc, label_html, md_escape, meta_line, scroll_to, show, show_turn

LABEL_NAMES = {"occupation": "Occupation", "occupation_group": "Occupation group",
               "interaction_style": "Interaction style"}
SOURCES = {"derived": "derived from the transcript", "override": "set by hand (override)",
           "none": "no evidence found"}


def labels_panel(p: Participant) -> None:
    with st.expander("Labels and their evidence", icon=":material/label:"):
        for key, title in LABEL_NAMES.items():
            lb: Label | None = (p.get("labels") or {}).get(key)
            if lb is None:
                continue
            conf, turn = lb.get("confidence"), lb.get("turn")
            parts = [f"<b>{esc(title)}:</b> {esc(str(lb.get('value') or 'unknown'))}"]
            meta = [SOURCES.get(str(lb.get("source")), str(lb.get("source") or "")),
                    confidence_words(float(conf)) if conf is not None and lb.get("source") == "derived" else None,
                    f"turn {int(turn)}" if turn is not None else None]
            parts.append(f'<span class="ia-meta">{meta_line(meta)}</span>')
            show(" &#160; ".join(parts), "")
            if lb.get("evidence"):
                show("&#8220;" + esc(str(lb["evidence"])) + "&#8221;", "ia-evidence ia-answer")
            if lb.get("note"):
                show(esc("Note: " + str(lb["note"])), "ia-meta")


def confidence_words(conf: float) -> str:
    """A confidence with its scale: "0.41" alone did not say whether that is low."""
    return f"confidence {conf:.2f} of 1 ({'low: check the evidence' if conf < LOW_CONFIDENCE else 'fair' if conf < 0.8 else 'high'})"


def quote_spans(turn: Turn, s: state.UiState) -> list[list[int]]:
    """The selected quote's offsets relative to this turn, if it lies inside it."""
    if s.qs is None or s.qe is None or s.qe <= s.qs:
        return []
    start, end = max(s.qs, turn["start"]), min(s.qe, turn["end"])
    return [[start - turn["start"], end - turn["start"]]] if end > start else []


def render(api: ApiClient) -> None:
    s = state.get()
    st.button("Back to search", icon=":material/arrow_back:", on_click=state.back_to_search)
    try:
        doc = data.transcript(api, api.base_url, s.tid)
    except ApiError as exc:
        if exc.code != "transcript_not_found":
            raise
        # The API's own message points to its endpoints and CLI; a reader of this page needs neither.
        st.warning(md_escape(f"No interview {s.tid} in this archive: the link may be mistyped or from "
                             "another archive. Go back to search and open one from the results."),
                   icon=":material/search_off:")
        return
    p = doc.get("participant")
    show(f'<span style="font-size:1.8rem;font-weight:700">{esc(doc["transcript_id"])}</span>', "")
    if p:
        # The labels as on a result card: derived ones say so on hover, weak ones "(uncertain)" in the text.
        labels = p.get("labels") or {}
        derived = [label_html(str(p.get(k) or ""), dict(labels.get(k) or {})) for k in LABEL_NAMES]
        show(" &#183; ".join([d for d in derived if d] + [meta_line([
            p.get("cohort"), f"{p.get('n_answers', 0)} answers", f"{p.get('n_words', 0)} words",
            f"source {doc.get('source', '')}"])]), "ia-meta")
        labels_panel(p)
    if doc.get("repaired"):
        st.caption("This transcript's text was repaired (encoding fixes) when it was indexed.")

    turns = doc.get("turns") or []
    numbers = {t["number"] for t in turns}
    if s.turn is not None:
        if s.turn in numbers:
            marked = next(t for t in turns if t["number"] == s.turn)
            spans = quote_spans(marked, s)
            st.caption(f"Marked: turn {s.turn}. Its citation:")
            text = marked["text"]
            if spans:
                text = text[spans[0][0]:spans[0][1]]
            source = f"{doc['transcript_id']}, turn {s.turn}"
            if doc.get("attribution"):  # the dataset's attribution, as the API's citation field has it
                source += f"; {doc['attribution']}"
            st.code(f"“{text.strip()}” ({source})", language=None, wrap_lines=True)
            scroll_to(f"turn-{s.turn}")
        else:
            st.warning(md_escape(f"{doc['transcript_id']} has no turn {s.turn}; showing the whole interview."))

    st.divider()
    for turn in turns:
        selected = turn["number"] == s.turn
        show_turn(dict(turn), selected=selected, spans=quote_spans(turn, s) if selected else [], anchor=True)
