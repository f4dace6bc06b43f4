"""Text from specs and file names, made safe for every output: SVG, HTML, JSON, Markdown and the terminal.

Specs may hold any character YAML can escape ("\\0", "\\e", "\\u202e"): control characters are invalid XML or
move the cursor and ring the bell in a terminal, and bidi overrides and isolates make text read differently
from what it is ("Trojan Source"). Outputs drop them (``clean_text``); the terminal shows them escaped
(``terminal_safe``), so that an error message still says what is in the file.
"""
from __future__ import annotations

import re

# C0 controls except tab, line feed and carriage return (whitespace where text keeps it), DEL, the C1 controls,
# and the bidi marks, embeddings, overrides and isolates (U+061C, U+200E/F, U+202A–202E, U+2066–2069).
_BIDI = (0x061C, 0x200E, 0x200F, 0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069)
_UNSAFE = ([c for c in range(0x00, 0x20) if c not in (9, 10, 13)] + [0x7F] + list(range(0x80, 0xA0))
           + list(_BIDI))
_STRIP = dict.fromkeys(_UNSAFE)
_UNSAFE_RE = re.compile("[" + "".join(re.escape(chr(c)) for c in _UNSAFE) + "]")
# in the terminal a line break or tab inside one message is escaped too; a message's own line breaks are not
_TERMINAL_RE = re.compile("[" + "".join(re.escape(chr(c)) for c in _UNSAFE + [9, 13]) + "]")


def clean_text(text: str) -> str:
    """``text`` without control characters (tab and line breaks stay) and bidi formatting characters."""
    return text.translate(_STRIP)


def has_unsafe(text: str) -> str | None:
    """The first control or bidi formatting character of ``text``, if any."""
    m = _UNSAFE_RE.search(text)
    return m.group(0) if m else None


def _escape(m: re.Match) -> str:
    o = ord(m.group(0))
    return f"\\x{o:02x}" if o < 0x100 else f"\\u{o:04x}"


def terminal_safe(text: str) -> str:
    """``text`` for a terminal: control and bidi characters shown as visible escapes (ESC → ``\\x1b``)."""
    return _TERMINAL_RE.sub(_escape, str(text))


def clean_value(value):
    """A JSON-like value (dicts, lists, strings) with every string cleaned, for manifest entries."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, dict):
        return {clean_value(k): clean_value(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [clean_value(v) for v in value]
    return value
