"""What may reach an SVG attribute, and a last check of the finished document.

The writer escapes every attribute value it writes; values with a grammar (colours, dash arrays, path data)
are also validated here, so a hostile spec value fails with a clear error instead of being written at all.
`unsafe_markup` reads the finished SVG as XML and lists anything that could run or load something: build and
lint refuse such a document whatever produced it."""
from __future__ import annotations

import re
from xml.parsers import expat
from xml.sax.saxutils import escape

from diagrams.errors import SpecError

_ATTR_ESCAPES = {'"': "&quot;", "'": "&apos;", "\n": "&#10;", "\r": "&#13;", "\t": "&#9;"}

_COLOR = re.compile(r"^(#[0-9A-Fa-f]{3,4}|#[0-9A-Fa-f]{6}|#[0-9A-Fa-f]{8}|none|currentColor|[a-z]{3,20}"
                    r"|url\(#[A-Za-z][A-Za-z0-9_-]{0,60}\))$")
_NUMBER = r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?"
_DASH = re.compile(rf"^\s*{_NUMBER}(?:(?:\s*,\s*|\s+){_NUMBER})*\s*$")
_PATH = re.compile(r"^[MmLlHhVvCcSsQqTtAaZz0-9eE.,+\-\s]*$")
_KEYWORD = re.compile(r"^[a-z][a-z-]{0,30}$")


def attr(value) -> str:
    """Any attribute value, escaped for a double-quoted attribute."""
    return escape(str(value), _ATTR_ESCAPES)


def color(value) -> str:
    v = str(value)
    if not _COLOR.match(v):
        raise SpecError(f"'{v[:60]}' is not a colour an SVG can take",
                        hint="use a palette name of the theme or #RRGGBB")
    return v


def dash(value) -> str:
    v = str(value)
    if not _DASH.match(v) or len(v) > 200:
        raise SpecError(f"dash pattern '{v[:60]}' is not a list of numbers",
                        hint="write lengths in px separated by spaces, e.g. '5 3', or a line style name")
    return v


def path_data(value) -> str:
    v = str(value)
    if not _PATH.match(v):
        bad = next(c for c in v if not _PATH.match(c))
        raise SpecError(f"path data contains {bad!r}, which no SVG path command takes",
                        hint="a path is made of commands (M, L, C, Q, A, Z …) and numbers")
    return v


def keyword(value) -> str:
    v = str(value)
    if not _KEYWORD.match(v):
        raise SpecError(f"'{v[:60]}' is not an SVG keyword", hint="use a plain keyword such as round or middle")
    return v


# Elements a figure may contain; everything else (script, foreignObject, image, use of outside files …) is refused.
ALLOWED_ELEMENTS = frozenset({
    "svg", "g", "defs", "title", "desc", "path", "rect", "circle", "ellipse", "line", "polyline", "polygon",
    "text", "tspan", "linearGradient", "radialGradient", "stop", "clipPath", "mask", "pattern", "symbol", "use",
    "marker", "style", "metadata",
})
_URL = re.compile(r"url\(\s*(['\"]?)([^)'\"]*)\1\s*\)", re.I)


def unsafe_markup(svg: str) -> list[str]:
    """Problems that make an SVG unsafe to open: script, event handlers, external references, unknown elements."""
    problems: list[str] = []

    def note(msg):
        if len(problems) < 20 and msg not in problems:
            problems.append(msg)

    stack: list[str] = []

    def start(name, attrs):
        local = name.rsplit(" ", 1)[-1]
        stack.append(local)
        if local not in ALLOWED_ELEMENTS:
            note(f"element <{local}> is not allowed in a figure")
        for key, value in attrs.items():
            k = key.rsplit(" ", 1)[-1].lower()
            if k.startswith("on"):
                note(f"event handler attribute {k} is not allowed")
            if k == "href" and not value.startswith("#"):
                note(f"reference to '{value[:60]}' leaves the document")
            for _, target in _URL.findall(value):
                if not target.startswith("#"):
                    note(f"url({target[:60]}) leaves the document")
            if "javascript:" in value.lower():
                note("a javascript: value is not allowed")

    def style_text(data):
        if not stack or stack[-1] != "style":
            return
        if "@import" in data or re.search(r"url\(\s*['\"]?(?!#)", data):
            note("a style sheet loads something from outside the document")

    parser = expat.ParserCreate(namespace_separator=" ")
    parser.StartElementHandler = start
    parser.EndElementHandler = lambda name: stack.pop()
    parser.CharacterDataHandler = style_text
    parser.ProcessingInstructionHandler = lambda target, data: note(f"processing instruction <?{target}?>")

    def no_entities(*args):
        note("an entity declaration is not allowed")

    parser.EntityDeclHandler = no_entities
    parser.StartDoctypeDeclHandler = lambda *a: note("a DOCTYPE is not allowed")
    try:
        parser.Parse(svg.encode("utf-8"), True)
    except expat.ExpatError as exc:
        note(f"the SVG is not well-formed XML ({exc})")
    return problems
