"""Pool participants for new judged queries: top-k of keyword, semantic and hybrid, as judging packets.

Usage: python benchmarks/pool.py benchmarks/eval/own/queries.jsonl OUT_DIR [--depth 12]
       [--hybrid '{"fusion": "dbsf"}' ...] [--unjudged-in benchmarks/eval/own]
The second form tops up an existing set: only hybrid runs with the given settings, only participants
not judged yet, so a variant's top-k can be judged before it is compared.
Writes OUT_DIR/<qid>.md: the query, its definition and, per pooled participant (in id order, so the
judge can't see which system ranked it where), the passages the systems would quote, each with the
interviewer's question it answers. Judges write rel 0/1/2 per participant (see benchmarks/eval/README.md).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from indexer.archive import Archive  # noqa: E402
from indexer.search import search  # noqa: E402
from indexer.settings import Settings  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("queries", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--depth", type=int, default=12)
    parser.add_argument("--hybrid", action="append", type=json.loads, default=[],
                        help="JSON settings overrides for a hybrid run (repeatable); replaces the three modes")
    parser.add_argument("--unjudged-in", type=Path, help="directory of qrels_*.jsonl: leave out judged pairs")
    args = parser.parse_args()
    runs = [(mode, Archive(Settings())) for mode in ("keyword", "semantic", "hybrid")] if not args.hybrid else \
        [("hybrid", Archive(Settings(**overrides))) for overrides in args.hybrid]
    judged: set[tuple[str, str]] = set()
    for path in sorted(args.unjudged_in.glob("qrels_*.jsonl")) if args.unjudged_in else []:
        for row in path.read_text(encoding="utf-8").splitlines():
            if row.strip():
                r = json.loads(row)
                judged.add((r["qid"], r["tid"]))
    archive = runs[0][1]
    args.out.mkdir(parents=True, exist_ok=True)
    for line in args.queries.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        q = json.loads(line)
        passages: dict[str, dict[str, tuple[int, str, str]]] = {}
        for mode, run in runs:
            for hit in search(run, q["query"], mode=mode, limit=args.depth).results:
                if (q["id"], hit.transcript_id) in judged:
                    continue
                for quote in hit.quotes:
                    passages.setdefault(hit.transcript_id, {})[quote.chunk_id] = (quote.turn, quote.question,
                                                                                 quote.text)
        lines = [f"# {q['id']}: {q['query']}", "", f"Definition: {q['definition']}", ""]
        for tid in sorted(passages):
            source = archive.transcript(tid)["source"]
            lines += [f"## {tid} (corpus/transcripts/{source})", ""]
            for turn, question, text in sorted(passages[tid].values())[:5]:
                lines += [f"- turn {turn}. Q: {question[-300:]!s}", f"  A: {text}", ""]
        (args.out / f"{q['id']}.md").write_text("\n".join(lines), encoding="utf-8")
        print(f"{q['id']}: {len(passages)} participants pooled")
    return 0


if __name__ == "__main__":
    sys.exit(main())
