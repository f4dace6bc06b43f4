"""Spec files: YAML loading with positions, limits, schema validation."""
