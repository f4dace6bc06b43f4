"""One figure in one language → a positioned scene."""
from __future__ import annotations

from diagrams.errors import DiagramError, SpecError
from diagrams.layout.arrange import ARRANGERS
from diagrams.layout.blocks import make_block
from diagrams.layout.context import Ctx
from diagrams.layout.edges import draw_edge
from diagrams.model import Figure
from diagrams.theme import Theme


def layout_figure(fig: Figure, lang: str, theme: Theme) -> Ctx:
    ctx = Ctx(lang=lang, theme=theme, file=fig.file)
    fig = fig.localized(lang)
    from diagrams.layout.templates import filled_edges

    fig = filled_edges(fig, ctx)        # computed numbers in edge labels
    for node in fig.all_nodes():
        if "." in node.id:
            ctx.parents[node.id] = node.id.rsplit(".", 1)[0]
        if node.children:
            ctx.containers.add(node.id)
    if fig.layout in ("auto", "graph"):     # the engine's layouts set text at the theme's type scale
        ctx.type_scale = theme.type_scale
    if fig.layout == "auto":
        from diagrams.layout.auto import layout_auto

        try:
            layout_auto(fig, ctx)
        except DiagramError as exc:
            raise exc.located(file=fig.file)
        return ctx
    try:
        blocks = {n.id: make_block(n, ctx) for n in fig.nodes}
        rects = ARRANGERS[fig.layout](fig, blocks, ctx)
        front = [node for node in fig.nodes if node.get("front")]
        for node in fig.nodes:
            if node.get("front"):  # drawn over the edges; edges may still attach to it
                block = blocks[node.id]
                ctx.placed[node.id] = block.core_rect(rects[node.id]) if hasattr(block, "core_rect") else rects[node.id]
                continue
            _draw(blocks[node.id], node, ctx, rects[node.id])
        if fig.layout == "graph":      # the engine routes the edges and places their labels
            from diagrams.layout.auto import route_and_label

            route_and_label(fig, ctx, {**ctx.placed, **{k: r for k, r in rects.items()}})
        else:
            for i, e in enumerate(fig.edges):
                try:
                    draw_edge(ctx, e, i)
                except SpecError as exc:
                    raise exc.located(file=fig.file, line=e.line, col=e.col)
        for node in front:
            _draw(blocks[node.id], node, ctx, rects[node.id])
    except DiagramError as exc:
        raise exc.located(file=fig.file)
    return ctx


def _draw(block, node, ctx, rect) -> None:
    try:
        block.draw(ctx, rect)
    except SpecError as exc:
        raise exc.located(file=ctx.file, line=node.line, col=node.col)
