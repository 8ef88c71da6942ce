"""Safe rendering: transcript text becomes inert HTML (escaped, Markdown neutralised) before display."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence

import streamlit as st
import streamlit.components.v1 as components

# Static stylesheet: no API text ever goes in here.
CSS = """
<style>
.ia-text { white-space: pre-wrap; overflow-wrap: anywhere; line-height: 1.55; }
.ia-question { color: #6b7280; font-size: 0.9rem; margin: 0.35rem 0 0.15rem 0; }
.ia-answer { margin: 0 0 0.35rem 0; padding-left: 0.7rem; border-left: 3px solid #d1d5db; }
.ia-text mark { background: #fde68a; color: inherit; padding: 0 1px; border-radius: 2px; }
.ia-head { font-size: 1.05rem; }
.ia-meta { color: #6b7280; font-size: 0.88rem; }
.ia-turn { padding: 0.45rem 0.7rem; margin: 0.2rem 0; border-radius: 6px; scroll-margin-top: 5rem; }
.ia-interviewer { color: #4b5563; background: #f9fafb; }
.ia-participant { background: #ffffff; border-left: 3px solid #93c5fd; }
.ia-selected { background: #fffbeb; border-left: 4px solid #f59e0b; }
.ia-speaker { font-size: 0.78rem; font-weight: 600; letter-spacing: 0.03em; text-transform: uppercase;
              color: #6b7280; margin-bottom: 0.15rem; }
.ia-evidence { color: #374151; font-style: italic; }
.ia-match { cursor: help; text-decoration: underline dotted; text-underline-offset: 2px; }
</style>
"""


def inject_css() -> None:
    st.markdown(CSS, unsafe_allow_html=True)


def esc(text: str) -> str:
    """Escape text for an HTML block that Markdown must leave alone.

    Every ASCII character that is not a letter, digit or space becomes a numeric entity, so
    neither HTML (<, >, &, quotes) nor Markdown/Streamlit syntax ([, ], (, ), *, _, `, #, $, :,
    ~, |, autolinks like www. or a@b.c) can take effect; newlines become <br> so the whole block
    stays on one line and can never turn into an indented code block or end the HTML block.
    """
    out: list[str] = []
    for ch in text:
        if ch == "\n":
            out.append("<br>")
        elif ch == "\r":
            continue
        elif ch.isascii() and not (ch.isalnum() or ch == " "):
            out.append(f"&#{ord(ch)};")
        elif not ch.isprintable() and ch not in "\t":
            out.append(" ")  # stray control characters: show a gap, never pass them through
        else:
            out.append(ch)
    return "".join(out)


def md_escape(text: str) -> str:
    """Backslash-escape ASCII punctuation for Streamlit's Markdown widgets (st.error, st.info...).

    Backslashes do not stop GFM's bare-URL autolinks, so a zero-width space also splits "://",
    "www." and "@" (an error message may echo an id or query a user typed).
    """
    text = text.replace("://", ":\u200b//").replace("www.", "www\u200b.").replace("@", "\u200b@")
    return "".join("\\" + ch if ch.isascii() and not ch.isalnum() and not ch.isspace() else ch for ch in text)


def merge_spans(spans: Iterable[Sequence[int]], length: int) -> list[tuple[int, int]]:
    """Clamp offsets to the text and merge overlaps, so bad offsets can never cut an entity in two."""
    clean = sorted((max(0, int(s[0])), min(length, int(s[1]))) for s in spans if len(s) >= 2)
    merged: list[tuple[int, int]] = []
    for s, e in clean:
        if e <= s:
            continue
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], e))
        else:
            merged.append((s, e))
    return merged


def highlighted(text: str, spans: Iterable[Sequence[int]]) -> str:
    """Escaped text with <mark> around the spans (offsets into the raw, unescaped text)."""
    pieces: list[str] = []
    pos = 0
    for s, e in merge_spans(spans, len(text)):
        pieces.append(esc(text[pos:s]))
        pieces.append(f"<mark>{esc(text[s:e])}</mark>")
        pos = e
    pieces.append(esc(text[pos:]))
    return "".join(pieces)


def block(inner_html: str, classes: str, anchor: str | None = None) -> str:
    """One-line <div>; `inner_html` must already be escaped, classes/anchor are our own constants."""
    ident = f' id="{anchor}"' if anchor else ""
    return f'<div class="ia-text {classes}"{ident}>{inner_html}</div>'


def show(inner_html: str, classes: str, anchor: str | None = None) -> None:
    st.markdown(block(inner_html, classes, anchor), unsafe_allow_html=True)


# Below this a derived label is flagged on the result card, where it is read as a fact.
LOW_CONFIDENCE = 0.5


def weak_confidence(info: Mapping[str, object] | None) -> float | None:
    """The confidence of a label derived on weak evidence (below LOW_CONFIDENCE), else None."""
    confidence = (info or {}).get("confidence")
    if (info or {}).get("source") == "derived" and isinstance(confidence, int | float) and confidence < LOW_CONFIDENCE:
        return float(confidence)
    return None


def label_html(value: str | None, info: dict[str, object] | None) -> str:
    """A label for a result card, saying on hover that it was derived (and how surely) or set by hand;
    a low-confidence one says "(uncertain)" in the text itself: a bare "?" explained only on hover
    meant nothing on a touch screen (UI review)."""
    if not value:
        return ""
    info = info or {}
    source, confidence = str(info.get("source", "")), info.get("confidence")
    if source == "override":
        return f'<span title="set by hand in overrides.csv">{esc(value)} (override)</span>'
    if source != "derived" or not isinstance(confidence, int | float):
        return esc(value)
    low = weak_confidence(info) is not None
    tip = (f"derived from what the participant says, confidence {confidence:.2f}"
           + ("; low: check the evidence on the interview page" if low else ""))
    return f'<span title="{esc(tip)}">{esc(value)}{" (uncertain)" if low else ""}</span>'


def meta_line(parts: Iterable[str | int | None]) -> str:
    """Escaped "a · b · c" line from API values, skipping empty ones."""
    return " &#183; ".join(esc(str(p)) for p in parts if p not in (None, ""))


# What a match figure is, per search mode, and what the list is ordered by instead (it is not
# sorted by match, so without this a 0.53 above a 0.57 looks like a bug).
MATCH_MEANING = {"keyword": "the share of your search words the quote contains"}
MATCH_MEANING_DEFAULT = "how close the quote is to your search in meaning (cosine similarity)"
ORDER_BY = {"keyword": "keyword relevance (BM25)", "semantic": "overall relevance, meaning first",
            "hybrid": "combined relevance (keyword and meaning ranks fused)"}


def match_help(mode: str) -> str:
    return (f"Match, 0 to 1: {MATCH_MEANING.get(mode, MATCH_MEANING_DEFAULT)}; the \"match at least\" "
            f"cut-off uses it. Results are ordered by {ORDER_BY.get(mode, ORDER_BY['hybrid'])}, not by "
            "match, so a lower match can sit above a higher one.")


def match_html(value: object, mode: str) -> str:
    """ "match 0.53" with its explanation as a hover tooltip; "" if `value` is not a number."""
    try:
        number = float(str(value))
    except ValueError:
        return ""
    return f'<span class="ia-match" title="{esc(match_help(mode))}">match {number:.2f}</span>'


def joined(*parts_html: str) -> str:
    """Already-escaped pieces as one "a · b" line, skipping empty ones."""
    return " &#183; ".join(p for p in parts_html if p)


def turn_html(speaker: str, number: int, body_html: str) -> str:
    who = "Interviewer" if speaker == "interviewer" else "Participant"
    return f'<div class="ia-speaker">{esc(who)} &#183; turn {int(number)}</div>{body_html}'


def show_turn(turn: dict[str, object], *, selected: bool = False, spans: Sequence[Sequence[int]] = (),
              anchor: bool = False) -> None:
    """One interview turn; `spans` are offsets into the turn's text to mark (a selected quote)."""
    speaker = str(turn.get("speaker", ""))
    number = int(str(turn.get("number", 0)))
    text = str(turn.get("text", ""))
    body = highlighted(text, spans) if spans else esc(text)
    classes = "ia-turn " + ("ia-interviewer" if speaker == "interviewer" else "ia-participant")
    if selected:
        classes += " ia-selected"
    show(turn_html(speaker, number, body), classes,
         f"turn-{number}" if anchor else None)


def scroll_to(anchor_id: str) -> None:
    """Scroll the page to an element id once it exists (the id is built from an int by the caller).

    st.html does not run scripts here, so a zero-height component iframe (same origin) reaches
    into the parent page; the retry loop waits for Streamlit to draw the turns.
    """
    if not re.fullmatch(r"[a-z]+-\d+", anchor_id):
        return
    script = (
        "<script>(function(){let n=0;const go=()=>{const el=window.parent.document.getElementById("
        + json.dumps(anchor_id)
        + ");if(el){el.scrollIntoView({block:'center'});}else if(n++<60){setTimeout(go,150);}};"
        "setTimeout(go,400);})();</script>"
    )
    components.html(script, height=0)
