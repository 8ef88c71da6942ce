"""Index storage: SQLite (transcripts, turns, chunks, participants, FTS5) and Chroma vectors per build.

A build lives in data/builds/<id>/ and becomes live by atomically repointing data/current, so a
crashed or killed build never damages the index that is serving.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import threading
from collections.abc import Iterable, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

import numpy as np

from indexer.errors import IndexMissing
from indexer.models import Chunk, Label, Participant, Transcript
from indexer.settings import Settings

SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE transcripts (
    transcript_id TEXT PRIMARY KEY, source TEXT, text TEXT, repaired INTEGER, content_hash TEXT);
CREATE TABLE turns (
    transcript_id TEXT, number INTEGER, speaker TEXT, label TEXT, start INTEGER, "end" INTEGER,
    PRIMARY KEY (transcript_id, number));
CREATE TABLE participants (
    transcript_id TEXT PRIMARY KEY, cohort TEXT, n_turns INTEGER, n_answers INTEGER, n_words INTEGER,
    occupation TEXT, occupation_group TEXT, interaction_style TEXT, labels TEXT);
CREATE TABLE chunks (
    rowid INTEGER PRIMARY KEY, chunk_id TEXT UNIQUE, transcript_id TEXT, turn INTEGER,
    start INTEGER, "end" INTEGER, text TEXT, question TEXT, question_turn INTEGER,
    text_hash TEXT, embedded INTEGER DEFAULT 0);
CREATE INDEX chunks_tid ON chunks (transcript_id);
CREATE INDEX chunks_embedded ON chunks (embedded);
CREATE VIRTUAL TABLE chunks_fts USING fts5(
    text, question, content='chunks', content_rowid='rowid', tokenize='porter unicode61');
"""


def label_to_json(label: Label) -> dict[str, Any]:
    return asdict(label)


def label_from_json(data: dict[str, Any]) -> Label:
    return Label(**data)


def participant_row(p: Participant) -> tuple[Any, ...]:
    labels = {
        "occupation": label_to_json(p.occupation),
        "occupation_group": label_to_json(p.occupation_group),
        "interaction_style": label_to_json(p.interaction_style),
    }
    return (
        p.transcript_id, p.cohort, p.n_turns, p.n_answers, p.n_words, p.occupation.value,
        p.occupation_group.value, p.interaction_style.value, json.dumps(labels),
    )


def write_keyword_index(
    db_path: Path,
    transcripts: Sequence[Transcript],
    chunks: Sequence[Chunk],
    participants: Sequence[Participant],
    content_hashes: dict[str, str],
    chunk_hashes: Sequence[str],
    meta: dict[str, str],
) -> None:
    """Write everything the keyword side needs into a new SQLite file in one transaction."""
    db = sqlite3.connect(db_path, isolation_level=None)
    try:
        db.executescript(SCHEMA)
        db.execute("BEGIN")
        db.executemany(
            "INSERT INTO transcripts VALUES (?,?,?,?,?)",
            [(t.transcript_id, t.source, t.text, int(t.repaired), content_hashes[t.transcript_id])
             for t in transcripts],
        )
        db.executemany(
            "INSERT INTO turns VALUES (?,?,?,?,?,?)",
            [(u.transcript_id, u.number, u.speaker, u.label, u.start, u.end)
             for t in transcripts for u in t.turns],
        )
        db.executemany(
            "INSERT INTO participants VALUES (?,?,?,?,?,?,?,?,?)", [participant_row(p) for p in participants]
        )
        db.executemany(
            "INSERT INTO chunks (chunk_id, transcript_id, turn, start, \"end\", text, question, question_turn,"
            " text_hash) VALUES (?,?,?,?,?,?,?,?,?)",
            [(c.chunk_id, c.transcript_id, c.turn, c.start, c.end, c.text, c.question, c.question_turn, h)
             for c, h in zip(chunks, chunk_hashes, strict=True)],
        )
        db.execute("INSERT INTO chunks_fts(chunks_fts) VALUES ('rebuild')")
        # One merged segment: each lookup reads one doclist instead of one per segment
        # (x10 corpus: 200 highlight lookups 48 -> 31 ms; the merge costs 1.9 s there).
        db.execute("INSERT INTO chunks_fts(chunks_fts) VALUES ('optimize')")
        db.executemany("INSERT INTO meta VALUES (?, ?)", list(meta.items()))
        db.execute("COMMIT")
        db.execute("PRAGMA journal_mode=WAL")
    finally:
        db.close()


