"""The short table: one line per figure while running, Markdown for RESULTS.md and the README."""

from __future__ import annotations

from typing import Any

from bench import machine
from bench.timing import Result


def amount(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    if unit == "s":
        return f"{value * 1000:.1f} ms" if value < 1 else f"{value:.2f} s"
    return f"{value:.0f} {unit}"


def ratio(result: Result) -> str:
    return "—" if result.ratio is None else f"{result.ratio:.1f}×"


def row_line(result: Result) -> str:
    """A console line for one figure."""
    return (f"{result.name:<46} {amount(result.median, result.unit):>10}  floor "
            f"{amount(result.floor, result.unit):>10}  {ratio(result):>7}  {result.budget:<24} "
            f"{result.verdict}" + (f"  ({result.note})" if result.note else ""))


def markdown(results: list[Result], info: dict[str, Any], when: str, size: str) -> str:
    """RESULTS.md: the machine, the table, then the floors and notes."""
    lines = [
        f"Run {when} on the {size} demo data set.",
        "",
        f"Machine: {machine.one_line(info)}.",
        "",
        *([f"Load average (1/5/15 min, {info.get('nproc')} CPUs): "
           f"{' '.join(map(str, info['load_start']))} at the start, "
           f"{' '.join(map(str, info.get('load_end') or []))} at the end.", ""]
          if info.get("load_start") else []),
        *([f"giaoban's own modules were byte-compiled before the run, as an installed program "
           f"carries them ({info['bytecode_compiled']} were out of date)."]
          if "bytecode_compiled" in info else []),
        "",
        "| Case | Median | Runs | Floor | Ratio | Budget | Result |",
        "|---|---:|---:|---:|---:|---|---|",
    ]
    for r in results:
        lines.append(f"| {r.name} | {amount(r.median, r.unit)} | {len(r.samples) or '—'} | "
                     f"{amount(r.floor, r.unit)} | {ratio(r)} | {r.budget or '—'} | {r.verdict} |")
    lines += ["", "Floors and notes:", ""]
    for r in results:
        bits = [b for b in (f"floor: {r.floor_name}" if r.floor_name else "", r.note) if b]
        if bits:
            lines.append(f"- **{r.name}**: " + "; ".join(bits))
    return "\n".join(lines) + "\n"
