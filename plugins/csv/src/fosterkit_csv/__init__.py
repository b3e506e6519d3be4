"""CSV for fosterkit: an exporter and importer of records, and a source reader for other systems' exports."""

from fosterkit_csv.reader import read_csv, schema_for_header
from fosterkit_csv.source import read_csv_rows
from fosterkit_csv.writer import write_csv

__all__ = ["read_csv", "read_csv_rows", "schema_for_header", "write_csv"]
