"""Printed documents: one block model, builders that fill it, writers that render it.

``blocks`` and ``builders`` and the DOCX/XLSX writers never import Qt; only ``pdf_writer``,
``fonts`` and ``preview`` do (QtGui / QtPrintSupport), and only when called.
"""
