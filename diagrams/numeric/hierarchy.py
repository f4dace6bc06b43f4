"""Feudal (hierarchical) RL grids: each level splits every cell of the level above into branching x branching
sub-cells (a quad-tree for branching 2), so a manager cell at one level owns a block of cells one level down.

Cells of an n x n level are numbered 1 … n², row by row: index = row * n + col + 1.
"""
from __future__ import annotations


def level_sizes(levels: int = 4, branching: int = 2) -> list[int]:
    """Side length n of each level's grid: 1, b, b², … (level 1 is one cell)."""
    if levels < 1 or branching < 1:
        raise ValueError("levels and branching must be at least 1")
    return [int(branching) ** i for i in range(int(levels))]


def children(level: int, cell: int, branching: int = 2, depth: int = 1) -> list[int]:
    """The cells ``depth`` levels below that ``cell`` of ``level`` (1-based) covers, in ascending order."""
    b = int(branching)
    n = b ** (int(level) - 1)
    if not 1 <= int(cell) <= n * n:
        raise ValueError(f"level {level} has cells 1..{n * n}, not {cell}")
    r, c = divmod(int(cell) - 1, n)
    k = b ** int(depth)
    m = n * k
    return sorted((r * k + i) * m + (c * k + j) + 1 for i in range(k) for j in range(k))


def feudal_grid(levels: int = 4, branching: int = 2, marked=((2, 3), (3, 16)), depth: int = 1) -> dict:
    """Grid sizes of a feudal hierarchy and, per marked ``[level, cell]``, the cells it covers at itself and
    the ``depth`` levels below it (``covered``: a list of ``[level, [cells]]``)."""
    sizes = level_sizes(levels, branching)
    marks = []
    for lv, cell in marked:
        lv, cell = int(lv), int(cell)
        if not 1 <= lv <= len(sizes):
            raise ValueError(f"marked level {lv} is not one of 1..{len(sizes)}")
        covered = [[lv, [cell]]]
        for d in range(1, int(depth) + 1):
            if lv + d <= len(sizes):
                covered.append([lv + d, children(lv, cell, branching, d)])
        marks.append({"level": lv, "cell": cell, "covered": covered})
    return {"sizes": sizes, "cells": [n * n for n in sizes], "marks": marks}
