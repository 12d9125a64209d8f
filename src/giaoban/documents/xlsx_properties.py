"""The file properties of every workbook made from a document (the plain tables and the report's)."""

from __future__ import annotations

from openpyxl import Workbook

from giaoban.documents.blocks import Document


def set_properties(workbook: Workbook, document: Document) -> None:
    """Title, author (the issuing body), language and creation time (the context's clock,
    not openpyxl's) of a workbook made from ``document``."""
    workbook.properties.title = document.title
    workbook.properties.creator = document.issuer or None
    if document.created_utc is not None:  # one clock, not openpyxl's
        workbook.properties.created = workbook.properties.modified = document.created_utc
    workbook.properties.language = "vi-VN"
