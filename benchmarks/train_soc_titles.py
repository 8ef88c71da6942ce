"""Derive indexer/data/onet_titles.csv (job title → SOC major group) from O*NET "Occupation Data"."""

from __future__ import annotations

import argparse
import csv
import re
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "indexer" / "data" / "onet_titles.csv"
# Plural words that end a segment without naming people ("Graders and Sorters, Agricultural Products").
NOT_HEADS = {"products", "materials", "trades", "services", "systems", "goods", "sales", "arts", "sciences",
             "studies", "operations", "resources", "relations", "occupations", "vehicles", "affairs",
             "communications", "mathematics", "physics", "economics", "athletics", "graphics", "mechanics",
             "works", "parts", "contents", "equipment", "fabrics", "plastics", "metals", "utilities",
             "buildings", "estates", "claims", "funds", "programs", "facilities", "logistics", "statistics",
             "electronics", "means", "apparatus", "bus", "gas", "glass", "grass", "dress", "press", "process"}
# Heads too vague on their own to say a group; the hand table decides these.
GENERIC = {"worker", "specialist", "operator", "helper", "technician", "assistant", "clerk", "manager",
           "supervisor", "representative", "officer", "agent", "analyst", "engineer", "scientist", "teacher",
           "designer", "tender", "setter", "attendant", "aide", "associate", "instructor", "inspector",
           "other", "all other", "installer", "repairer", "mechanic", "driver", "director", "coordinator",
           # Single words that are common English or AI talk before they are jobs ("a model", "copilot").
           "new", "model", "benefit", "commodity", "custom", "security", "sport", "surface", "advisor",
           "captain", "mate", "host", "runner", "scout", "checker", "changer", "collector", "processor",
           "examiner", "technologist", "sewer", "controller", "copilot", "escort", "cutter", "caster",
           "bender", "filer", "fitter", "shaper", "trimmer", "presser", "grader", "packer", "tuner",
           "assessor", "measurer", "searcher", "interviewer", "demonstrator", "sprayer", "applicator"}


def singular(word: str) -> str:
    """English plural → singular for job nouns (secretaries → secretary, coaches → coach, men → man)."""
    if word.endswith("wives"):
        return word[:-3] + "fe"
    if word.endswith("men"):
        return word[:-3] + "man"
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if re.search(r"(?:ss|ch|sh|x)es$", word):
        return word[:-2]
    if word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def has_head(segment: str) -> bool:
    last = segment.split()[-1] if segment.split() else ""
    return (last.endswith("s") and not last.endswith("ss") and last not in NOT_HEADS) or last.endswith("men")


def expand(title: str) -> list[str]:
    """Singular job titles named by one O*NET title, with shared modifiers and heads distributed."""
    t = re.sub(r"\([^)]*\)", "", title.lower()).replace("--", ", ")
    t = re.sub(r",?\s*(?:all other|except\b.*)$", "", t)
    segments = [re.sub(r"^(?:and|or)\s+", "", s.strip()) for s in t.split(",") if s.strip()]
    out: list[str] = []
    pending: list[str] = []  # modifiers waiting for a head ("Transportation, Storage, and Distribution Managers")
    for seg in segments:
        if not has_head(seg):
            if out:
                break  # a qualifier after the title ("Teachers, Postsecondary"): drop it
            pending.append(seg)
            continue
        parts = [p.strip() for p in re.split(r"\s+(?:and|or)\s+", seg) if p.strip()]
        head = seg.split()[-1]
        for part in pending + parts:
            out.append(part if has_head(part) else f"{part} {head}")
        pending = []
    titles = []
    for phrase in out:
        words = phrase.split()
        if 1 <= len(words) <= 4 and not re.search(r"\b(?:and|or|related)\b", phrase):
            titles.append(" ".join(words[:-1] + [singular(words[-1])]))
    return titles


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("occupation_data", type=Path,
                        help="'Occupation Data.txt' (tab-separated O*NET-SOC Code, Title, Description)")
    parser.add_argument("--source", default="O*NET 29.2 Database, Occupation Data")
    args = parser.parse_args()
    codes: dict[str, set[str]] = defaultdict(set)
    with args.occupation_data.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            for title in expand(row["Title"]):
                codes[title].add(row["O*NET-SOC Code"][:2])
    # A title under two major groups says nothing about either; a bare generic head neither.
    keep = sorted((t, next(iter(c))) for t, c in codes.items() if len(c) == 1 and t not in GENERIC)
    with OUT.open("w", encoding="utf-8", newline="") as handle:
        handle.write(f"# Derived by benchmarks/train_soc_titles.py from the {args.source} (CC BY 4.0,\n"
                     "# O*NET Resource Center / US DOL ETA; see README.md). Singular titles, 2-digit major group.\n")
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["title", "code"])
        writer.writerows(keep)
    print(f"{len(keep)} titles → {OUT}", file=sys.stderr)


if __name__ == "__main__":
    main()
