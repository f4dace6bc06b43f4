"""Validate loaded spec data against the shipped JSON Schema, reporting one located, actionable error."""
from __future__ import annotations

import functools
import json
from pathlib import Path

from diagrams.errors import SpecError
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


def _message(err) -> tuple[str, str | None, list]:
    """A human sentence and a hint for one jsonschema error; also the path to point at."""
    path = list(err.absolute_path)
    field = ".".join(str(p) for p in path) or "the spec"
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


def validate(data, file: str) -> None:
    from jsonschema.exceptions import best_match, relevance

    check_counts(data, file)

    errors = list(_validator().iter_errors(data))
    prefix: list = []
    if not errors:
        for path, over in _overrides(data.get("nodes"), ["nodes"]):
            found = list(_node_validator().iter_errors(over))
            if found:
                errors, prefix = found, path
                break
    if not errors:
        return
    # Prefer the deepest, most specific error (an unknown key beats "oneOf failed" of its parent).
    err = best_match(errors, key=relevance)
    while err.context:
        err = best_match(err.context, key=relevance)
    # A oneOf over text reports its own branch errors; a missing translation reads better from the oneOf.
    msg, hint, path = _message(err if err.parent is None or err.parent.validator != "oneOf" else err.parent)
    if prefix:  # name the field from the top of the spec, not from the override
        rel = ".".join(str(p) for p in err.absolute_path) or "the spec"
        full = ".".join(str(p) for p in prefix + list(err.absolute_path))
        msg = msg.replace(rel, full, 1)
        path = prefix + path
    line, col = where(data, path)
    raise SpecError(msg, file=file, line=line, col=col, hint=hint)
