"""Chunk participant answers at sentence boundaries, keeping offsets and the question answered."""

from __future__ import annotations

import re
from collections.abc import Iterator

from indexer.models import Chunk, Transcript, Turn

# A sentence ends at . ! ? … (optionally followed by closing quotes/brackets) then whitespace,
# or at a blank line. Regex rather than an NLP splitter: we need exact character offsets and
# the corpus is conversational English, where this is as good as punkt-style heuristics.
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"'”’)\]]*\s+|\n\s*\n")
_PARAGRAPH = re.compile(r"\n\s*\n")
# A rough sentence (to . ! ? or a newline) for reading evidence inside a chunk or a turn: rerank and
# the label rules share it. The chunker itself uses sentence_spans below.
ROUGH_SENTENCE = re.compile(r"[^.!?\n]+[.!?]*")
# A "sentence" longer than this (pasted logs, no punctuation) is cut at whitespace so that one
# several-MB answer still gives bounded chunks.
MAX_SENTENCE_CHARS = 1500


def sentence_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Offsets of the sentences of text[start:end], whitespace trimmed, long ones cut."""
    spans: list[tuple[int, int]] = []
    cursor = start
    for match in _SENTENCE_END.finditer(text, start, end):
        spans.extend(_cut(text, cursor, match.start()))
        cursor = match.end()
    spans.extend(_cut(text, cursor, end))
    return spans


def _cut(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    while end - start > MAX_SENTENCE_CHARS:
        split = text.rfind(" ", start, start + MAX_SENTENCE_CHARS)
        split = split if split > start else start + MAX_SENTENCE_CHARS
        yield start, split
        start = split
        while start < end and text[start].isspace():
            start += 1
    if end > start:
        yield start, end


def question_of(turn: Turn | None) -> str:
    """The interviewer's question: the last paragraph with a '?', else the last paragraph."""
    if turn is None:
        return ""
    paragraphs = [p.strip() for p in _PARAGRAPH.split(turn.text) if p.strip()]
    for paragraph in reversed(paragraphs):
        if "?" in paragraph:
            return paragraph
    return paragraphs[-1] if paragraphs else ""


def windows(
    spans: list[tuple[int, int]], text: str, max_words: int, overlap: int
) -> list[tuple[int, int]]:
    """Group sentence spans into windows of at most max_words, repeating `overlap` sentences."""
    words = [len(text[s:e].split()) for s, e in spans]
    if sum(words) <= max_words:
        return [(spans[0][0], spans[-1][1])] if spans else []
    out: list[tuple[int, int]] = []
    first = 0
    while first < len(spans):
        last, total = first, words[first]
        while last + 1 < len(spans) and total + words[last + 1] <= max_words:
            last += 1
            total += words[last]
        out.append((spans[first][0], spans[last][1]))
        if last + 1 >= len(spans):
            break
        first = max(last + 1 - overlap, first + 1)
    return out


def chunk_transcript(transcript: Transcript, max_words: int = 120, overlap: int = 1) -> list[Chunk]:
    """Every participant answer → chunks that never cross a turn."""
    chunks: list[Chunk] = []
    last_question: Turn | None = None
    text = transcript.text
    for turn in transcript.turns:
        if turn.speaker == "interviewer":
            last_question = turn
            continue
        question = question_of(last_question)
        spans = sentence_spans(text, turn.start, turn.end)
        for start, end in windows(spans, text, max_words, overlap):
            chunks.append(
                Chunk(
                    chunk_id=f"{transcript.transcript_id}:{turn.number}:{start}",
                    transcript_id=transcript.transcript_id,
                    turn=turn.number,
                    start=start,
                    end=end,
                    text=text[start:end],
                    question=question,
                    question_turn=last_question.number if last_question else None,
                )
            )
    return chunks


# "Nope, that's it, thanks!", "Appreciate the chance to chat! I am closing the conversation.": the
# sign-off of an interview. Embedded with the interviewer's closing question it lands near many
# queries, and shown as evidence it says nothing. It is a sign-off only when closing words are
# nearly all it says: "Thank you. Mostly for drafting lesson plans" is an answer.
_SIGN_OFF = re.compile(r"\b(?:thanks?|thank you|appreciate|bye|goodbye|that'?s all|that is all|nothing else|"
                       r"nothing more|closing the conversation|no further|you'?re welcome)\b", re.I)
_CLOSING_WORDS = frozenset([
    "no", "nope", "not", "nah", "yes", "yeah", "ok", "okay", "sure", "i", "i'm", "im", "am", "think",
    "that", "that's", "thats", "is", "it", "all", "thanks", "thank", "you", "so", "much", "very", "really",
    "appreciate", "appreciated", "the", "this", "chance", "to", "chat", "chatting", "talk", "talking",
    "bye", "goodbye", "nothing", "else", "more", "further", "questions", "question", "have", "had", "good",
    "great", "fine", "your", "time", "for", "welcome", "you're", "closing", "conversation", "was", "a",
    "it's", "its", "interview", "pleasure", "enjoyed", "lovely", "fun",
])
_WORDS = re.compile(r"[a-z]+(?:'[a-z]+)?")
SIGN_OFF_WORDS = 15


def is_sign_off(text: str) -> bool:
    """A short closing answer with nothing in it but thanks or "that's all"."""
    words = _WORDS.findall(text.lower())
    if not words or len(words) > SIGN_OFF_WORDS or _SIGN_OFF.search(text) is None:
        return False
    return sum(w not in _CLOSING_WORDS for w in words) <= 1
