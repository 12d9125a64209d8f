"""One line of a long text for a list cell, a console table or a title: the one shortener."""

from __future__ import annotations


def one_line(text: str, width: int) -> str:
    """Whitespace (newlines too) collapsed to single spaces, cut to ``width`` with '…'."""
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"
