"""Benchmark hook: report when the main window is first painted, and when it is populated.

Only active when ``GIAOBAN_BENCH_EXIT_AFTER_SHOWN=1`` is in the environment (the benchmark suite
sets it for its start-up and memory cases); otherwise :func:`painted` and :func:`install` do
nothing. Two JSON lines on stdout: at the first paint (the window on screen, the database not yet
open) ``{"painted_at": <time.time()>, "status": …, "libraries_loaded": …}`` — the status bar's
message and whether SQLAlchemy was already imported, which the tests check — and once populated
``{"shown_at": <time.time()>, "rss_kb": …, "hwm_kb": …}`` (the window's ``populated`` signal:
the start page filled and painted, before the start-up work queued after it), then the program
quits. With ``GIAOBAN_BENCH_VISIT_ALL=1`` every area is opened first so peak memory covers the
big lists.
"""

from __future__ import annotations

import json
import os
import sys
import time
from typing import Any

ENV_EXIT = "GIAOBAN_BENCH_EXIT_AFTER_SHOWN"
ENV_VISIT_ALL = "GIAOBAN_BENCH_VISIT_ALL"


def memory_kb() -> dict[str, int]:
    """Current and peak resident memory of this process in KiB (Linux /proc; else getrusage)."""
    result: dict[str, int] = {}
    try:
        with open("/proc/self/status", encoding="ascii") as handle:
            for line in handle:
                if line.startswith(("VmRSS:", "VmHWM:")):
                    key = "rss_kb" if line.startswith("VmRSS") else "hwm_kb"
                    result[key] = int(line.split()[1])
    except OSError:
        import resource

        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        result["hwm_kb"] = peak // 1024 if sys.platform == "darwin" else peak
    return result


def _settle(app: Any, window: Any) -> None:
    """Let queued work run, then paint the window once so what is reported is on screen."""
    for _round in range(3):
        app.processEvents()
    window.grab()


def report(app: Any, window: Any) -> None:
    """Print the moment the window is shown and populated (and memory), then quit.

    Called by the window's ``populated`` signal, which follows its paint of the filled page: a
    second paint (``grab``) would only measure the benchmark. A window not exposed has not
    painted; it is then settled and painted here first."""
    handle = window.windowHandle()
    if handle is None or not handle.isExposed():
        _settle(app, window)
    shown_at = time.time()
    if os.environ.get(ENV_VISIT_ALL) == "1":
        from giaoban.ui.pages import AREAS

        for area in AREAS:
            window.show_area(area.key)
            _settle(app, window)
    print(json.dumps({"shown_at": shown_at, **memory_kb()}), flush=True)
    app.quit()


def painted(app: Any, window: Any) -> None:
    """Report the first paint (the window on screen, still opening its database).

    ui.app calls this after its own paint of the exposed window (``paint_now``): painting it a
    second time here would only add to the populated time measured next. A window not exposed
    is settled and painted here first."""
    if os.environ.get(ENV_EXIT) != "1":
        return
    handle = window.windowHandle()
    if handle is None or not handle.isExposed():
        _settle(app, window)
    print(json.dumps({"painted_at": time.time(), "status": window.statusBar().currentMessage(),
                      "libraries_loaded": "sqlalchemy" in sys.modules}, ensure_ascii=False),
          flush=True)


def install(app: Any, window: Any) -> None:
    """Report once the window says its start page is filled and painted (its ``populated``
    signal, before the start-up work queued after it), if the benchmark asked for it."""
    if os.environ.get(ENV_EXIT) != "1":
        return
    window.populated.connect(lambda: report(app, window))
