"""What the Word file carries besides its text: the DỰ THẢO marks and the file's properties.

The PDF marks a draft on every page with a bordered "DỰ THẢO" at the right of the top margin and
a light diagonal "DỰ THẢO" across the page; Word gets both in the header of every kind of page
(first page and the others), so they repeat on each page and stay out of the text the office
edits: the box is a bordered cell at the right of the header, the diagonal mark a VML text-path shape
named as Word names its own watermarks ("PowerPlusWaterMarkObject"), which LibreOffice also
reads as a watermark. The properties say who issued the document, its title and when it was
made (the context's clock); the python-docx template's author, comment, 2013 dates,
"Microsoft Macintosh Word" and thumbnail are gone.
"""

from __future__ import annotations

import math
from xml.sax.saxutils import quoteattr

from docx.document import Document as DocxDocument
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn
from docx.section import _BaseHeaderFooter
from docx.shared import Mm, Pt

from giaoban.documents import docx_styles as st
from giaoban.documents.blocks import Align, Document, PageSetup

BOX_SIZE_PT = 12.0
WATERMARK_SIZE_PT = 80.0  # as the PDF's
_VML = (
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" '
    'xmlns:w10="urn:schemas-microsoft-com:office:word"'
)
# Word's own shape type 136 (plain text along a path), as Word writes it for a watermark.
_SHAPETYPE = (
    '<v:shapetype id="_x0000_t136" coordsize="21600,21600" o:spt="136" adj="10800" '
    'path="m@7,l@8,m@5,21600l@6,21600e"><v:formulas>'
    + "".join(f'<v:f eqn="{e}"/>' for e in (
        "sum #0 0 10800", "prod #0 2 1", "sum 21600 0 @1", "sum 0 0 @2", "sum 21600 0 @3",
        "if @0 @3 0", "if @0 21600 @1", "if @0 0 @2", "if @0 @4 21600", "mid @5 @6",
        "mid @8 @5", "mid @7 @8", "mid @6 @7", "sum @6 0 @5"))
    + '</v:formulas><v:path textpathok="t" o:connecttype="custom" '
    'o:connectlocs="@9,0;@10,10800;@11,21600;@12,10800" o:connectangles="270,180,90,0"/>'
    '<v:textpath on="t" fitshape="t"/><v:handles><v:h position="#0,bottomRight" '
    'xrange="6629,14971"/></v:handles><o:lock v:ext="edit" text="t" shapetype="t"/>'
    "</v:shapetype>"
)


def mark_every_page(doc: DocxDocument, setup: PageSetup, text: str, family: str) -> None:
    """The bordered box and the diagonal mark in the headers of every section and page kind."""
    for index, section in enumerate(doc.sections):
        headers = [section.header]
        if section.different_first_page_header_footer:
            headers.append(section.first_page_header)
        for number, header in enumerate(headers, start=1):
            _draft_box(header, setup, text)
            _watermark(header, setup, text, family, f"{index + 1}{number}")


