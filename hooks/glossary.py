"""Glossary and concept cross-linking (stub, to be written)."""
