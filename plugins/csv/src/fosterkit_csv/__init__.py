"""CSV exporter and importer for fosterkit records: one row per record, streamed both ways."""

from fosterkit_csv.reader import read_csv, schema_for_header
from fosterkit_csv.writer import write_csv

__all__ = ["read_csv", "schema_for_header", "write_csv"]
