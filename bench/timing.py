"""Measurements: a result record with its floor and budget, and median-of-runs timing."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


class NotAvailable(Exception):
    """The feature a case measures is not in this version yet; reported, not failed."""


def measure(fn: Callable[[], Any], runs: int, warmup: int = 1) -> list[float]:
    """Seconds of ``fn()`` over ``runs`` timed calls, after ``warmup`` untimed ones."""
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return samples


@dataclass
class Result:
    """One figure of the suite: samples, its floor's samples, and the budget it must meet."""

    name: str
    samples: list[float] = field(default_factory=list)
    floor_samples: list[float] = field(default_factory=list)
    floor_name: str = ""
    unit: str = "s"
    budget_abs: float | None = None  # in ``unit``
    budget_ratio: float | None = None  # × floor
    note: str = ""
    status: str = ""  # "" = judge by budget; "not available"; "error"

    @property
    def median(self) -> float | None:
        return statistics.median(self.samples) if self.samples else None

    @property
    def floor(self) -> float | None:
        return statistics.median(self.floor_samples) if self.floor_samples else None

    @property
    def ratio(self) -> float | None:
        median, floor = self.median, self.floor
        if median is None or not floor:
            return None
        return median / floor

    @property
    def budget(self) -> str:
        parts = []
        if self.budget_abs is not None:
            value = f"{self.budget_abs * 1000:g} ms" if self.unit == "s" and self.budget_abs < 1 \
                else f"{self.budget_abs:g} {self.unit}"
            parts.append(f"≤ {value}")
        if self.budget_ratio is not None:
            parts.append(f"≤ {self.budget_ratio:g}× floor")
        return " and ".join(parts)

    @property
    def passed(self) -> bool | None:
        """True/False against the budget; None when there is no budget or no figure."""
        if self.status or self.median is None:
            return None
        if self.budget_abs is None and self.budget_ratio is None:
            return None
        ok = True
        if self.budget_abs is not None:
            ok = ok and self.median <= self.budget_abs
        if self.budget_ratio is not None and self.ratio is not None:
            ok = ok and self.ratio <= self.budget_ratio
        return ok

    @property
    def verdict(self) -> str:
        if self.status:
            return self.status
        return {True: "pass", False: "FAIL", None: "—"}[self.passed]

    def to_json(self) -> dict[str, Any]:
        seconds = self.unit == "s"
        return {
            "name": self.name,
            "unit": self.unit,
            "median": self.median,
            "median_s": self.median if seconds else None,
            "runs": len(self.samples),
            "samples": self.samples,
            "floor": self.floor,
            "floor_s": self.floor if seconds else None,
            "floor_name": self.floor_name,
            "ratio": self.ratio,
            "budget": self.budget,
            "budget_abs": self.budget_abs,
            "budget_ratio": self.budget_ratio,
            "pass": self.passed,
            "status": self.verdict,
            "note": self.note,
        }