def _draft_box(header: _BaseHeaderFooter, setup: PageSetup, text: str) -> None:
    """A bordered box at the right of the top margin, as the PDF's, on every page.

    The header becomes a borderless row of three cells — nothing, what the header held (the
    page number, centred on the text as before), the box — since Word and LibreOffice both lay
    a table out the same way (LibreOffice ignores a framed paragraph in a header).
    """
    box_mm = (st.bold_caps_width_pt(text, BOX_SIZE_PT) + 14) * 25.4 / 72  # text + 2.5 mm a side
    width = setup.text_width_mm
    table = header.add_table(1, 3, Mm(width))
    st.borderless(table)
    st.fixed_widths(table, [box_mm, width - 2 * box_mm, box_mm])
    left, middle, right = table.rows[0].cells
    st.apply_style(left.paragraphs[0], st.PAGE_NUMBER)  # no taller than the box's line
    held = [p._p for p in header.paragraphs]
    middle_first = middle.paragraphs[0]._p
    for element in held:
        middle_first.addprevious(element)
    if held:
        middle_first.getparent().remove(middle_first)
    else:
        st.apply_style(middle.paragraphs[0], st.PAGE_NUMBER)
    box = right.paragraphs[0]
    st.apply_style(box, st.DRAFT)
    box.add_run(text)
    fmt = box.paragraph_format
    fmt.alignment = st.ALIGN[Align.CENTER]
    fmt.first_line_indent = Mm(0)
    fmt.space_before = fmt.space_after = Pt(0)
    borders = OxmlElement("w:tcBorders")  # the cell's frame (a paragraph's loses its sides)
    for side in ("top", "left", "bottom", "right"):
        node = OxmlElement(f"w:{side}")
        for name, value in (("val", "single"), ("sz", "8"), ("space", "0"), ("color", "000000")):
            node.set(qn(f"w:{name}"), value)
        borders.append(node)
    right._tc.get_or_add_tcPr().get_or_add_tcW().addnext(borders)
    end = header.add_paragraph()  # a header ends with a paragraph; the watermark goes in it
    end.paragraph_format.space_after = Pt(0)
    end.paragraph_format.first_line_indent = Mm(0)
    end.paragraph_format.line_spacing = Pt(1)


def watermark_angle(setup: PageSetup) -> float:
    """The mark's angle, along the page's rising diagonal (the PDF's), in degrees."""
    return math.degrees(math.atan2(setup.page_height_mm, setup.page_width_mm))


def _watermark(header: _BaseHeaderFooter, setup: PageSetup, text: str, family: str,
               key: str) -> None:
    """A light grey diagonal text behind the page's text, centred on the page."""
    width_pt = st.bold_caps_width_pt(text, WATERMARK_SIZE_PT)  # the path fills its box
    style = (
        f"position:absolute;margin-left:0;margin-top:0;width:{width_pt:.0f}pt;"
        f"height:{WATERMARK_SIZE_PT:.0f}pt;rotation:{360 - watermark_angle(setup):.0f};"
        "z-index:-251654144;mso-position-horizontal:center;"
        "mso-position-horizontal-relative:page;mso-position-vertical:center;"
        "mso-position-vertical-relative:page"
    )
    font = f'font-family:"{family}";font-size:1pt;font-weight:bold'
    run = parse_xml(
        f"<w:r {_VML}><w:rPr><w:noProof/></w:rPr><w:pict>{_SHAPETYPE}"
        f'<v:shape id="PowerPlusWaterMarkObject{key}" o:spid="_x0000_s20{key}" '
        f'type="#_x0000_t136" style={quoteattr(style)} o:allowincell="f" '
        f'fillcolor="#b0b0b0" stroked="f"><v:fill opacity=".45"/>'
        f"<v:textpath style={quoteattr(font)} string={quoteattr(text)}/>"
        '<w10:wrap anchorx="page" anchory="page"/></v:shape></w:pict></w:r>'
    )
    header.paragraphs[-1]._p.append(run)


def set_properties(doc: DocxDocument, document: Document) -> None:
    """Author (the issuing body), title, language and the time it was made; nothing of the
    template (its author, comment, dates, application name, thumbnail)."""
    props = doc.core_properties
    props.author = props.last_modified_by = document.issuer
    props.title = document.title
    props.comments = props.subject = props.keywords = props.category = ""
    props.language = "vi-VN"
    props.revision = 1
    created = document.created_utc
    if created is not None:
        props.created = props.modified = created
    else:  # no clock was given: say nothing rather than the template's 2013
        element = props._element
        for tag in ("dcterms:created", "dcterms:modified"):
            node = element.find(qn(tag))
            if node is not None:
                element.remove(node)
    package = doc.part.package
    for rel_id, rel in list(package.rels.items()):
        if rel.reltype in (RT.THUMBNAIL, RT.EXTENDED_PROPERTIES):
            package.rels.pop(rel_id)
