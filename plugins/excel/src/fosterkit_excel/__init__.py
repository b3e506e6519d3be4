"""Excel (.xlsx) exporter and importer for fosterkit records."""
