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


def computed(node, ctx):
    """Run the node's ``compute`` with its ``args`` (None when the node computes nothing)."""
    name = node.get("compute")
    if not name:
        return None
    from diagrams import numeric

    try:
        return numeric.compute(name, dict(node.get("args") or {}))
    except KeyError as exc:
        raise SpecError(str(exc).strip("'\""), hint="name a computation of diagrams.numeric (module.function)") from None
    except (TypeError, ValueError) as exc:
        raise SpecError(f"computation '{name}' rejected its args: {exc}", hint="check `args:` against the function") from None
