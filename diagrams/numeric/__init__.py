"""Pure numeric helpers (numpy + ml_dtypes) for the values printed in figures.

Nothing here imports the rendering engine. Figure specs reach these functions by name
through `COMPUTATIONS` / `compute(name, args)`.
"""
from diagrams.numeric.registry import COMPUTATIONS, compute, to_plain

__all__ = ["COMPUTATIONS", "compute", "to_plain"]
