"""Render search results for papers: CSV rows, Markdown blockquotes with citations, BibTeX, text."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from indexer.citation import (
    AUTHORS_SHORT,
    DATASET_ID,
    DATASET_NAME,
    DATASET_TITLE,
    DATASET_URL,
    LICENCE,
    YEAR,
    cite,
    from_dataset,
)
from indexer.models import Label
from indexer.search import Filters, SearchResults

CSV_COLUMNS = (
    "transcript_id", "turn", "start", "end", "quote", "question",
    "occupation", "occupation_source", "occupation_group", "occupation_group_source",
    "interaction_style", "interaction_style_source",
    # Labels are derived from the interview: how sure each one is travels with the quote.
    "occupation_confidence", "occupation_group_confidence", "interaction_style_confidence",
    "cohort", "match", "counted", "score",
    "citation", "dataset", "licence",
    # The search that produced the file, on every row, so a row (or a pasted range) stands alone.
    "query", "mode", "filters", "showing", "build", "exported",
)
DATASET_KEY = "handa2025interviewer"
DATASET_BIBTEX = f"""@misc{{{DATASET_KEY},
  author       = {{Handa, Kunal and others}},
  title        = {{Introducing {{Anthropic Interviewer}}: What 1,250 professionals told us about working with {{AI}}}},
  year         = {{{YEAR}}},
  publisher    = {{Anthropic}},
  howpublished = {{Dataset: {DATASET_ID}}},
  url          = {{{DATASET_URL}}},
  note         = {{Data licensed {LICENCE}}}
}}"""
PARTICIPANT_LABELS = ("occupation", "occupation_group", "interaction_style")
PARTICIPANT_COLUMNS = (
    "transcript_id", "cohort",
    *(f"{name}{part}" for name in PARTICIPANT_LABELS
      for part in ("", "_source", "_confidence", "_evidence", "_note")),
    "n_answers", "n_words",
)


@dataclass(frozen=True)
class ExportInfo:
    """What an export records besides its rows: the filters searched with, the build, the day."""

    filters: Filters = field(default_factory=Filters)
    build: str = ""  # the index build id (data/builds/<id>), "" if unknown
    exported: str = field(default_factory=lambda: date.today().isoformat())


def describe_filters(filters: Filters) -> str:
    """Every filter in force, e.g. `cohort=workforce; occupation_group=25|29; min_match=0.40`; "none"."""
    parts = [f"{name}={'|'.join(values)}" for name, values in (
        ("cohort", filters.cohort), ("occupation_group", filters.occupation_group),
        ("occupation", (filters.occupation,) if filters.occupation else ()),
        ("interaction_style", filters.interaction_style), ("exclude", filters.exclude)) if values]
    if filters.min_match > 0:
        parts.append(f"min_match={filters.min_match:.2f}")
    return "; ".join(parts) or "none"


def showing(results: SearchResults) -> str:
    """`showing 20 of 435 matching participants` (or quotes), and how many more a filter read deeper."""
    unit = "participants" if results.by.value == "participant" else "quotes"
    counted = sum(1 for h in results.results if h.counted)
    text = f"showing {counted} of {results.total} matching {unit}"
    extra = len(results.results) - counted
    if extra:
        text += f", then {extra} more of the filtered group from outside the match set (not counted)"
    return text


# A derived label below this confidence is marked where it is pasted (Markdown, BibTeX), as the UI's "?".
LOW_CONFIDENCE = 0.5


def _marked(label: Label) -> str:
    """A label's value, marked when a researcher's override set it or when it was derived on weak evidence."""
    if label.source == "override":
        return f"{label.value} (override)"
    if label.source == "derived" and label.confidence < LOW_CONFIDENCE:
        return f"{label.value} (uncertain, {label.confidence:.2f})"
    return label.value


def rows(results: SearchResults, info: ExportInfo | None = None) -> Iterator[dict[str, Any]]:
    """One flat row per quote, in result order."""
    info = info or ExportInfo()
    settings = {"query": results.query, "mode": results.mode.value, "filters": describe_filters(info.filters),
                "showing": showing(results), "build": info.build, "exported": info.exported}
    for hit in results.results:
        p = hit.participant
        dataset = from_dataset(hit.transcript_id)
        for q in hit.quotes:
            yield {
                "transcript_id": hit.transcript_id, "turn": q.turn, "start": q.start, "end": q.end,
                "quote": q.text, "question": q.question,
                "occupation": p.occupation.value, "occupation_source": p.occupation.source,
                "occupation_group": p.occupation_group.value,
                "occupation_group_source": p.occupation_group.source,
                "interaction_style": p.interaction_style.value,
                "interaction_style_source": p.interaction_style.source,
                "occupation_confidence": f"{p.occupation.confidence:.2f}",
                "occupation_group_confidence": f"{p.occupation_group.confidence:.2f}",
                "interaction_style_confidence": f"{p.interaction_style.confidence:.2f}", "cohort": p.cohort,
                "match": f"{q.match:.2f}",  # as the UI shows it
                "counted": "yes" if hit.counted else "no",
                "score": round(q.score, 6), "citation": cite(hit.transcript_id, q.turn),
                "dataset": f"{DATASET_ID} ({DATASET_URL})" if dataset else "",
                "licence": LICENCE if dataset else "", **settings,
            }


def to_csv(results: SearchResults, info: ExportInfo | None = None) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows(results, info))
    return buffer.getvalue()


def to_markdown(results: SearchResults, info: ExportInfo | None = None) -> str:
    """A header recording the search, then each quote as a `> ` blockquote and its citation line."""
    info = info or ExportInfo()
    out = [f"# Quotes for “{results.query}”", "",
           f"{showing(results).capitalize()} (by {results.by.value}).", "",
           f"- Query: “{results.query}”",
           f"- Mode: {results.mode.value}" + (f" ({results.notice})" if results.notice else ""),
           f"- Filters: {describe_filters(info.filters)}",
           f"- Index build: {info.build or 'unknown'}",
           f"- Exported: {info.exported}"]
    if any(from_dataset(h.transcript_id) for h in results.results):
        out.append(f"- Source: {DATASET_NAME} ({AUTHORS_SHORT} {YEAR}, “{DATASET_TITLE}”), {DATASET_URL}, "
                   f"licensed {LICENCE}.")
    if results.counting:
        out.append(f"- Counted: {results.counting}.")
    out.append("")
    for i, hit in enumerate(results.results):
        p = hit.participant
        if not hit.counted and (i == 0 or results.results[i - 1].counted):
            out += ["---", "", "*Below: participants of the filtered group from outside the match set; "
                    "not in the counts.*", ""]
        for q in hit.quotes:
            for line in q.text.splitlines() or [""]:
                out.append(f"> {line}" if line else ">")
            out.append("")
            out.append(f"— {cite(hit.transcript_id, q.turn)}, chars {q.start}–{q.end}; "
                       f"{_marked(p.occupation)} · {_marked(p.occupation_group)} · "
                       f"{_marked(p.interaction_style)} · {p.cohort} · match {q.match:.2f}. "
                       f"Asked: “{q.question}”")
            out.append("")
    return "\n".join(out)


# One pass, so the backslash a replacement adds is never escaped again.
_LATEX = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "%": r"\%", "&": r"\&", "$": r"\$",
          "#": r"\#", "_": r"\_", "^": r"\textasciicircum{}", "~": r"\textasciitilde{}"}
_LATEX_RE = re.compile("|".join(re.escape(c) for c in _LATEX))


def latex_escape(text: str) -> str:
    """Text safe in a BibTeX field: LaTeX specials escaped, line breaks as spaces (a blank line is \\par)."""
    return _LATEX_RE.sub(lambda m: _LATEX[m.group()], " ".join(text.split()))


def bibtex_key(transcript_id: str, turn: int, start: int, used: set[str]) -> str:
    """`work_0879_turn15_1203`: the start offset keeps two quotes from one turn apart."""
    key = re.sub(r"[^A-Za-z0-9_.:-]", "-", f"{transcript_id}_turn{turn}_{start}")
    unique, n = key, 1
    while unique in used:  # the same quote twice in one export
        n += 1
        unique = f"{key}-{n}"
    used.add(unique)
    return unique


def to_bibtex(results: SearchResults, info: ExportInfo | None = None) -> str:
    """With info, an @comment recording the search; one @misc per quote, then the dataset entry
    (BibTeX wants a crossref target after its users)."""
    out: list[str] = []
    if info is not None:
        lines = [f"{showing(results).capitalize()} (by {results.by.value}).", f"Query: {results.query}",
                 f"Mode: {results.mode.value}", f"Filters: {describe_filters(info.filters)}",
                 f"Index build: {info.build or 'unknown'}", f"Exported: {info.exported}"]
        # Braces would end the comment early; nothing else in it is read by BibTeX.
        body = "\n  ".join(line.replace("{", "(").replace("}", ")") for line in lines)
        out += [f"@comment{{Quotes exported from the interview archive.\n  {body}\n}}", ""]
    used: set[str] = set()
    for hit in results.results:
        p = hit.participant
        for q in hit.quotes:
            key = bibtex_key(hit.transcript_id, q.turn, q.start, used)
            crossref = f"  crossref = {{{DATASET_KEY}}},\n" if from_dataset(hit.transcript_id) else ""
            note = (f"“{q.text}” ({_marked(p.occupation)}, {p.cohort}; "
                    f"chars {q.start}--{q.end})")
            out.append(
                f"@misc{{{key},\n"
                f"  title = {{Interview {latex_escape(hit.transcript_id)}, turn {q.turn}}},\n"
                f"{crossref}"
                f"  note = {{{latex_escape(note)}}}\n}}"
            )
            out.append("")
    if any(from_dataset(h.transcript_id) for h in results.results):
        out += [DATASET_BIBTEX, ""]
    return "\n".join(out)


def to_text(results: SearchResults) -> str:
    out = [f"{results.total} matching ({results.mode.value}, {results.took_ms:.0f} ms)"]
    if results.counting:
        out.append(f"counted: {results.counting}")
    if results.notice:
        out.append(f"note: {results.notice}")
    for rank, hit in enumerate(results.results, start=1):
        p = hit.participant
        if not hit.counted and (rank == 1 or results.results[rank - 2].counted):
            out.append("\n-- below: the filtered group beyond the match set (not counted) --")
        out.append(f"\n{rank}. {hit.transcript_id}  {p.occupation.value} · {p.occupation_group.value}"
                   f" · {p.interaction_style.value} · {p.cohort}  [{hit.score:.3f}]")
        for q in hit.quotes:
            out.append(f"   Q: {q.question[:160]}")
            out.append(f"   “{_window(q.text, q.highlights)}” {cite(hit.transcript_id, q.turn)}")
    return "\n".join(out)


def _window(text: str, highlights: tuple[tuple[int, int], ...], width: int = 400) -> str:
    """At most `width` characters of a quote, around its first matched word so the reader sees why
    it matched ("[…] simulations in C++ […]", not a cut before "C++"). "[…]" marks what is left out,
    as a scholarly quotation does, so no one copies an ellipsis the participant never said."""
    if len(text) <= width:
        return text
    first = highlights[0][0] if highlights else 0
    start = max(0, min(first - width // 3, len(text) - width))
    if start:
        start = text.find(" ", start) + 1 or start  # begin at a word
    end = start + width
    return f"{'[…] ' if start else ''}{text[start:end]}{' […]' if end < len(text) else ''}"


def participant_rows(records: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """Participants (ParticipantInfo.as_dict()) flattened: each label with source, confidence, evidence, note."""
    for r in records:
        row = {"transcript_id": r["transcript_id"], "cohort": r["cohort"],
               "n_answers": r["n_answers"], "n_words": r["n_words"]}
        for name in PARTICIPANT_LABELS:
            label = r["labels"][name]
            row.update({name: label["value"], f"{name}_source": label["source"],
                        f"{name}_confidence": label["confidence"], f"{name}_evidence": label["evidence"],
                        f"{name}_note": label["note"]})
        yield row


def participants_csv(records: Iterable[dict[str, Any]]) -> str:
    """The participants table that `archive participants --format csv` and GET /participants?format=csv share."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=PARTICIPANT_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(participant_rows(records))
    return buffer.getvalue()
