"""Validate loaded spec data against the shipped JSON Schema, reporting one located, actionable error."""
from __future__ import annotations

import functools
import json
from pathlib import Path

from diagrams.errors import SpecError, SpecErrors
from diagrams.spec.loader import where
from diagrams.theme import suggest

SCHEMA_PATH = Path(__file__).resolve().parent.parent / "schema" / "figure.json"


@functools.lru_cache(maxsize=1)
def schema() -> dict:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


@functools.lru_cache(maxsize=1)
def _validator():
    from jsonschema import Draft202012Validator

    return Draft202012Validator(schema())


def field_name(path: list) -> str:
    """A field as people count: ``edge 3`` for ``edges[2]`` (edges are numbered from 1 everywhere), then the keys."""
    if len(path) >= 2 and path[0] == "edges" and isinstance(path[1], int):
        rest = ".".join(str(p) for p in path[2:])
        return f"edge {path[1] + 1}" + (f" {rest}" if rest else "")
    return ".".join(str(p) for p in path) or "the spec"


_KIND_WORD = {"colour": "colour", "style": "style", "icon": "icon", "compute": "computation"}


def _unknown_name(kind: str, value, field: str) -> str:
    shown = str(value) if len(str(value)) <= 60 else str(value)[:60] + "…"
    if not isinstance(value, str):
        return f"{field} must be a {_KIND_WORD.get(kind, kind)} name, not {value!r}"
    return f"unknown {_KIND_WORD.get(kind, kind)} '{shown}' in {field}"


def _name_hint(kind: str, err) -> str | None:
    if not isinstance(err.instance, str):
        return None
    if kind == "colour":
        from diagrams.theme import colour_hint, load_theme

        return colour_hint(err.instance, load_theme("house").palette)
    allowed = err.schema.get("enum") or []
    docs = {"style": "a style of the theme", "icon": "a Lucide icon name (lucide.dev/icons)",
            "compute": "a computation listed in docs/spec-format.md"}
    return suggest(err.instance, allowed, docs.get(kind, "a known name"))


def _message(err) -> tuple[str, str | None, list]:
    """A human sentence and a hint for one jsonschema error; also the path to point at."""
    path = list(err.absolute_path)
    field = field_name(path)
    kind = (err.schema.get("$comment") or "") if isinstance(err.schema, dict) else ""
    if kind.startswith("names: "):       # a colour, style, icon or computation name of the generated lists
        return _unknown_name(kind[len("names: "):], err.instance, field), _name_hint(kind[7:], err), path
    if err.validator == "additionalProperties":
        extra = [k for k in err.instance if k not in err.schema.get("properties", {})]
        key = extra[0] if extra else "?"
        allowed = list(err.schema.get("properties", {}))
        return f"unknown key '{key}' in {field}", suggest(key, allowed, "one of the documented keys"), path + [key]
    if err.validator == "required":
        missing = err.message.split("'")[1] if "'" in err.message else err.message
        if missing in ("en", "zh"):
            return (f"{field} lacks its '{missing}' translation",
                    "give both languages, {en: ..., zh: ...}, or one plain string for both", path)
        return f"{field} needs the key '{missing}'", None, path
    if err.validator == "oneOf" and path and isinstance(err.instance, dict):
        keys = set(err.instance)
        if keys & {"en", "zh"} and not keys >= {"en", "zh"}:
            lacking = "zh" if "en" in keys else "en"
            return (f"{field} lacks its '{lacking}' translation",
                    "give both languages, {en: ..., zh: ...}, or one plain string for both", path)
        return f"{field} must be a string or {{en: ..., zh: ...}}", None, path
    if err.validator == "enum":
        allowed = err.validator_value
        return (f"{field} is '{err.instance}', which is not allowed",
                suggest(err.instance, allowed, "one of " + ", ".join(map(str, allowed))), path)
    if err.validator == "type":
        want = err.validator_value if isinstance(err.validator_value, str) else " or ".join(err.validator_value)
        got = type(err.instance).__name__.replace("Mapping", "mapping").replace("Sequence", "list")
        return f"{field} must be a {want}, not a {got}", None, path
    if err.validator == "pattern":
        return (f"{field} '{err.instance}' has the wrong form",
                "use lowercase letters, digits and hyphens (ids) or letters, digits, _ and - (node names)", path)
    if err.validator in ("maxLength", "maxItems", "maxProperties", "maximum", "minimum", "minItems"):
        return f"{field}: {err.message}", f"the limit is {err.validator_value}", path
    return f"{field}: {err.message}", None, path


MAX_NODES = 2000
MAX_EDGES = 400      # the busiest figure has 201; 2000 elbow edges with jumps took minutes to route


def _count_nodes(nodes) -> int:
    total, stack = 0, [nodes]
    while stack:
        current = stack.pop()
        if not isinstance(current, dict):
            continue
        for child in current.values():
            total += 1
            if isinstance(child, dict):
                stack.extend(child[k] for k in ("rows", "cols") if k in child)
    return total


