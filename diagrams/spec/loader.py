"""Load a spec's YAML safely, remembering where each mapping and key sits (line, column).

Limits are enforced while composing, before any large structure exists: file size, nesting depth,
alias use (the "billion laughs" expansion), and the number of nodes.
"""
from __future__ import annotations

import functools

import re
from pathlib import Path

import yaml
from yaml.composer import Composer
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from diagrams.errors import SpecError

MAX_FILE_BYTES = 1_000_000
MAX_DEPTH = 40
MAX_ALIASES = 100
MAX_YAML_NODES = 50_000      # values after alias expansion: a figure needs a few hundred
MAX_INT_DIGITS = 100         # digits of an integer (Python refuses to read more than 4300 of them)


class Mapping(dict):
    """A dict that knows where it and each of its keys were written."""
    start: tuple[int, int] = (0, 0)
    keys_at: dict

    def where(self, key=None) -> tuple[int, int]:
        if key is not None and key in getattr(self, "keys_at", {}):
            return self.keys_at[key]
        return self.start


class Sequence(list):
    start: tuple[int, int] = (0, 0)
    items_at: list

    def where(self, index=None) -> tuple[int, int]:
        if index is not None and 0 <= index < len(getattr(self, "items_at", [])):
            return self.items_at[index]
        return self.start


# libyaml scans and parses (the slow part in pure Python) when PyYAML has it; composing stays in Python
# so that the limits below are enforced while the node graph is built.
if getattr(yaml, "__with_libyaml__", False):
    from yaml._yaml import CParser as _Parser

    class _Base(Composer, _Parser, yaml.constructor.SafeConstructor, yaml.resolver.Resolver):
        def __init__(self, stream):
            _Parser.__init__(self, stream)
            Composer.__init__(self)
            yaml.constructor.SafeConstructor.__init__(self)
            yaml.resolver.Resolver.__init__(self)
else:  # pragma: no cover - PyYAML without libyaml
    _Base = yaml.SafeLoader


# What a backslash and a letter become in a double-quoted YAML string: "\frac" is a form feed and "rac".
_ESCAPED = {"\a": "a", "\b": "b", "\v": "v", "\f": "f", "\x1b": "e", "\0": "0", "\t": "t", "\n": "n", "\r": "r"}
_NEVER_MEANT = re.compile("[\a\b\v\f\x1b\0][A-Za-z]*")       # no figure means these characters
_MATH = re.compile(r"\$[^$]*\$")
_IN_MATH = re.compile("[\t\n\r][A-Za-z]+")                    # a tab or line break inside $…$: \theta, \nabla


@functools.lru_cache(maxsize=1)
def _tex_commands() -> frozenset:
    """Names of TeX commands mathtext knows (symbols and the common functions and accents)."""
    from matplotlib._mathtext_data import tex2uni

    return frozenset(tex2uni) | {"frac", "dfrac", "tfrac", "sqrt", "mathrm", "mathbf", "mathit", "mathcal", "mathbb",
                                 "mathsf", "mathtt", "text", "textrm", "textbf", "left", "right", "hat", "bar",
                                 "vec", "tilde", "dot", "ddot", "overline", "underline", "operatorname", "binom",
                                 "genfrac", "quad", "qquad", "boldsymbol", "widehat", "widetilde", "log", "exp",
                                 "max", "min", "arg", "sum", "prod", "int", "lim", "sin", "cos", "tan"}


def _refuse_swallowed_backslash(value: str, node) -> None:
    """A TeX command in double quotes loses its backslash to a YAML escape ("\\frac" is a form feed and "rac");
    say so instead of drawing garbage. Only where a known command results: other control characters are cleaned
    from the text later, as always."""
    candidates = list(_NEVER_MEANT.finditer(value))
    for math in _MATH.finditer(value):
        candidates += list(_IN_MATH.finditer(math.group(0)))
    m = next((c for c in candidates if _ESCAPED[c.group(0)[0]] + c.group(0)[1:] in _tex_commands()), None)
    if m is None:
        return
    word = m.group(0)
    tex = "\\" + _ESCAPED[word[0]] + word[1:]
    raise SpecError(f'"{tex}" in double quotes is a YAML escape: the backslash and "{tex[1:2]}" became the '
                    f"control character {word[0]!r}", line=node.start_mark.line + 1, col=node.start_mark.column + 1,
                    hint=f"write the text in single quotes ('{tex}') or double the backslash (\\{tex})")


