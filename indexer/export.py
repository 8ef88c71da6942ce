"""Render search results for papers: CSV rows, Markdown blockquotes with citations, BibTeX, text."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import Any

from indexer.search import SearchResults

CSV_COLUMNS = (
    "transcript_id", "turn", "start", "end", "quote", "question", "occupation", "occupation_group",
    "interaction_style", "cohort", "score",
)
DATASET_KEY = "handa2025interviewer"
DATASET_BIBTEX = """@misc{handa2025interviewer,
  author       = {Handa, Kunal and others},
  title        = {Introducing Anthropic Interviewer: What 1,250 professionals told us about working with AI},
  year         = {2025},
  publisher    = {Anthropic},
  howpublished = {Dataset: Anthropic/AnthropicInterviewer},
  note         = {Data licensed CC-BY}
}"""


def citation(transcript_id: str, turn: int) -> str:
    return f"({transcript_id}, turn {turn})"


def rows(results: SearchResults) -> Iterator[dict[str, Any]]:
    """One flat row per quote, in result order."""
    for hit in results.results:
        p = hit.participant
        for q in hit.quotes:
            yield {
                "transcript_id": hit.transcript_id, "turn": q.turn, "start": q.start, "end": q.end,
                "quote": q.text, "question": q.question, "occupation": p.occupation.value,
                "occupation_group": p.occupation_group.value,
                "interaction_style": p.interaction_style.value, "cohort": p.cohort,
                "score": round(q.score, 6),
            }


def to_csv(results: SearchResults) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows(results))
    return buffer.getvalue()


def to_markdown(results: SearchResults) -> str:
    """Each quote as a `> ` blockquote, then its citation line."""
    out = [f"# Quotes for “{results.query}”", "",
           f"{results.total} matching participants ({results.mode.value} search). "
           f"Source: Anthropic Interviewer dataset (Handa et al., 2025), CC-BY.", ""]
    for row in rows(results):
        for line in row["quote"].splitlines() or [""]:
            out.append(f"> {line}" if line else ">")
        out.append("")
        out.append(f"— {row['transcript_id']}, turn {row['turn']}, chars {row['start']}–{row['end']}; "
                   f"{row['occupation']} ({row['occupation_group']}), {row['cohort']}. "
                   f"Asked: “{row['question']}”")
        out.append("")
    return "\n".join(out)


def to_bibtex(results: SearchResults) -> str:
    """The dataset entry, then one @misc note per quote keyed by transcript id and turn."""
    out = [DATASET_BIBTEX, ""]
    for row in rows(results):
        key = f"{row['transcript_id']}_turn{row['turn']}"
        quote = row["quote"].replace("{", "\\{").replace("}", "\\}")
        out.append(
            f"@misc{{{key},\n  title = {{Interview {row['transcript_id']}, turn {row['turn']}}},\n"
            f"  crossref = {{{DATASET_KEY}}},\n"
            f"  note = {{“{quote}” ({row['occupation']}, {row['cohort']}; chars {row['start']}--{row['end']})}}\n}}"
        )
        out.append("")
    return "\n".join(out)


def to_text(results: SearchResults) -> str:
    out = [f"{results.total} matching ({results.mode.value}, {results.took_ms:.0f} ms)"]
    if results.notice:
        out.append(f"note: {results.notice}")
    for rank, hit in enumerate(results.results, start=1):
        p = hit.participant
        out.append(f"\n{rank}. {hit.transcript_id}  {p.occupation.value} · {p.occupation_group.value}"
                   f" · {p.interaction_style.value} · {p.cohort}  [{hit.score:.3f}]")
        for q in hit.quotes:
            out.append(f"   Q: {q.question[:160]}")
            out.append(f"   “{q.text[:400]}{'…' if len(q.text) > 400 else ''}” {citation(hit.transcript_id, q.turn)}")
    return "\n".join(out)
