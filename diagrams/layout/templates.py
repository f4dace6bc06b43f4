"""Computed numbers in the text of ordinary nodes: ``compute``/``args`` + ``{value…}`` placeholders.

A node that is not a component may name a computation of ``diagrams.numeric`` (``compute``) with its
``args``; its ``text`` and ``caption`` are then templates whose placeholders are filled from the result:

  ``{value}``                the whole result (a number)
  ``{value.PATH}``           a dotted path into it: ``{value.3}``, ``{value.delta.0}``, ``{value.-1}``
  ``{args.PATH}``            one of the computation's (language-resolved) arguments: ``{args.rewards.2}``
  ``{…:FORMAT}``             a number format, as in tables: ``.2f``, ``d``, ``.1%``, ``+.3f``, ``floor:.0f``;
                             without one, whole numbers print as integers, others with 4 significant digits

Only placeholders whose path starts with ``value`` or ``args`` are replaced, so TeX groups such as
``$G_{t+1}$`` in the same text stay as they are (placeholders work inside ``$…$`` too: ``$= {value:.3f}$``).
"""
from __future__ import annotations

import re
from dataclasses import replace

from diagrams.errors import SpecError
from diagrams.model import Node, Text

PLACEHOLDER = re.compile(r"\{(value|args)((?:\.[A-Za-z0-9_-]+)*)(?::([^{}]*))?\}")


def has_placeholders(s: str) -> bool:
    return bool(PLACEHOLDER.search(s or ""))


def _lookup(root, root_name: str, parts: list[str], whole: str):
    """Follow ``parts`` into ``root``; ``whole`` names the reference in errors (a placeholder or a from: path)."""
    cur = root
    for p in parts:
        if isinstance(cur, dict):
            if p not in cur:
                from diagrams.theme import suggest

                raise SpecError(f"{whole} names '{p}', which the {root_name} lacks",
                                hint=suggest(p, [str(k) for k in cur], f"a key of the {root_name}"))
            cur = cur[p]
        elif isinstance(cur, (list, tuple)) and re.fullmatch(r"-?\d+", p):
            i = int(p)
            if not -len(cur) <= i < len(cur):
                raise SpecError(f"index {i} is out of range in {whole} (length {len(cur)})",
                                hint="indices count from 0; -1 is the last")
            cur = cur[i]
        else:
            raise SpecError(f"cannot take '{p}' of a {type(cur).__name__} in {whole}",
                            hint="follow the result's keys and list indices with dots")
    return cur


def _text_of(v, fmt: str | None, whole: str, lang: str) -> str:
    from diagrams.components import localized
    from diagrams.components.table import format_number

    v = localized(v, lang)
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return format_number(v, fmt)
    if isinstance(v, str):
        if fmt:
            raise SpecError(f"{whole} formats a text", hint="number formats apply to numbers")
        return v
    raise SpecError(f"{whole} is a {type(v).__name__}, not a number",
                    hint="add an index or key to reach one number, e.g. {value.0}")


def fill(template: str, result, args: dict, lang: str) -> str:
    """``template`` with every ``{value…}`` / ``{args…}`` placeholder replaced by its formatted number."""
    def sub(m: re.Match) -> str:
        root, path, fmt = m.group(1), m.group(2), m.group(3)
        whole = f"the placeholder '{m.group(0)}'"
        parts = [p for p in path.split(".") if p]
        if root == "args":
            cur = _lookup(args, "computation's args", parts, whole)
        else:
            if result is None:
                raise SpecError(f"{whole} needs a computation",
                                hint="give the node `compute:` (and `args:`)")
            cur = _lookup(result, "computation's result", parts, whole)
        return _text_of(cur, fmt or None, whole, lang)

    return PLACEHOLDER.sub(sub, template)


def filled_node(node: Node, ctx) -> Node:
    """The node with its text and caption filled from its computation (unchanged without placeholders).

    A node without ``compute``/``args`` whose text has a placeholder is an error, not silently literal."""
    texts = {k: getattr(node, k) for k in ("text", "caption") if getattr(node, k) is not None}
    live = {k: ctx.tr(t) for k, t in texts.items() if has_placeholders(ctx.tr(t))}
    if not live:
        return node
    if not node.get("compute") and node.get("args") is None:
        key = next(iter(live))
        line, col = node.where(key)
        raise SpecError(f"the {key} of node '{node.id}' has a placeholder but the node computes nothing",
                        line=line, col=col, hint="give the node `compute:` and `args:` (or `args:` alone for "
                                                 "{args…} placeholders)")
    from diagrams.components import computed, localized

    result = computed(node, ctx)
    args = localized(dict(node.get("args") or {}), ctx.lang)
    out = {}
    for key, s in live.items():
        try:
            s = fill(s, result, args, ctx.lang)
        except SpecError as exc:
            line, col = node.where(key)
            raise exc.located(file=ctx.file, line=line, col=col)
        out[key] = Text(s, s)
    return replace(node, **out)


def resolve(path: str, result, args: dict):
    """A dotted path into a computation's result (``estimates.2``) or its args (``args.reward``) — the
    ``from:`` of components; the same lookup as the placeholders."""
    parts = [p for p in str(path).split(".") if p]
    if parts and parts[0] == "args":
        return _lookup(args or {}, "computation's args", parts[1:], f"'from: {path}'")
    if result is None:
        raise SpecError(f"'from: {path}' needs a computation", hint="give the node `compute:` and `args:`")
    return _lookup(result, "computation's result", parts, f"'from: {path}'")


def filled_edges(fig, ctx):
    """The figure with the label texts of every edge that has ``compute``/``args`` filled from its computation:
    edge labels are templates like node texts (``label: {text: "{value.forward.0}"}``). Other edges, and a
    figure without such edges, are returned unchanged; a placeholder on an edge that computes nothing is an error."""
    from diagrams.components import computed, localized
    from diagrams.model import Label

    edges, changed = [], False
    for i, e in enumerate(fig.edges):
        live = [has_placeholders(ctx.tr(lab.text)) for lab in e.labels]
        if not any(live):
            edges.append(e)
            continue
        if not e.get("compute") and e.get("args") is None:
            raise SpecError(f"a label of edge {i + 1} ({e.source} → {e.target}) has a placeholder but the edge "
                            "computes nothing", file=ctx.file, line=e.line, col=e.col,
                            hint="give the edge `compute:` and `args:` (or `args:` alone for {args…} placeholders)")
        try:
            result = computed(e, ctx)
            args = localized(dict(e.get("args") or {}), ctx.lang)
            labels = []
            for lab, is_live in zip(e.labels, live):
                if is_live:
                    s = fill(ctx.tr(lab.text), result, args, ctx.lang)
                    lab = Label(Text(s, s), lab.props)
                labels.append(lab)
        except SpecError as exc:
            raise exc.located(file=ctx.file, line=e.line, col=e.col)
        edges.append(replace(e, labels=labels))
        changed = True
    return replace(fig, edges=edges) if changed else fig
