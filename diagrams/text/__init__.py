"""Text measurement, inline math and line layout."""
