"""Word styles and low-level OOXML helpers of the DOCX writer (python-docx, no Qt).

Offices edit the minutes in Word before signing, so the file uses real named styles ("GB Body",
"GB Title"…) rather than direct formatting, and sets the body font in all four ``w:rFonts`` slots
(ascii, hAnsi, eastAsia, cs) with the language vi-VN: otherwise Word may pick another font for the
Vietnamese letters it classifies differently.
"""

from __future__ import annotations

from dataclasses import dataclass

from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Mm, Pt
from docx.styles.style import ParagraphStyle
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph as DocxParagraph

from giaoban.documents.blocks import Align, PageSetup
from giaoban.documents.measure import text_width_pt

ALIGN = {
    Align.LEFT: WD_ALIGN_PARAGRAPH.LEFT,
    Align.CENTER: WD_ALIGN_PARAGRAPH.CENTER,
    Align.RIGHT: WD_ALIGN_PARAGRAPH.RIGHT,
    Align.JUSTIFY: WD_ALIGN_PARAGRAPH.JUSTIFY,
}

BODY = "Normal"
TITLE = "GB Title"
SUBTITLE = "GB Subtitle"
HEADING = "GB Heading"
LIST = "GB List"
HEADER = "GB Header"
TABLE = "GB Table"
TABLE_HEADER = "GB Table Header"
SIGNATURE = "GB Signature"
RECIPIENTS = "GB Recipients"
DRAFT = "GB Draft"
PAGE_NUMBER = "Header"


def set_fonts(element: BaseOxmlElement, family: str, size_pt: float | None = None) -> None:
    """Name the font in every slot (ascii, hAnsi, eastAsia, cs) and drop theme fonts."""
    getter = getattr(element, "get_or_add_rPr", None)
    rpr = getter() if getter else element.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        element.append(rpr)
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        if fonts.get(qn(theme)) is not None:
            del fonts.attrib[qn(theme)]
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(slot), family)
    if size_pt is not None:
        half_points = str(round(size_pt * 2))
        for tag in ("w:sz", "w:szCs"):
            node = rpr.find(qn(tag))
            if node is None:
                node = OxmlElement(tag)
                rpr.append(node)
            node.set(qn("w:val"), half_points)


def _lang(style: ParagraphStyle) -> None:
    rpr = style.element.get_or_add_rPr()
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), "vi-VN")
    lang.set(qn("w:eastAsia"), "vi-VN")


def style_id(name: str) -> str:
    """The id Word files use for our style names ("GB Title" → "GBTitle")."""
    return name.replace(" ", "")


def apply_style(paragraph: DocxParagraph, name: str) -> None:
    """Set a paragraph's style by id: python-docx's ``paragraph.style = …`` scans every style
    of the document on each call, which made a long document take a second."""
    if name == BODY:
        return  # Normal is the default style
    paragraph._p.get_or_add_pPr().style = style_id(name)


def _style(
    doc: DocxDocument,
    name: str,
    family: str,
    size_pt: float,
    *,
    bold: bool = False,
    italic: bool = False,
    align: Align = Align.LEFT,
    indent_mm: float = 0.0,
    before_pt: float = 0.0,
    after_pt: float = 0.0,
    line: float = 1.0,
    keep_with_next: bool = False,
) -> ParagraphStyle:
    styles = doc.styles
    style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = styles[BODY]
    style.quick_style = True
    assert style.style_id == style_id(name)
    assert isinstance(style, ParagraphStyle)
    style.font.bold = bold
    style.font.italic = italic
    set_fonts(style.element, family, size_pt)
    fmt = style.paragraph_format
    fmt.alignment = ALIGN[align]
    fmt.first_line_indent = Mm(indent_mm)
    fmt.left_indent = Mm(0)
    fmt.space_before = Pt(before_pt)
    fmt.space_after = Pt(after_pt)
    fmt.line_spacing_rule = WD_LINE_SPACING.MULTIPLE
    fmt.line_spacing = line
    fmt.keep_with_next = keep_with_next
    fmt.widow_control = True
    return style


@dataclass(frozen=True)
class Sizes:
    """Point sizes of the styles, taken from the blocks of the document being written."""

    title: float = 15.0
    header: float = 14.0
    table: float = 12.0
    recipients: float = 12.0


