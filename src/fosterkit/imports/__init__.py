"""Importing records from files kept elsewhere: mappings, reading cells, mapping rows, drafting mappings.

The public names are re-exported from :mod:`fosterkit`; this package imports nothing itself, so
the converter can use the mapping's model without a cycle.
"""