class _Loader(_Base):
    """A safe loader that counts depth, aliases and nodes while composing, and keeps marks."""

    def __init__(self, stream):
        super().__init__(stream)
        self._depth = 0
        self._aliases = 0
        self._nodes = 0

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            self._aliases += 1
            if self._aliases > MAX_ALIASES:
                ev = self.peek_event()
                raise SpecError(f"more than {MAX_ALIASES} YAML aliases (*name)", line=ev.start_mark.line + 1,
                                col=ev.start_mark.column + 1, hint="write the values out; aliases are limited")
        self._nodes += 1
        if self._nodes > MAX_YAML_NODES:
            ev = self.peek_event()
            raise SpecError(f"more than {MAX_YAML_NODES} YAML values", line=ev.start_mark.line + 1,
                            hint="split the figure; a spec this large is not a diagram")
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                ev = self.peek_event()
                raise SpecError(f"nesting deeper than {MAX_DEPTH} levels", line=ev.start_mark.line + 1,
                                col=ev.start_mark.column + 1, hint="flatten the spec")
            return Composer.compose_node(self, parent, index)
        finally:
            self._depth -= 1

    def construct_mapping(self, node, deep=False):
        if not isinstance(node, MappingNode):
            return super().construct_mapping(node, deep)
        out = Mapping()
        out.start = (node.start_mark.line + 1, node.start_mark.column + 1)
        out.keys_at = {}
        own: set = set()
        explicit = sum(1 for k, _ in node.value if k.tag != "tag:yaml.org,2002:merge")
        self.flatten_mapping(node)
        merged = len(node.value) - explicit     # `<<: *look` pairs come first; the mapping's own keys override them
        for i, (key_node, value_node) in enumerate(node.value):
            key = self.construct_object(key_node, deep=True)
            if isinstance(key, bool) and isinstance(key_node, ScalarNode) and not key_node.style:
                key = key_node.value       # a key is a word: `on:` (align … on: left) is not YAML 1.1's true
            if not isinstance(key, (str, int, float, bool)) or key is None:
                raise SpecError("a mapping key must be a plain word", line=key_node.start_mark.line + 1,
                                col=key_node.start_mark.column + 1)
            if key in out.keys_at and i >= merged and out.keys_at[key] in own:
                raise SpecError(f"duplicate key '{key}'", line=key_node.start_mark.line + 1,
                                col=key_node.start_mark.column + 1,
                                hint=f"it was already set on line {out.keys_at[key][0]}; keep one")
            out.keys_at[key] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            if i >= merged:
                own.add(out.keys_at[key])
            out[key] = self.construct_object(value_node, deep=True)
        return out

    def construct_int(self, node):
        digits = len(node.value.replace("_", "").lstrip("+-"))
        if digits > MAX_INT_DIGITS:
            raise SpecError(f"an integer of {digits} digits, over the limit MAX_INT_DIGITS = {MAX_INT_DIGITS}",
                            line=node.start_mark.line + 1, col=node.start_mark.column + 1,
                            hint="write a smaller number, or quote it to show it as text")
        return self.construct_yaml_int(node)

    def construct_yaml_str(self, node):
        value = super().construct_yaml_str(node)
        if getattr(node, "style", None) == '"':
            _refuse_swallowed_backslash(value, node)
        return value

    def construct_sequence(self, node, deep=False):
        out = Sequence(self.construct_object(child, deep=True) for child in node.value)
        out.start = (node.start_mark.line + 1, node.start_mark.column + 1)
        out.items_at = [(c.start_mark.line + 1, c.start_mark.column + 1) for c in node.value]
        return out


# YAML 1.1 (PyYAML) reads 1e12 as a string; people mean a number, as in YAML 1.2.
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^[-+]?(?:[0-9][0-9_]*)(?:\.[0-9_]*)?[eE][-+]?[0-9]+$"),
    list("-+0123456789"))
_Loader.add_constructor("tag:yaml.org,2002:int", _Loader.construct_int)
_Loader.add_constructor("tag:yaml.org,2002:str", _Loader.construct_yaml_str)
_Loader.add_constructor("tag:yaml.org,2002:map", _Loader.construct_mapping)
_Loader.add_constructor("tag:yaml.org,2002:seq", _Loader.construct_sequence)


def load_yaml(path: Path) -> Mapping:
    """Parse one spec file into position-aware mappings; every problem is a located SpecError."""
    data = parse_yaml(path)
    if not isinstance(data, Mapping):
        kind = "empty" if data is None else type(data).__name__.replace("Sequence", "list")
        raise SpecError(f"the spec must be a mapping of keys (id, title, nodes, …), but it is {kind}",
                        file=str(path), line=1, hint="start the file with `id: <figure-id>`")
    return data


