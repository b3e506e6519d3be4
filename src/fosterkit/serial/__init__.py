"""Serialisation: the one cattrs converter, record kinds, and records as table rows and cells."""