def install_styles(doc: DocxDocument, setup: PageSetup, s: Sizes) -> None:
    """Create (or reset) every style the writer uses, from the page setup and sizes."""
    family = setup.font_family
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        rpr_default = defaults.find(qn("w:rPrDefault"))
        if rpr_default is not None:
            set_fonts(rpr_default, family, setup.body_size_pt)
    normal = doc.styles[BODY]
    assert isinstance(normal, ParagraphStyle)
    set_fonts(normal.element, family, setup.body_size_pt)
    _lang(normal)
    fmt = normal.paragraph_format
    fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    fmt.first_line_indent = Mm(setup.first_line_indent_mm)
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(setup.paragraph_spacing_pt)
    fmt.line_spacing_rule = WD_LINE_SPACING.MULTIPLE
    fmt.line_spacing = setup.line_spacing
    fmt.widow_control = True
    size, indent, after = setup.body_size_pt, setup.first_line_indent_mm, setup.paragraph_spacing_pt
    _style(doc, TITLE, family, s.title, bold=True, align=Align.CENTER, before_pt=12,
           keep_with_next=True)
    _style(doc, SUBTITLE, family, size, bold=True, align=Align.CENTER, after_pt=12,
           keep_with_next=True)
    _style(doc, HEADING, family, size, bold=True, indent_mm=indent, before_pt=after,
           after_pt=after, line=setup.line_spacing, keep_with_next=True)
    _style(doc, LIST, family, size, align=Align.JUSTIFY, indent_mm=indent, after_pt=after,
           line=setup.line_spacing)
    _style(doc, HEADER, family, s.header, align=Align.CENTER)
    _style(doc, TABLE, family, s.table, before_pt=2, after_pt=2)
    _style(doc, TABLE_HEADER, family, s.table, bold=True, align=Align.CENTER,
           before_pt=2, after_pt=2)
    _style(doc, SIGNATURE, family, size, bold=True, align=Align.CENTER)
    _style(doc, RECIPIENTS, family, s.recipients)
    _style(doc, DRAFT, family, 12, bold=True, align=Align.RIGHT)
    header = doc.styles[PAGE_NUMBER]
    assert isinstance(header, ParagraphStyle)
    set_fonts(header.element, family, size)
    header.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    header.paragraph_format.first_line_indent = Mm(0)
    header.paragraph_format.space_after = Pt(0)  # a row as tall as its line (the DỰ THẢO box)
    header.paragraph_format.line_spacing = 1.0


def add_field(paragraph: DocxParagraph, code: str, placeholder: str = "1") -> None:
    """Insert a Word field (PAGE, NUMPAGES) that Word computes when it lays out the pages."""
    def fld(kind: str) -> BaseOxmlElement:
        node = OxmlElement("w:fldChar")
        node.set(qn("w:fldCharType"), kind)
        return node

    run = paragraph.add_run()
    run._r.append(fld("begin"))
    run = paragraph.add_run()
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {code} "
    run._r.append(instr)
    run = paragraph.add_run()
    run._r.append(fld("separate"))
    paragraph.add_run(placeholder)
    run = paragraph.add_run()
    run._r.append(fld("end"))


# Word refuses a file whose property children are out of the schema's order (ECMA-376
# CT_PPrBase, CT_TblPrBase); new children go before the first of these successors present.
SUCCESSORS = {
    "w:pBdr": ("w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap",
               "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi",
               "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing",
               "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection",
               "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle",
               "w:rPr", "w:sectPr", "w:pPrChange"),
    "w:tblBorders": ("w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption",
                     "w:tblDescription", "w:tblPrChange"),
    "w:tblLayout": ("w:tblCellMar", "w:tblLook", "w:tblCaption", "w:tblDescription",
                    "w:tblPrChange"),
    "w:tblCellMar": ("w:tblLook", "w:tblCaption", "w:tblDescription", "w:tblPrChange"),
}


def add_property(parent: BaseOxmlElement, child: BaseOxmlElement) -> BaseOxmlElement:
    """Insert a ``pPr``/``tblPr`` child where the schema wants it (replacing an old one)."""
    tag = child.tag
    old = parent.find(tag)
    if old is not None:
        parent.remove(old)
    prefixed = "w:" + tag.split("}", 1)[1]
    parent.insert_element_before(child, *SUCCESSORS[prefixed])
    return child


def set_borders(element: BaseOxmlElement, tag: str, sides: tuple[str, ...], value: str,
                size: int = 6) -> None:
    """Borders of a paragraph (``w:pBdr``) or table (``w:tblBorders``): 'single' or 'nil'."""
    parent = element  # pPr or tblPr
    borders = parent.find(qn(tag))
    if borders is None:
        borders = add_property(parent, OxmlElement(tag))
    for side in sides:
        node = borders.find(qn(f"w:{side}"))
        if node is None:
            node = OxmlElement(f"w:{side}")
            borders.append(node)
        node.set(qn("w:val"), value)
        if value != "nil":
            node.set(qn("w:sz"), str(size))
            node.set(qn("w:space"), "1")
            node.set(qn("w:color"), "000000")


def bold_caps_width_pt(text: str, size_pt: float) -> float:
    """Printed width of upper-case Vietnamese text in Times New Roman Bold (``measure``)."""
    return text_width_pt(text.upper(), size_pt, bold=True)


def fixed_widths(table: DocxTable, widths_mm: list[float]) -> None:
    """Fixed layout with explicit column widths (Word and LibreOffice both honour it)."""
    table.autofit = False
    tbl_pr = table._tbl.tblPr
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    add_property(tbl_pr, layout)
    for column, width in zip(table.columns, widths_mm, strict=True):
        column.width = Mm(width)
        for cell in column.cells:
            cell.width = Mm(width)


def borderless(table: DocxTable) -> None:
    """No borders and no cell side margins: the columns line up with the page margins."""
    tbl_pr = table._tbl.tblPr
    set_borders(tbl_pr, "w:tblBorders",
                   ("top", "left", "bottom", "right", "insideH", "insideV"), "nil")
    cell_margins(table, 0)


def cell_margins(table: DocxTable, mm: float) -> None:
    """Left and right padding of every cell (Word's default 1.9 mm wraps dates in narrow
    columns; the PDF uses 1 mm)."""
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        node = OxmlElement(f"w:{side}")
        node.set(qn("w:w"), str(round(mm * 1440 / 25.4)))
        node.set(qn("w:type"), "dxa")
        margins.append(node)
    add_property(table._tbl.tblPr, margins)
