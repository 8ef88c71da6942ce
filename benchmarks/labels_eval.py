"""Measure indexer.labels on the corpus: coverage, accuracy against the dev hand labels, timing."""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from indexer import clean, parse, turns  # noqa: E402
from indexer.labels import derive  # noqa: E402
from indexer.models import Label, RawTranscript, Transcript  # noqa: E402

INTERVIEWER = ["Assistant", "AI", "Interviewer", "Q"]
PARTICIPANT = ["User", "Participant", "Respondent", "A"]


def default_corpus() -> Path:
    local = ROOT / "corpus" / "transcripts"
    return local if local.exists() else ROOT.parent / "shared" / "corpus" / "transcripts"


def load(corpus: Path) -> list[Transcript]:
    """Every Markdown transcript, through the same decode → parse → repair → split as the indexer."""
    out: list[Transcript] = []
    for path in sorted(corpus.glob("*.md")):
        text, _ = clean.decode(path.read_bytes(), path.name)
        for raw in parse.parse_document(path.name, text):
            fixed, repaired = clean.repair(raw.text)
            raw = RawTranscript(raw.transcript_id, fixed, raw.source, repaired)
            transcript, _ = turns.split_turns(raw, INTERVIEWER, PARTICIPANT)
            out.append(transcript)
    return out


def check_evidence(t: Transcript, label: Label) -> bool:
    """Evidence must be the verbatim text at its offsets, inside the named participant turn."""
    if not label.evidence:
        return label.start is None
    if label.start is None or label.end is None or t.text[label.start:label.end] != label.evidence:
        return False
    turn = next((u for u in t.turns if u.number == label.turn), None)
    return turn is not None and turn.speaker == "participant" and turn.start <= label.start <= label.end <= turn.end


def default_gold() -> list[Path]:
    """The dev hand labels and, when present, the check sets (docs/labels.md says how each was made)."""
    dev = ROOT / "benchmarks" / "eval" / "dev_participants.jsonl"
    shared = ROOT.parent / "shared" / "eval" / "dev_participants.jsonl"
    extra = [ROOT / "benchmarks" / "eval" / f"{name}_participants.jsonl"
             for name in ("extra", *(f"check{n}" for n in range(2, 14)))]
    return [shared if shared.exists() else dev] + [p for p in extra if p.exists()]


def score(gold_path: Path, labels: dict[str, dict[str, Label]], show_errors: bool) -> None:
    """Print SOC and style accuracy (and the style confusion) against one hand-label file."""
    gold = [json.loads(line) for line in gold_path.read_text(encoding="utf-8").splitlines() if line.strip()]
    gold = [g for g in gold if g["transcript_id"] in labels]
    soc_ok = 0
    style_n = style_ok = 0
    confusion: Counter[tuple[str, str]] = Counter()
    for g in gold:
        lab = labels[g["transcript_id"]]
        pred_code = lab["occupation_group"].value[:2]
        if pred_code == g["soc_major"][:2]:
            soc_ok += 1
        elif show_errors:
            print(f"  SOC  {g['transcript_id']}: gold {g['soc_major'][:2]} {g['occupation']!r}"
                  f" | pred {pred_code} {lab['occupation'].value!r}")
        gs, ps = g["interaction_style"], lab["interaction_style"].value
        confusion[(gs, ps)] += 1
        if gs != "unclear":
            style_n += 1
            style_ok += gs == ps
            if gs != ps and show_errors:
                print(f"  STYLE {g['transcript_id']}: gold {gs} | pred {ps}: {lab['interaction_style'].evidence[:100]!r}")
    print(f"gold participants: {len(gold)}  ({gold_path.name})")
    print(f"SOC major-group accuracy: {soc_ok}/{len(gold)} = {soc_ok / max(len(gold), 1):.1%}  (target >= 90%)")
    print(f"interaction-style accuracy (gold != unclear): {style_ok}/{style_n} = "
          f"{style_ok / max(style_n, 1):.1%}  (target >= 80%)")
    styles = ["collaborative", "delegative", "mixed", "unclear"]
    print("style confusion (rows gold, columns predicted):")
    print("  " + " " * 14 + "".join(f"{s[:6]:>8}" for s in styles))
    for gs in styles:
        print(f"  {gs:<14}" + "".join(f"{confusion[(gs, ps)]:>8}" for ps in styles))



def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--corpus", type=Path, default=default_corpus())
    parser.add_argument("--gold", type=Path, action="append",
                        help="hand-label file to score against (repeatable); default: dev labels plus "
                             "the check sets in benchmarks/eval/ (extra, check2 … check13) when present")
    parser.add_argument("--show-errors", action="store_true", help="print each disagreement with gold")
    args = parser.parse_args()

    t0 = time.perf_counter()
    transcripts = load(args.corpus)
    t_load = time.perf_counter() - t0
    t1 = time.perf_counter()
    labels = {t.transcript_id: derive(t) for t in transcripts}
    t_derive = time.perf_counter() - t1
    by_id = {t.transcript_id: t for t in transcripts}

    n = len(labels)
    known = sum(1 for lab in labels.values() if lab["occupation"].value != "unknown")
    bad_evidence = sum(
        1 for tid, lab in labels.items() for label in lab.values() if not check_evidence(by_id[tid], label)
    )
    print(f"interviews: {n}")
    print(f"occupation coverage (not unknown): {known}/{n} = {known / max(n, 1):.1%}  (target >= 97%)")
    print(f"labels whose evidence is not verbatim at its offsets: {bad_evidence}")

    for gold_path in args.gold or default_gold():
        if gold_path.exists():
            score(gold_path, labels, args.show_errors)

    work = [lab["interaction_style"].value for tid, lab in labels.items() if tid.startswith("work_")]
    counts = Counter(work)
    print(f"workforce participants: {len(work)}")
    for style in ("collaborative", "delegative", "mixed", "unclear"):
        print(f"  {style:<14} {counts[style]:>5}  {counts[style] / max(len(work), 1):.1%}")
    aug = counts["collaborative"] + 0.5 * counts["mixed"]
    aut = counts["delegative"] + 0.5 * counts["mixed"]
    if aug + aut:
        print(f"augmentation/automation (mixed counted half, unclear left out): "
              f"{aug / (aug + aut):.0%}/{aut / (aug + aut):.0%}  (study ≈ 65/35; hand labels ≈ 68/32)")
    print(f"time: load {t_load:.2f}s, derive {t_derive:.2f}s for {n} interviews "
          f"({1000 * t_derive / max(n, 1):.2f} ms each)")


if __name__ == "__main__":
    main()
