"""The one typed Settings object (env prefix ARCHIVE_), data directory included."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Every knob the archive has; read from ARCHIVE_* environment variables."""

    model_config = SettingsConfigDict(env_prefix="ARCHIVE_", extra="ignore")

    data_dir: Path = Path("data")
    corpus_dir: Path = Path("corpus")

    # Vector store: embedded PersistentClient unless a Chroma server is configured.
    chroma_host: str | None = None
    chroma_port: int = 8000

    # Embedding model: the bundled MiniLM package; "hash" is the deterministic test embedder.
    embedder: str = "minilm"
    embed_batch_size: int = 64
    torch_threads: int | None = None

    # Chunking: participant answers longer than this are split at sentences with overlap.
    chunk_words: int = 120
    chunk_overlap_sentences: int = 1

    # Speaker labels, matched only at the start of a line (case-insensitive).
    interviewer_labels: list[str] = Field(
        default_factory=lambda: ["Assistant", "AI", "Interviewer", "Q"]
    )
    participant_labels: list[str] = Field(
        default_factory=lambda: ["User", "Participant", "Respondent", "A"]
    )
    max_file_bytes: int = 20_000_000

    # Search
    max_query_chars: int = 1000
    max_limit: int = 100
    # Below this best cosine, semantic results are only the least distant passages: real questions
    # score 0.54-0.77 at the top here, nonsense ("zxqv purple elephant", "teh") 0.21-0.38.
    loose_match: float = 0.4
    max_export: int = 5000  # an export may hold every match (a researcher codes them all), not a page
    candidate_pool: int = 300
    vector_ef_search: int = 1000  # HNSW search breadth, set when a build's collection is made (store.py)
    vector_exact: bool = True  # embedded Chroma: scan every vector exactly (store.py says why); a server: HNSW
    # Ranking knobs, chosen once by benchmarks/quality.py (see docs/quality.md).
    fusion: Literal["rrf", "weighted", "dbsf"] = "weighted"
    rrf_k: int = 60
    fusion_alpha: float = 0.7  # weight of the semantic side in weighted fusion
    question_weight: float = 0.25  # bm25 weight of the interviewer's question column
    secondary_weight: float = 0.3  # share of a participant's 2nd/3rd best chunks in their score
    prf_k: int = 0  # Rocchio feedback: move the query vector toward its top-k chunks (0 = off)
    prf_beta: float = 0.5
    strip_frame: bool = True  # embed the query without "who…"/"people who…" framing
    first_person: bool = False  # embed "who worries about X" as "I worry about X"
    coverage_weight: float = 0.0  # how much a chunk's share of the query's words counts
    # An answer that says in its own words it has no such concern is the opposite answer (judged 0),
    # a stronger signal than a negated word: it gets its own, stronger multiplier.
    concern_penalty: float = 0.25
    concern_stance: bool = True  # concern queries: "fine with it"/"not a concern" answers count as negated
    negation_penalty: float = 0.5  # score multiplier when the matched words are negated
    # "trusts AI without checking": the negation scopes only what follows "without", so passages that
    # negate the words before it ("I don't trust AI") are the opposite answer (docs/quality.md 4g).
    without_scope: bool = True
    # "AI is bad at X" queries: chunks that report AI going wrong. 2.0 since nearest neighbours were made
    # deterministic (vector_ef_search): none < 1.5 < 2 = 3 on dev, own and all 24 queries (docs/quality.md).
    failure_boost: float = 2.0
    # Answers under rerank.SHORT_ANSWER_WORDS words ("Both.", "What do you mean?") match through their
    # question; they rank below answers that say something (see docs/quality.md for the measured value).
    short_answer_penalty: float = 0.5
    # A query whose words are all rare (each in under rare_share of passages: "midjourney", "nurse")
    # asks for mentions: passages that say none of them score x unsaid_penalty (docs/quality.md 4f).
    unsaid_penalty: float = 0.25
    rare_share: float = 0.01
    role_boost: float = 2.0  # "AI as/like X" queries: chunks that themselves cast AI as X
    role_holder_penalty: float = 1.0  # … and chunks about the role's human holders ("my colleagues")

    # API
    api_host: str = "127.0.0.1"
    api_port: int = 8000
    api_token: str | None = None
    allow_no_token: bool = False
    cors_origins: list[str] = Field(default_factory=list)
    ui_port: int = 8501


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """Settings read once per process (tests build their own Settings instead)."""
    return Settings()
