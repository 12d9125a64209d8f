"""Reading the text of attached files into the search index, outside any write transaction.

Each file waiting (``index_state`` pending) is handed to ``python -m
giaoban.core.attachments_extract`` on stdin; the child has TIME_LIMIT seconds of wall time and a
capped address space. Whatever it answers — text, or the reason there is none (encrypted PDF, zip
bomb, damaged file, time up) — is written back in one short transaction. Nothing here holds the
write lock while a file is read, so the window stays responsive and other writers wait not at all.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlmodel import col, select

from giaoban.core import attachment_types as types
from giaoban.core.attachments_extract import FROZEN_FLAG
from giaoban.core.enums import IndexState
from giaoban.core.errors import GiaobanError
from giaoban.core.models import AttachmentBlob
from giaoban.core.text import fold
from giaoban.i18n import _

if TYPE_CHECKING:
    from giaoban.core.context import AppContext

TIME_LIMIT = 20.0  # seconds of wall time for one file
_PACKAGE_ROOT = str(Path(__file__).resolve().parents[3])  # the folder holding ``giaoban``
_NOT = IndexState.NOT_INDEXED.value
_OUT_OF_MEMORY = 3
# PostgreSQL keeps a text's words in one tsvector of at most 1,048,575 bytes; the stored words are
# kept under this bound on both backends, so a copy between them carries every file.
WORD_INDEX_BYTES = 900_000
_WORD = re.compile(r"[^\W_]+")
_ALWAYS_FITS = WORD_INDEX_BYTES // 6  # bytes of text: each byte costs at most ~5 in a tsvector


def extractor_command(media_type: str) -> list[str]:
    """How the child process is started: this interpreter with this package, or the frozen
    program itself told to be the child (packaging/entry_point.py)."""
    if getattr(sys, "frozen", False):
        return [sys.executable, FROZEN_FLAG, media_type]
    return [sys.executable, "-m", "giaoban.core.attachments_extract", media_type]


def run_extractor(data: bytes, media_type: str,
                  seconds: float = TIME_LIMIT) -> tuple[str, str, str]:
    """(state, text, reason msgid) for ``data``, read by the child process within ``seconds``."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (_PACKAGE_ROOT, env.get("PYTHONPATH")) if p)
    env["PYTHONIOENCODING"] = "utf-8"
    try:
        done = subprocess.run(
            extractor_command(media_type), input=data, capture_output=True, timeout=seconds,
            env=env, check=False, creationflags=getattr(subprocess, "CREATE_NO_WINDOW", 0))
    except subprocess.TimeoutExpired:
        return _NOT, "", types.TIMEOUT
    except OSError as exc:
        raise GiaobanError(_("Không chạy được bộ đọc chữ của tệp đính kèm: {reason}").format(
            reason=exc.strerror or exc)) from exc
    if done.returncode == _OUT_OF_MEMORY:
        return _NOT, "", types.TOO_MUCH_MEMORY
    try:
        answer = json.loads(done.stdout.decode("utf-8")) if done.returncode == 0 else None
    except (ValueError, UnicodeDecodeError):
        answer = None
    if not isinstance(answer, dict) or answer.get("state") not in {s.value for s in IndexState}:
        return _NOT, "", types.DAMAGED  # the child died (a crash, killed for memory…)
    return str(answer["state"]), str(answer.get("text") or ""), str(answer.get("reason") or "")


def _next_pending(ctx: AppContext, after: int) -> tuple[int, str, str, bytes] | None:
    with ctx.session() as session:
        row = session.execute(
            sa.select(col(AttachmentBlob.id), col(AttachmentBlob.media_type),
                      col(AttachmentBlob.sha256),
                      sa.cast(col(AttachmentBlob.content), sa.LargeBinary))
            .where(col(AttachmentBlob.index_state) == IndexState.PENDING.value,
                   col(AttachmentBlob.id) > after)
            .order_by(col(AttachmentBlob.id)).limit(1)
        ).first()
    return None if row is None else (int(row[0]), str(row[1]), str(row[2]), bytes(row[3] or b""))


def searchable(folded: str) -> tuple[str, bool]:
    """``folded`` as it can be stored for search, and whether some of its words had to be left
    out. A text whose words would overflow PostgreSQL's word index keeps each different word once,
    first seen first, as many as fit (words are found as prefixes in any order: nothing else is
    lost); any other text is kept as it is."""
    if len(folded) <= _ALWAYS_FITS and len(folded.encode("utf-8")) <= _ALWAYS_FITS:
        return folded, False
    counts: dict[str, int] = {}
    for word in _WORD.findall(folded):
        counts[word] = counts.get(word, 0) + 1
    # a tsvector entry: the word, alignment, 4 bytes of entry, 2 of count, 2 per place (≤ 256)
    if sum(len(w.encode("utf-8")) + 7 + 2 * min(n, 256) for w, n in counts.items()) \
            <= WORD_INDEX_BYTES:
        return folded, False
    kept, used = [], 0
    for word in counts:
        used += len(word.encode("utf-8")) + 9
        if used > WORD_INDEX_BYTES:
            break
        kept.append(word)
    return " ".join(kept), len(kept) < len(counts)


def _store(ctx: AppContext, blob_id: int, state: str, text: str, reason: str) -> None:
    search_text = fold(text) if text else ""
    search_text, cut = searchable(search_text)
    if cut:
        reason = types.TOO_MANY_WORDS
    with ctx.transaction() as session:
        session.execute(
            sa.update(AttachmentBlob)
            .where(col(AttachmentBlob.id) == blob_id,
                   col(AttachmentBlob.index_state) == IndexState.PENDING.value)
            .values(index_state=state, text=text, search_text=search_text,
                    not_indexed_reason=reason)
        )


def extract_pending(ctx: AppContext, *, limit: int | None = None,
                    seconds: float | None = None) -> int:
    """Extract and index the files still pending, oldest first; how many were done.

    ``seconds`` is each file's time limit (TIME_LIMIT unless given)."""
    seconds = TIME_LIMIT if seconds is None else seconds
    done = 0
    after = 0
    while limit is None or done < limit:
        found = _next_pending(ctx, after)
        if found is None:
            break
        blob_id, media_type, digest, data = found
        after = blob_id
        if hashlib.sha256(data).hexdigest() != digest:
            state, text, reason = _NOT, "", types.DAMAGED
        else:
            state, text, reason = run_extractor(data, media_type, seconds)
        del data
        _store(ctx, blob_id, state, text, reason)
        done += 1
    return done


def pending_count(ctx: AppContext) -> int:
    """How many files still wait for their text to be read (the GUI says "Đang đọc…")."""
    with ctx.session() as session:
        return int(session.exec(
            select(sa.func.count()).select_from(AttachmentBlob)  # type: ignore[arg-type]
            .where(col(AttachmentBlob.index_state) == IndexState.PENDING.value)
        ).one())
