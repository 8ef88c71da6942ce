"""Probe: could a model trained on the hand-labelled sets beat or back up the SOC rules? (needs scikit-learn)"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from labels_eval import default_corpus, default_gold, load  # noqa: E402

from indexer.labels import bounded, derive  # noqa: E402
from indexer.models import Transcript  # noqa: E402

# The answers where people say what they do: the first few substantive ones.
EARLY_ANSWERS = 4
EARLY_CHARS = 3000


def early_answers(t: Transcript) -> list[str]:
    """The first substantive participant answers (a bare "sounds good" says nothing about a job)."""
    answers = [u.text for u in bounded(t).turns if u.speaker == "participant" and len(u.text) > 40]
    return answers[:EARLY_ANSWERS]


def features(kind: str, transcripts: list[Transcript]) -> object:
    """Word tf-idf (uni+bigrams) of the early answers, or the mean MiniLM vector of those answers."""
    if kind == "words":
        from sklearn.feature_extraction.text import TfidfVectorizer

        docs = [" ".join(early_answers(t))[:EARLY_CHARS] for t in transcripts]
        return TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True,
                               stop_words="english").fit_transform(docs)
    from indexer.embed import make_embedder

    embedder = make_embedder("minilm")
    out = np.zeros((len(transcripts), embedder.dim), dtype=np.float32)
    for i, t in enumerate(transcripts):
        answers = [a[:1200] for a in early_answers(t)]
        if answers:
            v = embedder.encode(answers).mean(axis=0)
            out[i] = v / (np.linalg.norm(v) + 1e-9)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--features", choices=["words", "minilm"], default="words")
    parser.add_argument("--C", type=float, default=3.0, help="inverse regularisation of the regression")
    args = parser.parse_args()
    from sklearn.linear_model import LogisticRegression

    # Each hand-labelled set is one fold: the model never sees the set it is scored on.
    gold: dict[str, tuple[str, str]] = {}
    for path in default_gold():
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                g = json.loads(line)
                gold.setdefault(g["transcript_id"], (path.name.split("_")[0], g["soc_major"][:2]))
    transcripts = [t for t in load(default_corpus()) if t.transcript_id in gold]
    rules = [derive(t)["occupation_group"] for t in transcripts]
    X = features(args.features, transcripts)
    y = np.array([gold[t.transcript_id][1] for t in transcripts])
    folds = np.array([gold[t.transcript_id][0] for t in transcripts])
    predicted = np.empty(len(y), dtype=object)
    for fold in sorted(set(folds)):
        train, test = folds != fold, folds == fold
        model = LogisticRegression(C=args.C, max_iter=3000).fit(X[train], y[train])  # type: ignore[index]
        predicted[test] = model.predict(X[test])  # type: ignore[index]

    rule_codes = np.array([label.value[:2] for label in rules])
    low = np.array([label.confidence < 0.5 for label in rules])
    n = len(y)
    print(f"{n} hand-labelled interviews in {len(set(folds))} sets; leave-one-set-out; features {args.features}")
    print(f"  rules                       {np.mean(rule_codes == y):.1%}")
    print(f"  model                       {np.mean(predicted == y):.1%}")
    print(f"  rules' low-confidence cases ({low.sum()}): rules {np.mean(rule_codes[low] == y[low]):.1%}, "
          f"model {np.mean(predicted[low] == y[low]):.1%}")
    backed = np.where(low, predicted, rule_codes)
    print(f"  model where rules < 0.5     {np.mean(backed == y):.1%}")
    print(f"  gold groups: {Counter(y.tolist()).most_common(8)}")


if __name__ == "__main__":
    main()
