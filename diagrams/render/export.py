"""SVG → PNG and PDF with cairosvg, using the installed CJK font for every text element.

The PNG carries its resolution (pHYs), so office software inserts it at the SVG's size whatever the scale. The PDF
carries the figure's title and only the glyphs it shows: cairo keeps every subroutine of the CJK font's charstrings
(a Chinese figure's PDF was 1 MB, its English twin 95 KB), so the embedded fonts are desubroutinized and pruned."""
from __future__ import annotations

import functools
import io
import re
import struct
import zlib

from diagrams.theme import Theme

PNG_SCALE = 2.0
MAX_PNG_SCALE = 8.0
CSS_DPI = 96.0               # one SVG user unit is one CSS pixel, 1/96 inch
_FONT_ATTR = re.compile(r'font-family="[^"]*"')


def for_raster(svg: str, theme: Theme) -> str:
    """cairosvg uses only the first family of a stack, so give it the one font that is installed
    (the monospaced face for stacks that end in ``monospace``)."""
    from diagrams.outline import math_texts

    svg = math_texts(svg)     # numbers in the math face: the formulas' outlines (cairo has no STIX face)
    plain = f'font-family="{theme.fonts["raster"]}"'
    mono = f'font-family="{theme.fonts.get("mono_raster", theme.fonts["raster"])}"'
    return _FONT_ATTR.sub(lambda m: mono if "monospace" in m.group(0) else plain, svg)


def to_png(svg: str, theme: Theme, scale: float = PNG_SCALE) -> bytes:
    import cairosvg

    png = cairosvg.svg2png(bytestring=for_raster(svg, theme).encode("utf-8"), scale=scale, unsafe=False)
    return with_resolution(png, CSS_DPI * scale)


def with_resolution(png: bytes, dpi: float) -> bytes:
    """The PNG with a pHYs chunk of ``dpi`` right after IHDR (replacing any other pHYs)."""
    sig, pos = png[:8], 8
    chunks = []
    while pos < len(png):
        length, kind = struct.unpack(">I4s", png[pos:pos + 8])
        end = pos + 12 + length
        if kind != b"pHYs":
            chunks.append(png[pos:end])
        pos = end
    ppm = round(dpi / 0.0254)
    body = b"pHYs" + struct.pack(">IIB", ppm, ppm, 1)
    phys = struct.pack(">I", 9) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)
    return sig + chunks[0] + phys + b"".join(chunks[1:])


def to_pdf(svg: str, theme: Theme, title: str | None = None) -> bytes:
    """A vector PDF, byte for byte the same for the same SVG: cairo would stamp the current time as its
    /CreationDate; it gets SOURCE_DATE_EPOCH instead (the reproducible-builds convention) or 1970-01-01."""
    pdf = _pdf_surface().convert(bytestring=for_raster(svg, theme).encode("utf-8"), unsafe=False)
    return _slim_pdf(pdf, title)


def _slim_pdf(pdf: bytes, title: str | None) -> bytes:
    """Embedded CFF fonts desubroutinized with unused subroutines dropped; the title in the document info."""
    import pikepdf
    from fontTools.cffLib import CFFFontSet
    from fontTools.cffLib.transforms import desubroutinize, remove_unused_subroutines

    doc = pikepdf.open(io.BytesIO(pdf))
    for obj in doc.objects:
        if isinstance(obj, pikepdf.Stream) and obj.get("/Subtype") == "/CIDFontType0C":
            cff = CFFFontSet()
            cff.decompile(io.BytesIO(obj.read_bytes()), None)
            desubroutinize(cff)
            remove_unused_subroutines(cff)
            out = io.BytesIO()
            cff.compile(out, _NoBBoxes())
            obj.write(out.getvalue())
    if title:
        doc.docinfo["/Title"] = title
    out = io.BytesIO()
    # no object streams: the document info stays readable as plain text (as cairo writes it)
    doc.save(out, deterministic_id=True, compress_streams=True, object_stream_mode=pikepdf.ObjectStreamMode.disable)
    return out.getvalue()


class _NoBBoxes:
    """What CFFFontSet.compile asks of the font around it: a bare CFF keeps its bounding boxes."""
    recalcBBoxes = False


def pdf_date() -> str:
    """The PDF's creation date, ISO 8601 in UTC: SOURCE_DATE_EPOCH when set (a number), else 1970-01-01.
    (It is not part of a build's cache key: after changing it, build with --force.)"""
    import datetime
    import os

    try:
        epoch = int(os.environ.get("SOURCE_DATE_EPOCH", "0"))
        when = datetime.datetime.fromtimestamp(epoch, datetime.timezone.utc)
    except (ValueError, OverflowError, OSError):
        when = datetime.datetime.fromtimestamp(0, datetime.timezone.utc)
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")


@functools.lru_cache(maxsize=1)
def _pdf_surface():
    import cairocffi
    from cairosvg.surface import PDFSurface

    class ReproduciblePDFSurface(PDFSurface):
        def _create_surface(self, width, height):
            surface, width, height = super()._create_surface(width, height)
            try:
                surface.set_metadata(cairocffi.PDF_METADATA_CREATE_DATE, pdf_date())
            except (AttributeError, NotImplementedError, cairocffi.CairoError):  # cairo < 1.16: no metadata
                pass
            return surface, width, height

    return ReproduciblePDFSurface
