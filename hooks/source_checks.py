"""Source checks on every note before it renders (stub, to be written)."""
