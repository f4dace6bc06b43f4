"""Components: figure parts too specific for boxes and arrows (tables, bit layouts, bar charts, plots).

A node with ``component: NAME`` is built by ``diagrams/components/NAME.py``, which defines
``make(node, ctx) -> Block``. Its inputs are the node's ``data`` (plain values, bilingual strings allowed)
and optionally ``compute``/``args``, which name a function of ``diagrams.numeric`` whose results it shows.
"""
from __future__ import annotations

import importlib
import pkgutil
import re

from diagrams.errors import SpecError
from diagrams.theme import suggest

_NAME = re.compile(r"^[a-z][a-z0-9_]*$")


def available() -> list[str]:
    return sorted(m.name for m in pkgutil.iter_modules(__path__) if not m.name.startswith("_"))


def make_component(node, ctx):
    name = node.get("component")
    if not _NAME.match(name) or name not in available():
        raise SpecError(f"unknown component '{name}'", hint=suggest(name, available(), "a component name"))
    module = importlib.import_module(f"diagrams.components.{name}")
    return module.make(node, ctx)


def localized(value, lang: str):
    """``value`` with every ``{en: ..., zh: ...}`` mapping (at any depth) replaced by its ``lang`` entry."""
    if isinstance(value, dict):
        if set(value) == {"en", "zh"}:
            return localized(value[lang], lang)
        return {k: localized(v, lang) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [localized(v, lang) for v in value]
    return value


def computed(node, ctx):
    """Run the node's ``compute`` with its ``args`` (None when the node computes nothing).

    An argument written as ``{en: ..., zh: ...}`` gives each language its own example input."""
    name = node.get("compute")
    if not name:
        return None
    from diagrams import numeric

    try:
        return numeric.compute(name, localized(dict(node.get("args") or {}), ctx.lang))
    except KeyError as exc:
        raise SpecError(str(exc).strip("'\""), hint="name a computation of diagrams.numeric (module.function)") from None
    except (TypeError, ValueError, ZeroDivisionError, OverflowError) as exc:
        raise SpecError(f"computation '{name}' rejected its args: {exc}", hint="check `args:` against the function") from None
    except MemoryError:
        raise SpecError(f"computation '{name}' needs too much memory for its args",
                        hint="a figure shows a few dozen numbers; use smaller inputs") from None


MAX_ARG_NUMBER = 1e7        # larger sizes or counts make arrays no figure can show
MAX_ARG_ITEMS = 10_000


def _check_args(args, name: str) -> None:
    stack = [args]
    while stack:
        v = stack.pop()
        if isinstance(v, bool):
            continue
        if isinstance(v, (int, float)) and abs(v) > MAX_ARG_NUMBER:
            raise SpecError(f"computation '{name}' got the number {v}, over the limit of {MAX_ARG_NUMBER:g}",
                            hint="a figure's inputs are small examples")
        if isinstance(v, (list, tuple)):
            if len(v) > MAX_ARG_ITEMS:
                raise SpecError(f"computation '{name}' got a list of {len(v)} items, over the limit of {MAX_ARG_ITEMS}")
            stack.extend(v)
        elif isinstance(v, dict):
            stack.extend(v.values())