# --- build directories -------------------------------------------------------------------------


def builds_dir(settings: Settings) -> Path:
    return settings.data_dir / "builds"


def current_link(settings: Settings) -> Path:
    return settings.data_dir / "current"


def current_build(settings: Settings) -> Path:
    """The live build directory, or IndexMissing with the command that makes one."""
    link = current_link(settings)
    target = link.resolve() if link.is_symlink() else None
    if target is None or not (target / "archive.sqlite").exists():
        raise IndexMissing(str(settings.data_dir))
    return target


def swap_in(settings: Settings, build: Path) -> None:
    """Atomically point data/current at build (rename of a symlink is atomic on POSIX)."""
    tmp = settings.data_dir / f".current.{os.getpid()}"
    if tmp.is_symlink() or tmp.exists():
        tmp.unlink()
    tmp.symlink_to(Path("builds") / build.name)
    os.replace(tmp, current_link(settings))


def collection_name(build: Path) -> str:
    return f"chunks_{build.name}"


# --- vectors (Chroma) ---------------------------------------------------------------------------


class VectorStore:
    """Chroma collection for one build: local PersistentClient, or HttpClient when a host is set."""

    def __init__(self, settings: Settings, build: Path) -> None:
        import chromadb
        from chromadb.config import Settings as ChromaSettings

        chroma_settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
        if settings.chroma_host:
            self.client: Any = chromadb.HttpClient(
                host=settings.chroma_host, port=settings.chroma_port, settings=chroma_settings
            )
        else:
            self.client = chromadb.PersistentClient(path=str(build / "chroma"), settings=chroma_settings)
        # No embedding function: we pass vectors ourselves (Chroma's default would download a model).
        # ef_search well above the pool we ask for makes the approximate search exact in practice, so
        # the same query gives the same answer every time: at Chroma's default (100, for 300 asked)
        # the set found varied between processes and a dev query's nDCG@10 flipped 0.87/0.93.
        self.collection = self.client.get_or_create_collection(
            collection_name(build), embedding_function=None,
            configuration={"hnsw": {"space": "cosine", "ef_search": settings.vector_ef_search}},
        )
        # Embedded, the whole collection (17k × 384 floats, 26 MB) is scanned exactly in memory: the
        # HNSW graph Chroma rebuilds on each open differs, and with it the nearest 300, even at
        # ef_search 1000 (a passage at cosine 0.265 was in one process's top 300 and missing from
        # the next's top 600). A Chroma server keeps the approximate search: that is how it scales.
        self.exact = settings.vector_exact and not settings.chroma_host
        self._matrix: tuple[int, list[str], np.ndarray, np.ndarray] | None = None  # count, ids, vectors, transcripts
        self._matrix_lock = threading.Lock()

    def add(self, ids: Sequence[str], vectors: np.ndarray, metadatas: Sequence[dict[str, Any]]) -> None:
        for i in range(0, len(ids), 2000):
            self.collection.upsert(
                ids=list(ids[i : i + 2000]),
                embeddings=vectors[i : i + 2000],
                metadatas=list(metadatas[i : i + 2000]),
            )

    def count(self) -> int:
        return int(self.collection.count())

    def query(
        self, vector: np.ndarray, n: int, where: dict[str, Any] | None = None
    ) -> list[tuple[str, float]]:
        """Nearest chunk ids with cosine similarity, best first."""
        total = self.count()
        if total == 0:
            return []
        if self.exact:
            return self._exact_query(vector, n, total, where)
        result = self.collection.query(
            query_embeddings=[vector], n_results=min(n, total), where=where, include=["distances"]
        )
        ids = result["ids"][0]
        distances = result["distances"][0] if result["distances"] else [0.0] * len(ids)
        return [(i, 1.0 - float(d)) for i, d in zip(ids, distances, strict=True)]

    def preload(self) -> None:
        """Read the vectors for the exact scan now (0.7 s for 17k), not on the first query."""
        if self.exact and (total := self.count()):
            self._all_vectors(total)

    def _all_vectors(self, total: int) -> tuple[list[str], np.ndarray, np.ndarray]:
        """Every id, unit vector and transcript id, read once per count (the background fill adds more)."""
        with self._matrix_lock:
            if self._matrix is None or self._matrix[0] != total:
                ids: list[str] = []
                parts: list[np.ndarray] = []
                for offset in range(0, total, 5000):
                    got = self.collection.get(include=["embeddings"], limit=5000, offset=offset)
                    ids += got["ids"]
                    parts.append(np.asarray(got["embeddings"], dtype=np.float32))
                matrix = np.vstack(parts) if parts else np.zeros((0, 0), dtype=np.float32)
                norms = np.linalg.norm(matrix, axis=1, keepdims=True)
                transcripts = np.array([cid.rsplit(":", 2)[0] for cid in ids])
                self._matrix = (total, ids, matrix / np.where(norms == 0, 1, norms), transcripts)
            return self._matrix[1], self._matrix[2], self._matrix[3]

    def _exact_query(self, vector: np.ndarray, n: int, total: int,
                     where: dict[str, Any] | None) -> list[tuple[str, float]]:
        ids, matrix, transcripts = self._all_vectors(total)
        unit = np.asarray(vector, dtype=np.float32)
        sims = matrix @ (unit / (np.linalg.norm(unit) or 1.0))
        candidates = np.arange(len(ids))
        if where:  # the one filter semantic_ranking passes: {"transcript_id": {"$in": [...]}}
            candidates = np.flatnonzero(np.isin(transcripts, list(where["transcript_id"]["$in"])))
        if len(candidates) == 0:
            return []
        top = candidates[np.argpartition(-sims[candidates], min(n, len(candidates)) - 1)[:n]]
        # Ties broken by id, so equal scores come out in one order every time.
        return sorted(((ids[i], float(sims[i])) for i in top), key=lambda h: (-h[1], h[0]))

    def get_vectors(self, ids: Sequence[str]) -> dict[str, np.ndarray]:
        """Stored vectors by chunk id (for scoring candidates the vector query did not return)."""
        if not ids:
            return {}
        got = self.collection.get(ids=list(ids), include=["embeddings"])
        return {i: np.asarray(v, dtype=np.float32) for i, v in zip(got["ids"], got["embeddings"], strict=True)}

    def drop(self) -> None:
        self.client.delete_collection(self.collection.name)


