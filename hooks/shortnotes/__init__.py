"""Pure logic behind the Short Notes MkDocs hooks.

Nothing in this package imports MkDocs: the event modules in ``hooks/`` route
MkDocs events to these functions, so the logic can move to another
Python-Markdown based builder and is unit-testable on its own.
"""
