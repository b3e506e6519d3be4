"""Saving a workbook so that the same workbook is the same file, byte for byte, each time.

``Workbook.save`` stamps each zip entry and the document properties with the time of saving;
:func:`save_stamped` keeps one given time instead (a report's ``made_on``, at midnight).
"""

from __future__ import annotations

import datetime
import os
import zipfile
from pathlib import Path
from typing import Any

from openpyxl.writer.excel import ExcelWriter  # type: ignore[import-untyped, unused-ignore]

from fosterkit_excel.staging import staged_beside

__all__ = ["save_stamped"]


class _StampedZip(zipfile.ZipFile):
    """A zip archive whose entries all carry one time, so the same workbook is the same file."""

    def __init__(self, path: Path, stamp: datetime.datetime) -> None:
        super().__init__(path, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
        year = min(max(stamp.year, 1980), 2107)  # what a zip entry's date can hold
        self._stamp = (year, stamp.month, stamp.day, 0, 0, 0)

    def writestr(
        self,
        zinfo_or_arcname: str | zipfile.ZipInfo,
        data: Any,
        compress_type: int | None = None,
        compresslevel: int | None = None,
    ) -> None:
        if isinstance(zinfo_or_arcname, str):
            info = zipfile.ZipInfo(zinfo_or_arcname, date_time=self._stamp)
            info.compress_type = self.compression
            info.external_attr = 0o600 << 16
            zinfo_or_arcname = info
        super().writestr(zinfo_or_arcname, data, compress_type, compresslevel)

    def write(
        self,
        filename: str | os.PathLike[str],
        arcname: str | os.PathLike[str] | None = None,
        compress_type: int | None = None,
        compresslevel: int | None = None,
    ) -> None:
        # openpyxl writes each worksheet from a temporary file, which carries the time it was made.
        data = Path(filename).read_bytes()
        name = os.fspath(filename if arcname is None else arcname)
        self.writestr(name, data, compress_type, compresslevel)


def save_stamped(wb: Any, path: Path, made: datetime.datetime) -> None:
    """Save ``wb`` at ``path`` as ``Workbook.save`` does, but keeping ``made`` as its only time."""
    with staged_beside(path):
        archive = _StampedZip(path, made)
        try:
            ExcelWriter(wb, archive).save()  # Workbook.save would stamp the time of saving
        finally:
            archive.close()
