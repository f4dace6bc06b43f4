"""Measure the two layout-solver candidates of the engine issue on the same nested structure: kiwisolver (used)
and Taffy's flexbox via `stretchable` (not a dependency; `pip install stretchable` to run this).

Builds a column of `rows` rows of `cols` boxes each (a panel of the size of a large figure), solves it, and
prints the time per solve; then shows what each can express: a relation between boxes of different containers
(align one box of row 1 with one of row 3) is one constraint in kiwisolver and has no flexbox equivalent."""
from __future__ import annotations

import sys
import time


def kiwi_solve(rows: int, cols: int) -> float:
    from diagrams.layout.solve import Container, Layout

    t0 = time.perf_counter()
    L = Layout()
    root = L.box("root", (0, 0))
    for r in range(rows):
        row = L.box(f"r{r}", (0, 0), parent="root")
        for c in range(cols):
            L.box(f"r{r}.c{c}", (60 + 7 * c, 30 + r % 3), parent=f"r{r}")
        L.container(row, Container("cols", (12, 12), (0, 0, 0, 0)))
    L.container(root, Container("rows", (28, 28), (0, 0, 0, 0)))
    # the cross-container relation flexbox cannot state
    L.add(L.boxes["r0.c1"].x == L.boxes[f"r{rows - 1}.c3"].x)
    L.solve(["root"])
    return time.perf_counter() - t0


def taffy_solve(rows: int, cols: int) -> float:
    import stretchable as st
    from stretchable.style import FlexDirection

    t0 = time.perf_counter()
    root = st.Node(style=st.Style(flex_direction=FlexDirection.COLUMN, gap=28))
    for r in range(rows):
        row = st.Node(style=st.Style(flex_direction=FlexDirection.ROW, gap=12))
        for c in range(cols):
            row.append(st.Node(style=st.Style(size=(60 + 7 * c, 30 + r % 3))))
        root.append(row)
    root.compute_layout()
    return time.perf_counter() - t0


def main() -> None:
    sys.path.insert(0, ".")
    for rows, cols in ((5, 4), (10, 8), (20, 10)):
        k = min(kiwi_solve(rows, cols) for _ in range(5))
        line = f"{rows * cols:4d} boxes: kiwisolver {k * 1000:6.2f} ms"
        try:
            t = min(taffy_solve(rows, cols) for _ in range(5))
            line += f", taffy (stretchable) {t * 1000:6.2f} ms"
        except ImportError:
            line += ", taffy: not installed"
        print(line)
    print("cross-container alignment: kiwisolver one constraint; flexbox none (absolute positions by hand)")


if __name__ == "__main__":
    main()
