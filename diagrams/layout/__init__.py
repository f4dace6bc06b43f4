"""Layout: measured blocks, arranged by grid / Graphviz / free placement, with routed edges."""
