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


def _where(node, at, key):
    """Line and column of ``key`` in the mapping ``at`` (a spec's args as loaded), else of the node's ``args``."""
    if key is not None and hasattr(at, "where") and key in at:
        return at.where(key)
    if hasattr(node, "where"):
        return node.where("args" if node.get("args") is not None else "compute")
    return (None, None)


def _short(text: str, limit: int = 300) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


def computed(node, ctx, at=None):
    """Run the node's ``compute`` with its ``args`` (None when the node computes nothing).

    An argument written as ``{en: ..., zh: ...}`` gives each language its own example input. ``at``: the args
    mapping as written in the spec, for locating an error at one argument's key (default: the node's args).
    Every problem is a SpecError located at the argument, or at the node's ``args``: an argument over one of
    the limits of ``diagrams.numeric.limits`` (named in the message), or one the computation rejects."""
    name = node.get("compute")
    if not name:
        return None
    from diagrams import numeric
    from diagrams.numeric.limits import ArgLimitError
    from diagrams.numeric.registry import UnknownComputation

    raw = node.get("args")
    raw = {} if raw is None else raw
    at = raw if at is None else at
    if not isinstance(raw, dict):
        line, col = _where(node, None, None)
        raise SpecError(f"args of computation '{name}' must be a mapping, not a {type(raw).__name__}",
                        line=line, col=col, hint="give `args: {name: value, …}`")
    try:
        return numeric.compute(str(name), localized(dict(raw), ctx.lang))
    except UnknownComputation as exc:
        line, col = node.where("compute") if hasattr(node, "where") else (None, None)
        raise SpecError(str(exc).strip("'\""), line=line, col=col,
                        hint="name a computation of diagrams.numeric (module.function)") from None
    except ArgLimitError as exc:
        line, col = _where(node, at, exc.arg)
        raise SpecError(str(exc), line=line, col=col,
                        hint="a figure shows a few dozen numbers; use a small example") from None
    except (TypeError, ValueError, ArithmeticError, LookupError, AttributeError) as exc:
        # a computation is a pure function of its args, tested on valid ones: what it rejects is the args' fault
        line, col = _where(node, at, None)
        raise SpecError(f"computation '{name}' rejected its args: {_short(str(exc))}", line=line, col=col,
                        hint="check `args:` against the function") from None
    except MemoryError:
        line, col = _where(node, at, None)
        raise SpecError(f"computation '{name}' needs too much memory for its args", line=line, col=col,
                        hint="a figure shows a few dozen numbers; use smaller inputs") from None
