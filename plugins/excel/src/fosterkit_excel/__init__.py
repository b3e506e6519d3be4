"""fosterkit's Excel plugin: records as .xlsx sheets, workbooks to import from, and the audit-tool workbook.

>>> from fosterkit_excel import read_audit_workbook, read_excel_rows, write_audit_workbook
"""

from fosterkit_excel.audit_reader import read_audit_workbook
from fosterkit_excel.audit_writer import write_audit_workbook
from fosterkit_excel.source import read_excel_rows

__all__ = ["read_audit_workbook", "read_excel_rows", "write_audit_workbook"]
