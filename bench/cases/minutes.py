"""Minutes of the long briefing (60 attendees, 40 aspirations, 30 tasks) to PDF and to DOCX.

The long briefing is the document tests' fixture (tests/documents_fixtures.py), inserted into the
bench dataset. Timed: ``documents.exports.export_minutes`` to a .pdf and a .docx file (data
loaded, document built, written). Floors: an empty QTextDocument printed to a PDF with
QPdfWriter, and an empty python-docx Document saved — the fixed cost of each file format.
"""

from __future__ import annotations

from typing import Any

from bench.timing import Result, measure

TITLE = "minutes of the long briefing"


def pdf_floor(path: Any, runs: int) -> list[float]:
    from PySide6.QtGui import QPdfWriter, QTextDocument

    def write() -> None:
        writer = QPdfWriter(str(path))
        QTextDocument().print_(writer)
        del writer

    return measure(write, runs)


def docx_floor(path: Any, runs: int) -> list[float]:
    import docx

    return measure(lambda: docx.Document().save(str(path)), runs)


def run(bench: Any) -> list[Result]:
    from giaoban.documents.exports import export_minutes

    bench.app  # noqa: B018 - PDF rendering needs the QApplication (fonts)
    ctx, briefing_id, folder = bench.ctx, bench.dataset.long_briefing_id, bench.workdir
    results = []
    for suffix, floor, budget in (("pdf", pdf_floor, 0.5), ("docx", docx_floor, None)):
        out = folder / f"minutes.{suffix}"
        samples = measure(lambda out=out: export_minutes(ctx, briefing_id, out), bench.runs)
        results.append(Result(
            name=f"minutes of the long briefing to {suffix.upper()} ({out.stat().st_size // 1024} KB)",
            samples=samples, floor_samples=floor(folder / f"floor.{suffix}", bench.runs),
            floor_name="an empty QTextDocument printed by QPdfWriter" if suffix == "pdf"
            else "an empty python-docx Document saved",
            budget_abs=budget, note="" if budget else "no budget in the issue; reported"))
    return results
