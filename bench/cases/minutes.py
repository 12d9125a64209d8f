"""Placeholder until the feature lands."""

from __future__ import annotations

from typing import Any

from bench.timing import NotAvailable, Result

TITLE = "minutes"


def run(bench: Any) -> list[Result]:
    raise NotAvailable("feature not built yet")
