"""Adapters: the only modules that open files (JSON Lines, packs, imports, workbooks, publications)."""
