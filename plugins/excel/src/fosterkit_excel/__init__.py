"""fosterkit's Excel plugin: records as .xlsx sheets, and the audit-tool workbook.

>>> from fosterkit_excel import read_audit_workbook, write_audit_workbook
"""

from fosterkit_excel.audit_reader import read_audit_workbook
from fosterkit_excel.audit_writer import write_audit_workbook

__all__ = ["read_audit_workbook", "write_audit_workbook"]
