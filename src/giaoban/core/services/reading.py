"""Several services reading in one session: a screen that asks many of them at once.

On a server each session of its own is a connection check-out (with the pool's ping), a BEGIN
and a ROLLBACK: three round trips more per service, ~1 ms each over an office network.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from giaoban.core.context import AppContext


@contextmanager
def shared_reads(ctx: AppContext) -> Iterator[AppContext]:
    """A copy of ``ctx`` whose services read in one session (the one of ``ctx`` if it is bound
    already). For reads only: a write through it would not be committed."""
    if ctx.bound_session is not None:
        yield ctx
        return
    with ctx.session() as session:
        yield replace(ctx, bound_session=session)
