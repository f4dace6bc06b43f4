"""Renderers: scene → SVG markup; SVG → PNG/PDF."""
