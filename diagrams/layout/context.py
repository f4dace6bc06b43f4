"""What every block needs while measuring and drawing one figure in one language."""
from __future__ import annotations

from dataclasses import dataclass, field

from diagrams.errors import SpecError
from diagrams.model import Text
from diagrams.scene import Rect, Scene
from diagrams.theme import Theme


@dataclass
class Ctx:
    lang: str
    theme: Theme
    file: str
    scene: Scene = field(default_factory=Scene)
    placed: dict[str, Rect] = field(default_factory=dict)   # node id → its shape's rectangle
    attach: dict[str, dict[str, float]] = field(default_factory=dict)  # node id → side → px edges stop short outside
    lines: list = field(default_factory=list)   # segments of the edges drawn so far ((x0, y0), (x1, y1)): line jumps

    def tr(self, value) -> str:
        """A spec value (plain or {en, zh}) → this language's string."""
        if value is None:
            return ""
        if isinstance(value, Text):
            return value.get(self.lang)
        if isinstance(value, dict):
            if "en" in value and "zh" in value:
                return str(value[self.lang])
            raise SpecError("text lacks a translation", hint="give {en: ..., zh: ...}")
        if isinstance(value, float) and value.is_integer():
            return str(int(value)) if abs(value) < 1e15 else str(value)
        return str(value)

    def color(self, value, default=None) -> str:
        if value is None:
            value = default
        if value is None:
            return "none"
        return self.theme.color(value)
