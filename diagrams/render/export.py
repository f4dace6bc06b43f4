"""SVG → PNG (2×) and PDF with cairosvg, using the installed CJK font for every text element."""
from __future__ import annotations

import functools
import re

from diagrams.theme import Theme

PNG_SCALE = 2.0
_FONT_ATTR = re.compile(r'font-family="[^"]*"')


def for_raster(svg: str, theme: Theme) -> str:
    """cairosvg uses only the first family of a stack, so give it the one font that is installed
    (the monospaced face for stacks that end in ``monospace``)."""
    plain = f'font-family="{theme.fonts["raster"]}"'
    mono = f'font-family="{theme.fonts.get("mono_raster", theme.fonts["raster"])}"'
    return _FONT_ATTR.sub(lambda m: mono if "monospace" in m.group(0) else plain, svg)


def to_png(svg: str, theme: Theme) -> bytes:
    import cairosvg

    return cairosvg.svg2png(bytestring=for_raster(svg, theme).encode("utf-8"), scale=PNG_SCALE, unsafe=False)


def to_pdf(svg: str, theme: Theme) -> bytes:
    """A vector PDF, byte for byte the same for the same SVG: cairo would stamp the current time as its
    /CreationDate; it gets SOURCE_DATE_EPOCH instead (the reproducible-builds convention) or 1970-01-01."""
    return _pdf_surface().convert(bytestring=for_raster(svg, theme).encode("utf-8"), unsafe=False)


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
