"""Diagram-as-code generator for the figures of LLM-RL-Visualized (bilingual SVG/PNG from YAML specs)."""

__version__ = "0.1.0"
LANGS = ("en", "zh")