def parse_yaml(path: Path, *, what: str = "spec", max_bytes: int = MAX_FILE_BYTES):
    """Parse one YAML file (a spec, or another file of the specs tree such as chapters.yaml: ``what`` names it
    in messages) with the limits above; every problem is a located SpecError. Returns the document, which may
    be None (an empty file) or not a mapping: the caller checks its shape."""
    import stat

    path = Path(path)
    try:
        st = path.stat()
    except OSError as exc:
        raise SpecError(f"cannot read the {what}: {exc.strerror}", file=str(path)) from None
    if not stat.S_ISREG(st.st_mode):   # a FIFO blocks, /dev/zero never ends
        raise SpecError(f"the {what} is not a regular file", file=str(path), hint="make it an ordinary text file")
    hint = ("a figure spec should be a few kB; move data into the numeric package" if what == "spec"
            else f"a {what} should be a few kB")
    if st.st_size > max_bytes:
        raise SpecError(f"{what} is {st.st_size} bytes, over the limit of {max_bytes}", file=str(path), hint=hint)
    try:
        with open(path, "rb") as f:
            raw = f.read(max_bytes + 1)     # the file may have grown since stat
    except OSError as exc:
        raise SpecError(f"cannot read the {what}: {exc.strerror}", file=str(path)) from None
    if len(raw) > max_bytes:
        raise SpecError(f"{what} is over the limit of {max_bytes} bytes", file=str(path), hint=hint)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[:exc.start].count(b"\n") + 1
        raise SpecError("the file is not UTF-8 text", file=str(path), line=line, hint="save it as UTF-8") from None
    if "\x00" in text:
        raise SpecError("the file contains a NUL byte", file=str(path), line=text[:text.index("\x00")].count("\n") + 1)
    bad = next((i for i, ch in enumerate(text) if _unprintable(ch)), None)
    if bad is not None:
        line = text.count("\n", 0, bad) + 1
        col = bad - (text.rfind("\n", 0, bad) + 1) + 1
        raise SpecError(f"the file contains the control character U+{ord(text[bad]):04X}", file=str(path), line=line,
                        col=col, hint="remove it; write special characters as YAML escapes in double quotes")
    loader = _Loader(text)
    try:
        docs = []
        while loader.check_node():
            docs.append(loader.get_node())
            if len(docs) > 1:
                raise SpecError("the file holds more than one YAML document (---)", file=str(path),
                                line=docs[1].start_mark.line + 1,
                                hint="one figure per file" if what == "spec" else "keep one document")
        if docs:
            _check_expanded_size(docs[0])
        data = loader.construct_document(docs[0]) if docs else None
        _check_finite(data)
    except SpecError as exc:
        raise exc.located(file=str(path))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = (exc.problem or exc.context or "invalid YAML").strip()
        raise SpecError(f"YAML syntax error: {problem}", file=str(path),
                        line=mark.line + 1 if mark else None, col=mark.column + 1 if mark else None,
                        hint="check indentation, colons and quotes around this place") from None
    except yaml.YAMLError as exc:
        raise SpecError(f"YAML error: {str(exc).splitlines()[0]}", file=str(path)) from None
    except RecursionError:
        raise SpecError("nesting too deep", file=str(path), hint=f"flatten the {what}") from None
    finally:
        loader.dispose()
    return data


def _unprintable(ch: str) -> bool:
    """Characters YAML refuses in a stream (its printable set: tab, newlines, and the rest)."""
    o = ord(ch)
    return not (o in (9, 10, 13) or 0x20 <= o <= 0x7E or o == 0x85 or 0xA0 <= o <= 0xD7FF
                or 0xE000 <= o <= 0xFFFD or 0x10000 <= o <= 0x10FFFF)


def _check_expanded_size(root) -> None:
    """Refuse documents whose aliases expand to too many values ("billion laughs"), counting without expanding."""
    sizes: dict[int, int] = {}
    stack = [(root, False)]
    while stack:
        node, done = stack.pop()
        key = id(node)
        if key in sizes:
            continue
        children = []
        if isinstance(node, MappingNode):
            children = [n for pair in node.value for n in pair]
        elif isinstance(node, SequenceNode):
            children = list(node.value)
        if not done:
            stack.append((node, True))
            stack.extend((c, False) for c in children if id(c) not in sizes)
            continue
        total = 1 + sum(sizes.get(id(c), 1) for c in children)
        sizes[key] = total
        if total > MAX_YAML_NODES:
            raise SpecError(f"the document expands to more than {MAX_YAML_NODES} values",
                            line=node.start_mark.line + 1, col=node.start_mark.column + 1,
                            hint="aliases (*name) multiply what they point to; write a smaller spec")


def _check_finite(data) -> None:
    """NaN and infinity are valid YAML floats but never a valid size, position or input."""
    import math

    stack = [(data, None, None)]
    while stack:
        value, parent, key = stack.pop()
        if isinstance(value, float) and not math.isfinite(value):
            line, col = parent.where(key) if parent is not None else (None, None)
            raise SpecError(f"the number {value} is not finite", line=line, col=col,
                            hint="use an ordinary number; NaN and infinity are not allowed in specs")
        if isinstance(value, Mapping):
            stack.extend((v, value, k) for k, v in value.items())
        elif isinstance(value, Sequence):
            stack.extend((v, value, i) for i, v in enumerate(value))


def where(data, path) -> tuple[int | None, int | None]:
    """Line and column of the value at ``path`` (a sequence of keys/indices) inside loaded data."""
    node, best = data, getattr(data, "start", (None, None))
    for step in path:
        try:
            if isinstance(node, Mapping) and step in node:
                best = node.where(step)
                node = node[step]
            elif isinstance(node, Sequence) and isinstance(step, int) and step < len(node):
                best = node.where(step)
                node = node[step]
            else:
                break
        except TypeError:
            break
    return best


def outside_tree(path: Path, root: Path) -> Path | None:
    """Where ``path`` really is, when a symbolic link (the file's or a folder's on the way) takes it outside
    ``root``; None when it stays inside. A link loop counts as outside."""
    try:
        real = Path(path).resolve()
        base = Path(root).resolve()
    except (OSError, RuntimeError):
        return Path(path)
    return None if real == base or base in real.parents else real
