"""Helpers shared by components: a Block that draws a pre-measured list of callbacks."""
from __future__ import annotations

from diagrams.layout.blocks import Block
from diagrams.scene import Rect


class DrawnBlock(Block):
    """A component measured up front; ``paint(ctx, origin_x, origin_y)`` draws at the block's top-left."""

    def __init__(self, node, w: float, h: float, paint, parts: dict | None = None):
        self.node = node
        self.w, self.h = w, h
        self._paint = paint
        self.parts = dict(parts or {})     # part name → its rectangle relative to the block's top-left

    def part_rect(self, name: str) -> Rect | None:
        """The rectangle of part ``name`` (``v1``, ``r2c3``) relative to the block's top-left, or None: what a
        `place:` relation naming ``node.name`` lines up with."""
        return self.parts.get(name)

    def draw(self, ctx, r: Rect):
        x = r.x + (r.w - self.w) / 2
        y = r.y + (r.h - self.h) / 2
        ctx.placed[self.node.id] = Rect(x, y, self.w, self.h)
        self._paint(ctx, x, y)