def check_counts(data, file: str) -> None:
    """Refuse oversized figures before the schema walks them (which would take long)."""
    n = _count_nodes(data.get("nodes"))
    if n > MAX_NODES:
        line, col = where(data, ["nodes"])
        raise SpecError(f"the figure has {n} nodes, over the limit of {MAX_NODES}", file=file, line=line, col=col,
                        hint="split it into several figures")
    edges = data.get("edges")
    if isinstance(edges, list) and len(edges) > MAX_EDGES:
        line, col = where(data, ["edges"])
        raise SpecError(f"the figure has {len(edges)} edges, over the limit MAX_EDGES = {MAX_EDGES}", file=file, line=line,
                        col=col, hint="split it into several figures")


@functools.lru_cache(maxsize=1)
def _node_validator():
    """Validates a node's per-language overrides (`lang: {en: {...}, zh: {...}}`) like node keys.

    The schema itself leaves them open (a recursive $ref would defeat schema-driven fuzzing)."""
    from jsonschema import Draft202012Validator

    return Draft202012Validator({"$ref": "#/$defs/node", "$defs": schema()["$defs"]})


def _overrides(nodes, path):
    """(path, override) of every `lang` entry of the nodes, at any depth."""
    if not isinstance(nodes, dict):
        return
    for name, node in nodes.items():
        if not isinstance(node, dict):
            continue
        lang = node.get("lang")
        if isinstance(lang, dict):
            for code, over in lang.items():
                if isinstance(over, dict):
                    yield path + [name, "lang", code], over
        for key in ("rows", "cols"):
            yield from _overrides(node.get(key), path + [name, key])


def _node_names(nodes, parent="") -> tuple[set, set]:
    """Every node's full name (a.b for b inside a), and those of the components (which may name parts a.part)."""
    known, components = set(), set()
    if isinstance(nodes, dict):
        for name, node in nodes.items():
            full = f"{parent}.{name}" if parent else str(name)
            known.add(full)
            if isinstance(node, dict):
                if node.get("component"):
                    components.add(full)
                for key in ("rows", "cols"):
                    k, c = _node_names(node.get(key), full)
                    known |= k
                    components |= c
    return known, components


def _reference_errors(data, file: str) -> list[SpecError]:
    """Edges that name a node the spec does not have (build_model's check, all of them at once and alongside the
    schema's errors)."""
    from diagrams.model import resolve_end

    known, components = _node_names(data.get("nodes"))
    edges = data.get("edges")
    out = []
    for i, e in enumerate(edges if isinstance(edges, list) else []):
        if not isinstance(e, dict):
            continue
        for end in ("from", "to"):
            names = e.get(end) if isinstance(e.get(end), list) else [e.get(end)]
            for name in names:
                if not isinstance(name, str) or resolve_end(name, known, components) is not None:
                    continue
                line, col = where(data, ["edges", i, end])
                out.append(SpecError(f"edge {i + 1} goes {end} unknown node '{name}'", file=file, line=line, col=col,
                                     hint=suggest(name, known, "a node name of this spec")))
    return out


MAX_REPORTED_ERRORS = 20    # errors of one spec reported in one run


def validate(data, file: str) -> None:
    """Raise one SpecError, or SpecErrors with every schema error of the spec (up to MAX_REPORTED_ERRORS)."""
    from jsonschema.exceptions import best_match, relevance

    check_counts(data, file)

    found = [([], err) for err in _validator().iter_errors(data)]
    if not found:
        for path, over in _overrides(data.get("nodes"), ["nodes"]):
            found += [(path, err) for err in _node_validator().iter_errors(over)]
    errors = _reference_errors(data, file)
    if not found and not errors:
        return
    seen = set()
    for prefix, err in found:
        # the deepest, most specific error of each (an unknown key beats "oneOf failed" of its parent)
        while err.context:
            err = best_match(err.context, key=relevance)
        # a oneOf over text reports its own branch errors; a missing translation reads better from the oneOf
        shown = err if err.parent is None or err.parent.validator not in ("oneOf", "anyOf") else err.parent
        msg, hint, path = _message(shown)
        if prefix:  # name the field from the top of the spec, not from the override
            msg = msg.replace(field_name(list(shown.absolute_path)), field_name(prefix + list(shown.absolute_path)), 1)
            path = prefix + path
        line, col = where(data, path)
        if (line, col, msg) not in seen:
            seen.add((line, col, msg))
            errors.append(SpecError(msg, file=file, line=line, col=col, hint=hint))
    errors.sort(key=lambda e: (e.line or 0, e.col or 0))
    if len(errors) == 1:
        raise errors[0]
    raise SpecErrors(errors[:MAX_REPORTED_ERRORS], more=len(errors) - MAX_REPORTED_ERRORS)
