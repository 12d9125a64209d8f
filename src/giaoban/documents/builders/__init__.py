"""Builders turn plain document data into a :class:`~giaoban.documents.blocks.Document` (no Qt)."""

from giaoban.documents.builders.minutes import build_minutes
from giaoban.documents.builders.notice import build_notice
from giaoban.documents.builders.report import build_report

__all__ = ["build_minutes", "build_notice", "build_report"]
