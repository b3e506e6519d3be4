"""The CSV source reader: the conformance kit, then what only CSV does (encodings, quotes, line limits)."""

from __future__ import annotations

import codecs
import csv
import io
import tracemalloc
import zipfile
from collections.abc import Mapping, Sequence
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fosterkit.errors import SourceError
from fosterkit.plugins import Cell, OptionError, SourceRow, UnreadableRow
from fosterkit.testing.conformance import check_plugin, check_source_reader
from fosterkit_csv import read_csv_rows, source
from fosterkit_csv.plugin import fosterkit_source_readers

ENCODINGS = ("utf-8", "utf-8-sig", "cp1252")
_REFUSED_STARTS = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0", codecs.BOM_UTF8)
DELIMITERS = (",", ";", "\t", "|")
# Text that is valid in both encodings but reads differently: â in UTF-8 is Ã¢ in cp1252.
WELSH = [["enw", "dinas", "ffi"], ["Siân", "Llanfair-ym-Môn", "£250"], ["Gwenllïan", "Pen-y-bont", "£1,000"]]
UTF8_ONLY = [["enw", "cartref"], ["Dŵr", "tŷ"]]  # ŵ and ŷ are not in cp1252


def _file(tmp_path: Path, data: bytes, name: str = "export.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _rows(path: Path, **options: object) -> list[SourceRow]:
    return list(read_csv_rows(path, options))


def _cells(path: Path, **options: object) -> list[object]:
    return [cells for _, cells in _rows(path, **options)]


def _csv_text(table: Sequence[Sequence[Cell]], delimiter: str = ",") -> str:
    out = io.StringIO(newline="")
    csv.writer(out, delimiter=delimiter).writerows(table)
    return out.getvalue()


def _write(path: Path, table: Sequence[Sequence[str]], encoding: str, delimiter: str = ",") -> Path:
    with path.open("w", encoding=encoding, newline="") as out:
        csv.writer(out, delimiter=delimiter).writerows(table)
    return path


# Registration and options


def _write_table(
    rows: Sequence[Sequence[Cell]], path: Path, data: st.DataObject
) -> Mapping[str, object] | None:
    """``rows`` as another system's CSV export: any delimiter, any encoding that holds the text."""
    delimiter = data.draw(st.sampled_from(DELIMITERS))
    text = _csv_text(rows, delimiter)
    # Every table fits UTF-8; bytes that are not text come as lone surrogates, written back as bytes.
    encoding = data.draw(
        st.sampled_from([e for e in ENCODINGS if e != "cp1252" or set(text) <= _CP1252_HOLDS])
    )
    raw = text.encode(encoding, errors="surrogateescape")
    if encoding != "utf-8-sig" and raw.startswith(_REFUSED_STARTS):
        return None  # a file that starts like a workbook or with a byte-order mark is taken for one
    undecodable = any("\udc80" <= ch <= "\udcff" for ch in text)
    asked = encoding if undecodable else data.draw(st.sampled_from(["auto", encoding]))
    if asked == "auto" and encoding == "cp1252" and not (raw.isascii() or not _is_utf8(raw)):
        # auto takes text that decodes as UTF-8 to be UTF-8: cp1252 "Ã©" is UTF-8 "é", and no
        # reader can tell which the writer meant.
        return None
    path.write_bytes(raw)
    return {"encoding": asked, "delimiter": delimiter}


@pytest.mark.parametrize("alphabet", ["cp1252", "utf-8"])
def test_the_reader_passes_the_conformance_kit(tmp_path: Path, alphabet: str) -> None:
    reader = check_plugin("csv").source_readers["csv"]
    check_source_reader(reader, tmp_path, write=_write_table, texts=_texts(alphabet), undecodable=True)


def test_the_plugin_offers_the_csv_source_reader() -> None:
    reader = check_plugin("csv").source_readers["csv"]
    assert reader.suffixes == (".csv", ".txt")
    assert reader.read_rows is read_csv_rows
    assert [o.name for o in reader.options] == ["encoding", "delimiter"]
    assert reader.resolve_options({}) == {"encoding": "auto", "delimiter": ","}


def test_the_reader_reads_through_fosterkit(tmp_path: Path) -> None:
    (reader,) = fosterkit_source_readers()
    path = _file(tmp_path, b"a;b\r\n1;2\r\n", "export.txt")
    assert list(reader.rows(path, delimiter=";", encoding="utf-8")) == [(1, ["a", "b"]), (2, ["1", "2"])]
    with pytest.raises(OptionError, match="encoding"):
        list(reader.rows(path, encoding="latin-1"))
    with pytest.raises(OptionError, match="single character"):
        list(reader.rows(path, delimiter=";;"))


@pytest.mark.parametrize("delimiter", ["", ";;", "\\t", 9, None])
def test_a_delimiter_that_is_not_one_character_is_refused(tmp_path: Path, delimiter: object) -> None:
    with pytest.raises(OptionError, match="'delimiter' is a single character"):
        read_csv_rows(tmp_path / "never-opened.csv", {"delimiter": delimiter})


@pytest.mark.parametrize("delimiter", ['"', "\n", "\r", "\0"])
def test_a_delimiter_the_csv_format_needs_for_itself_is_refused(tmp_path: Path, delimiter: str) -> None:
    with pytest.raises(OptionError, match="cannot be a quote"):
        read_csv_rows(tmp_path / "never-opened.csv", {"delimiter": delimiter})


@pytest.mark.parametrize("encoding", ["latin-1", "UTF-8", "", 8])
def test_an_unknown_encoding_is_refused(tmp_path: Path, encoding: object) -> None:
    with pytest.raises(OptionError, match="'encoding' is one of auto, utf-8, utf-8-sig, cp1252"):
        read_csv_rows(tmp_path / "never-opened.csv", {"encoding": encoding})


# Rows, as a spreadsheet shows them


def test_every_row_comes_back_numbered_as_a_spreadsheet_numbers_it(tmp_path: Path) -> None:
    data = (
        b"Anytown fostering: carers who left\r\n"
        b"\r\n"
        b"id,name,notes\r\n"
        b'C-1,Sian,"two\r\nlines"\r\n'
        b'C-2,"Jones, Bob","three\nlines\rwith every break"\r\n'
        b",,\r\n"
        b"   \r\n"
        b'"",x\r\n'
        b"C-3,last,no line break at the end"
    )
    assert _rows(_file(tmp_path, data)) == [
        (1, ["Anytown fostering: carers who left"]),
        (2, []),
        (3, ["id", "name", "notes"]),
        (4, ["C-1", "Sian", "two\r\nlines"]),
        (5, ["C-2", "Jones, Bob", "three\nlines\rwith every break"]),
        (6, ["", "", ""]),
        (7, ["   "]),
        (8, ["", "x"]),
        (9, ["C-3", "last", "no line break at the end"]),
    ]


def test_cells_come_back_as_the_file_has_them(tmp_path: Path) -> None:
    data = b' 007 ,1e3,TRUE,03/03/2025,"  padded  ","=1+1",\'quoted\'\r\n'
    assert _cells(_file(tmp_path, data)) == [
        [" 007 ", "1e3", "TRUE", "03/03/2025", "  padded  ", "=1+1", "'quoted'"]
    ]


@pytest.mark.parametrize("newline", ["\n", "\r", "\r\n"])
def test_any_line_break_ends_a_row(tmp_path: Path, newline: str) -> None:
    data = newline.join(["a,b", 'c,"d', 'e"', "f", ""]).encode()
    assert _rows(_file(tmp_path, data)) == [(1, ["a", "b"]), (2, ["c", f"d{newline}e"]), (3, ["f"])]


def test_an_empty_file_has_no_rows(tmp_path: Path) -> None:
    assert _rows(_file(tmp_path, b"")) == []


@pytest.mark.parametrize("delimiter", [";", "\t", "|"])
def test_other_delimiters(tmp_path: Path, delimiter: str) -> None:
    table = [["id", "amount", "note"], ["C-1", "1,50", f"has a {delimiter} inside"], ["C-2", "", "x"]]
    path = _write(tmp_path / "export.csv", table, "utf-8", delimiter)
    assert f'"has a {delimiter} inside"' in path.read_text(encoding="utf-8")
    assert _cells(path, delimiter=delimiter) == table


def test_a_semicolon_file_read_with_commas_keeps_each_line_whole(tmp_path: Path) -> None:
    path = _file(tmp_path, b"id;name\r\nC-1;Sian\r\n")
    assert _cells(path) == [["id;name"], ["C-1;Sian"]]


# Encodings


@pytest.mark.parametrize("encoding", ENCODINGS)
@pytest.mark.parametrize("asked", ["auto", "explicit"])
def test_each_encoding_reads_welsh_and_pounds(tmp_path: Path, encoding: str, asked: str) -> None:
    path = _write(tmp_path / "export.csv", WELSH, encoding)
    assert _cells(path, encoding=encoding if asked == "explicit" else "auto") == WELSH


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig"])
def test_utf8_reads_letters_that_cp1252_lacks(tmp_path: Path, encoding: str) -> None:
    path = _write(tmp_path / "export.csv", UTF8_ONLY, encoding)
    assert _cells(path) == UTF8_ONLY
    assert _cells(path, encoding=encoding) == UTF8_ONLY


def test_cp1252_is_not_read_as_utf8(tmp_path: Path) -> None:
    path = _write(tmp_path / "export.csv", WELSH, "cp1252")
    assert "Siân".encode("cp1252") in path.read_bytes()
    # â is byte 0xE2, ô 0xF4 and £ 0xA3: none is UTF-8 on its own.
    assert _cells(path, encoding="utf-8")[1] == ["Si\udce2n", "Llanfair-ym-M\udcf4n", "\udca3250"]


def test_utf8_read_as_cp1252_when_asked(tmp_path: Path) -> None:
    path = _write(tmp_path / "export.csv", WELSH, "utf-8")
    assert _cells(path, encoding="cp1252")[1] == ["SiÃ¢n", "Llanfair-ym-M\u00c3\u00b4n", "Â£250"]


@pytest.mark.parametrize("encoding", ["auto", "utf-8", "utf-8-sig"])
def test_the_byte_order_mark_never_reaches_the_first_cell(tmp_path: Path, encoding: str) -> None:
    path = _write(tmp_path / "export.csv", [["id", "name"], ["C-1", "Siân"]], "utf-8-sig")
    assert path.read_bytes().startswith(codecs.BOM_UTF8)
    assert _cells(path, encoding=encoding) == [["id", "name"], ["C-1", "Siân"]]


def test_a_byte_order_mark_with_cp1252_asked_for_is_refused(tmp_path: Path) -> None:
    path = _write(tmp_path / "export.csv", WELSH, "utf-8-sig")
    with pytest.raises(SourceError, match="byte-order mark, so it is not cp1252") as caught:
        _rows(path, encoding="cp1252")
    assert caught.value.source == str(path)


@pytest.mark.parametrize("encoding", ["auto", "cp1252"])
def test_bytes_cp1252_leaves_undefined_come_through_as_surrogates(tmp_path: Path, encoding: str) -> None:
    path = _file(tmp_path, b"code,label\r\nX,\x81\x8d\x8f\x90\x9d \xa3\r\n")
    assert _cells(path, encoding=encoding) == [["code", "label"], ["X", "\udc81\udc8d\udc8f\udc90\udc9d £"]]


def test_auto_decides_from_the_start_of_the_file(tmp_path: Path) -> None:
    # The first MiB is UTF-8, so the file is read as UTF-8; a cp1252 pound sign further on is
    # passed on as a surrogate, for the import to reject that row alone.
    filler = "C-0,Siân\r\n".encode() * (source._SAMPLE_BYTES // 10 + 1)
    path = _file(tmp_path, filler + b"C-1,\xa3 5\r\n" + "C-2,Siân\r\n".encode())
    rows = _cells(path)
    assert rows[0] == ["C-0", "Siân"]
    assert rows[-2:] == [["C-1", "\udca3 5"], ["C-2", "Siân"]]


def test_auto_allows_a_character_cut_in_two_by_the_end_of_the_sample(tmp_path: Path) -> None:
    lines, rest = divmod(source._SAMPLE_BYTES - 1, 100)
    start = (b"x" * 99 + b"\n") * lines + b"y" * rest
    path = _file(tmp_path, start + "â\r\nSiân\r\n".encode())
    assert path.read_bytes()[source._SAMPLE_BYTES - 1 : source._SAMPLE_BYTES + 1] == "â".encode()
    assert _cells(path)[-2:] == [["y" * rest + "â"], ["Siân"]]


def test_auto_reads_a_file_ending_in_half_a_character_as_cp1252(tmp_path: Path) -> None:
    path = _file(tmp_path, b"a,b\r\nc,d\xc3")
    assert _cells(path) == [["a", "b"], ["c", "dÃ"]]


# Rows the csv module cannot read


def _unreadable(row: SourceRow) -> UnreadableRow:
    assert isinstance(row[1], UnreadableRow)
    return row[1]


def test_text_after_a_closing_quote_spoils_that_row_only(tmp_path: Path) -> None:
    rows = _rows(_file(tmp_path, b'id,name\r\nC-1,"Jones" Bob\r\nC-2,Sian\r\n'))
    assert rows[0] == (1, ["id", "name"])
    assert rows[1][0] == 2
    bad = _unreadable(rows[1])
    assert bad.text == 'C-1,"Jones" Bob'
    assert "text follows the closing quote" in bad.message
    assert rows[2:] == [(3, ["C-2", "Sian"])]


def test_after_a_bad_quote_the_rest_of_the_row_is_followed_over_its_lines(tmp_path: Path) -> None:
    # The csv module stops reading at the bad quote; the quoted cell after it goes on over two
    # more lines, which must not come back as rows of their own.
    data = b'id,notes\r\n"C-1"x,y,"one\r\ntwo, ""three""\r\nfour"\r\nC-2,fine\r\n'
    rows = _rows(_file(tmp_path, data))
    assert [number for number, _ in rows] == [1, 2, 3]
    assert _unreadable(rows[1]).text == '"C-1"x,y,"one\r\ntwo, ""three""\r\nfour"'
    assert rows[2] == (3, ["C-2", "fine"])


def test_a_quote_left_open_at_the_end_of_the_file(tmp_path: Path) -> None:
    rows = _rows(_file(tmp_path, b'id,name\r\nC-1,"Sian\r\nC-2,Bob\r\n'))
    assert rows[0] == (1, ["id", "name"])
    assert len(rows) == 2
    assert rows[1][0] == 2
    bad = _unreadable(rows[1])
    assert "still open at the end of the file" in bad.message
    assert bad.text == 'C-1,"Sian\r\nC-2,Bob'


def test_a_cell_over_the_csv_field_limit(tmp_path: Path) -> None:
    long = b"x" * (csv.field_size_limit() + 1)
    rows = _rows(_file(tmp_path, b"id,notes\r\nC-1," + long + b",end\r\nC-2,short\r\n"))
    assert [number for number, _ in rows] == [1, 2, 3]
    bad = _unreadable(rows[1])
    assert f"longer than the csv module's limit of {csv.field_size_limit():,} characters" in bad.message
    assert bad.text == "C-1," + long.decode() + ",end"
    assert rows[2] == (3, ["C-2", "short"])


def test_a_quoted_cell_over_the_field_limit_spanning_lines(tmp_path: Path) -> None:
    half = b"x" * (csv.field_size_limit() // 2 + 1)
    # The limit is reached on the second line of the cell; the cell ends on the fourth.
    data = b'id,notes\r\nC-1,"' + half + b"\r\n" + half + b'\r\nsaid ""stop\r\nend",after\r\nC-2,short\r\n'
    rows = _rows(_file(tmp_path, data))
    assert [number for number, _ in rows] == [1, 2, 3]
    text = _unreadable(rows[1]).text
    assert text.startswith('C-1,"x')
    assert text.endswith('\r\nsaid ""stop\r\nend",after')
    assert rows[2] == (3, ["C-2", "short"])


def test_a_row_with_nul_characters_after_the_sample(tmp_path: Path) -> None:
    filler = b"C-0,fine\r\n" * (source._SAMPLE_BYTES // 10 + 1)
    path = _file(tmp_path, filler + b'C-1,"a\0b\r\nc"\r\nC-2,fine\r\n')
    rows = _rows(path)
    number, _ = rows[-2]
    assert number == len(rows) - 1
    bad = _unreadable(rows[-2])
    assert "NUL" in bad.message
    assert bad.text == 'C-1,"a\0b\r\nc"'
    assert rows[-1] == (len(rows), ["C-2", "fine"])


def test_a_line_too_long_to_hold(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(source, "_LINE_LIMIT", 64)
    long = "a," * 100 + "a"
    data = f'id\r\n{long}\r\nC-1,"{"b" * 70}\r\nend"\r\nC-2\r\n'.encode()
    rows = _rows(_file(tmp_path, data))
    assert [number for number, _ in rows] == [1, 2, 3, 4]
    assert "64 characters long or longer" in _unreadable(rows[1]).message
    assert _unreadable(rows[1]).text == long
    # The long line opens a quoted cell, so the row goes on to the closing quote.
    assert _unreadable(rows[2]).text == f'C-1,"{"b" * 70}\r\nend"'
    assert rows[3] == (4, ["C-2"])


def test_a_line_break_cut_by_the_line_limit_is_still_one_break(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(source, "_LINE_LIMIT", 8)
    # "abc,def\r" fills the limit exactly; the "\n" after it belongs to the same line break.
    rows = _rows(_file(tmp_path, b"abc,def\r\nx\r\n"))
    assert rows == [(1, ["abc", "def"]), (2, ["x"])]


def test_the_text_kept_of_an_unreadable_row_is_limited(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(source, "_LINE_LIMIT", 64)
    monkeypatch.setattr(source, "_TEXT_LIMIT", 100)
    long = 'C-1,"' + "b" * 70 + "\r\n" + "x\r\n" * 200 + 'end"'
    rows = _rows(_file(tmp_path, f"id\r\n{long}\r\nC-2\r\n".encode()))
    assert [number for number, _ in rows] == [1, 2, 3]
    bad = _unreadable(rows[1])
    assert long.startswith(bad.text)
    assert 90 < len(bad.text) <= 100
    assert "first 100 characters" in bad.message
    assert rows[2] == (3, ["C-2"])


# Files that cannot be read


def test_a_folder_is_not_a_file(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="cannot open the file"):
        _rows(tmp_path)


def test_an_excel_workbook_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    with zipfile.ZipFile(path, "w") as book:
        book.writestr("[Content_Types].xml", "<Types/>")
        book.writestr("xl/workbook.xml", "<workbook/>")
    with pytest.raises(SourceError, match=r'Excel workbook .*use format = "excel"'):
        _rows(path)


def test_an_old_excel_workbook_is_refused(tmp_path: Path) -> None:
    path = _file(tmp_path, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504), "export.xls")
    with pytest.raises(SourceError, match=r"old Excel workbook \(.xls\)"):
        _rows(path)


def test_utf16_text_is_refused_with_advice(tmp_path: Path) -> None:
    path = tmp_path / "export.txt"
    path.write_text("id\tname\r\nC-1\tSiân\r\n", encoding="utf-16")
    with pytest.raises(SourceError, match=r"UTF-16 .*save it as CSV UTF-8"):
        _rows(path, delimiter="\t")


@pytest.mark.parametrize("encoding", ["auto", "utf-8", "cp1252"])
def test_nul_bytes_at_the_start_mean_it_is_not_text(tmp_path: Path, encoding: str) -> None:
    path = _file(tmp_path, b"id,name\r\nC-1,\0\0\0\r\n")
    with pytest.raises(SourceError, match="NUL bytes, so it is not a text file") as caught:
        _rows(path, encoding=encoding)
    assert caught.value.source == str(path)


# Streaming


def test_memory_stays_flat_however_long_the_file(tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["id", "name", "notes", "left_on"])
        for n in range(50_000):
            notes = f"note {n}, with a comma\nand a second line" * 3
            writer.writerow([f"C-{n}", "Siân Jones", notes, "2025-03"])
    assert path.stat().st_size > 6 * 2**20  # more than the peak allowed below, twice over
    tracemalloc.start()
    try:
        count = sum(1 for _ in read_csv_rows(path, {}))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert count == 50_001
    # The 1 MiB sample that chooses the encoding is most of it; the rows themselves add little.
    assert peak < 3 * 2**20


# Properties


_CP1252_TEXT = bytes(range(1, 256)).decode("cp1252", errors="ignore")  # without NUL and undefined bytes
_CP1252_HOLDS = frozenset(_CP1252_TEXT) | {chr(0xDC00 + byte) for byte in range(0x80, 0x100)}
_TRICKY = ',;\t|" \r\n'


def _texts(encoding: str) -> st.SearchStrategy[str]:
    if encoding == "cp1252":
        every = st.sampled_from(_CP1252_TEXT)
    else:
        every = st.characters(codec="utf-8", exclude_characters="\0")
    # Joined from single characters: st.text would merge the alphabets and seldom pick the
    # delimiters, quotes and line breaks that matter most here.
    return st.lists(st.one_of(st.sampled_from(_TRICKY), every), max_size=8).map("".join)


def _tables(encoding: str, rows: int = 8) -> st.SearchStrategy[list[list[str]]]:
    return st.lists(st.lists(_texts(encoding), max_size=5), max_size=rows)


def _is_utf8(data: bytes) -> bool:
    return data.decode("utf-8", errors="replace").encode("utf-8") == data


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(_tables("utf-8", rows=3), _tables("utf-8", rows=3), st.lists(_texts("utf-8"), max_size=4))
def test_reading_goes_on_after_a_bad_quote(
    tmp_path: Path, before: list[list[str]], after: list[list[str]], rest: list[str]
) -> None:
    # The rest of the bad row, written properly, may hold quoted cells over several lines.
    bad = '"bad" quote,' + _csv_text([rest])
    path = tmp_path / "table.csv"
    path.write_text(_csv_text(before) + bad + _csv_text(after), encoding="utf-8", newline="")
    rows = _rows(path)
    assert rows[: len(before)] == [(n, row) for n, row in enumerate(before, start=1)]
    assert rows[len(before)][0] == len(before) + 1
    assert _unreadable(rows[len(before)]).text == bad.removesuffix("\r\n")
    assert rows[len(before) + 1 :] == [(n, row) for n, row in enumerate(after, start=len(before) + 2)]