def drop_collection(settings: Settings, build: Path) -> None:
    """Delete a build's collection on the Chroma server, if it is there."""
    import chromadb

    client = chromadb.HttpClient(host=settings.chroma_host or "127.0.0.1", port=settings.chroma_port)
    with contextlib.suppress(Exception):  # already gone (or never made): nothing to clean
        client.delete_collection(collection_name(build))


# --- read side ----------------------------------------------------------------------------------


class KeywordStore:
    """Read-only access to a build's SQLite file; one connection per thread, opened once."""

    def __init__(self, db_path: Path) -> None:
        self.path = db_path
        self._local = threading.local()

    def db(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
            conn.row_factory = sqlite3.Row
            self._local.conn = conn
        return conn

    def meta(self) -> dict[str, str]:
        return {r["key"]: r["value"] for r in self.db().execute("SELECT key, value FROM meta")}


def mark_embedded(db_path: Path, rowids: Iterable[int]) -> None:
    """Record that these chunks have vectors in Chroma (the semantic half's progress)."""
    db = sqlite3.connect(db_path, isolation_level=None, timeout=30)
    try:
        db.execute("BEGIN")
        db.executemany("UPDATE chunks SET embedded=1 WHERE rowid=?", [(r,) for r in rowids])
        db.execute("COMMIT")
    finally:
        db.close()
