"""Decoding and encoding repair: BOMs, UTF-16, cp1252, CRLF, NUL, mojibake, typography kept."""

from __future__ import annotations

import codecs

import pytest

from indexer.clean import decode, normalise, repair
from indexer.errors import BinaryFile


def test_utf8_plain() -> None:
    assert decode("café ’".encode(), "f.md") == ("café ’", None)


def test_utf8_bom_is_dropped() -> None:
    assert decode(codecs.BOM_UTF8 + b"User: hi", "f.md") == ("User: hi", "UTF-8 with BOM")


def test_utf16_with_bom() -> None:
    assert decode("User: naïve".encode("utf-16"), "f.md") == ("User: naïve", "UTF-16")


def test_cp1252() -> None:
    assert decode("I’m – ok".encode("cp1252"), "f.txt") == ("I’m – ok", "cp1252")


def test_png_is_binary() -> None:
    with pytest.raises(BinaryFile, match="pic.md: is a binary file"):
        decode(b"\x89PNG\r\n\x1a\n\x00\x00", "pic.md")


def test_crlf_and_nul_are_normalised() -> None:
    assert normalise("a\r\nb\rc\x00d\te") == "a\nb\ncd\te"


def test_mojibake_is_repaired_and_curly_quotes_kept() -> None:
    broken = "I’m worried – really".encode().decode("cp1252")
    assert broken == "Iâ€™m worried â€“ really"
    assert repair(broken) == ("I’m worried – really", True)


def test_clean_text_untouched() -> None:
    assert repair("She said “fine” — it’s done.") == ("She said “fine” — it’s done.", False)
