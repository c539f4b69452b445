"""Read a file of any supported format into a grid of text cells.

Formats are told by content, not by name: a zip is a spreadsheet (XLSX or ODS), `PAR1` is
Parquet, a leading `[` or `{` is JSON, anything else that is text is delimited text. Every cell
comes back as text (or null) so that parsing happens in one place, the cleaner, and a bad
value there can be quarantined with its row and column.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import json
import zipfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from finance_audit.errors import UnreadableFileError
from finance_audit.ingest.encoding import to_utf8

ROW = "_row"  # the source row of each record, as a spreadsheet shows it (header = row 1)
NFIELDS = "_nfields"  # how many fields a delimited record had, where the reader knows
DELIMITERS = (",", ";", "\t", "|")
# Files up to this size go through Python's csv module, which sees ragged rows and blank
# lines exactly; larger ones through polars' parser, which is many times faster.
CAREFUL_CSV_BYTES = 16 * 1024 * 1024


@dataclass(frozen=True)
class Grid:
    """Cells of one table as text columns, plus where each record came from.

    When `header_known` is false the columns are named c0, c1, ... and the header is still
    among the first rows (a profile finds it); JSON and Parquet carry their own names.
    """

    frame: pl.DataFrame
    header_known: bool
    format: str
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None


def read_bytes(path: Path) -> bytes:
    """The file's bytes, or an UnreadableFileError that says why not."""
    file = str(path)
    try:
        return path.read_bytes()
    except FileNotFoundError as err:
        raise UnreadableFileError("no such file", file=file) from err
    except IsADirectoryError as err:
        raise UnreadableFileError("is a directory, not a file", file=file) from err
    except OSError as err:
        raise UnreadableFileError(f"cannot be read ({err.strerror})", file=file) from err


def read_grid(path: Path, data: bytes | None = None) -> Grid:
    """Read `path` (or its bytes, already read) into a Grid.

    Raises:
        UnreadableFileError: the file is missing, empty, binary or not a table.
    """
    file = str(path)
    if data is None:
        data = read_bytes(path)
    if not data[:65536].strip() and not data.strip():
        raise UnreadableFileError("the file is empty", file=file)
    if data.startswith(b"PK\x03\x04"):
        return _read_spreadsheet(data, file)
    if data.startswith(b"PAR1"):
        return _read_parquet(data, file)
    text, encoding = to_utf8(data, file=file)
    head = text.lstrip()[:1]
    if head in (b"[", b"{"):
        return _read_json(text, encoding, file)
    return _read_delimited(text, encoding, file)


def _grid_from_rows(rows: list[list[str]], first_row: int) -> pl.DataFrame:
    """Columns c0..cN from ragged Python rows; empty cells become null."""
    width = max((len(r) for r in rows), default=0)
    columns = list(itertools.zip_longest(*rows, fillvalue=None)) if rows else []
    frame = pl.DataFrame(
        {f"c{i}": pl.Series(columns[i] if i < len(columns) else [], dtype=pl.String)
         for i in range(width)},
    )
    frame = frame.with_columns(pl.all().replace("", None))
    return frame.with_columns(
        pl.int_range(first_row, first_row + len(rows), dtype=pl.Int64).alias(ROW),
        pl.Series(NFIELDS, [len(r) for r in rows], dtype=pl.Int32),
    )


def detect_delimiter(text: str) -> str:
    """Pick the delimiter that splits the first lines into the most consistent wide rows."""
    sample = text[:65536].splitlines()[:40]
    best, best_score = ",", (-1, -1, -1)
    for delimiter in DELIMITERS:
        widths = [len(r) for r in csv.reader(sample, delimiter=delimiter) if r]
        if not widths:
            continue
        width, freq = Counter(widths).most_common(1)[0]
        score = (int(width > 1), freq, width)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _read_delimited(text: bytes, encoding: str, file: str) -> Grid:
    delimiter = detect_delimiter(text[:65536].decode("utf-8", errors="ignore"))
    # Ctrl-Z ends files written by old DOS tools (the OFAC list has one); it is not a record.
    text = text.rstrip(b"\x1a\r\n")
    blank_lines = b"\n\n" in text or b"\n\r\n" in text
    if len(text) > CAREFUL_CSV_BYTES and not blank_lines:
        frame = _read_delimited_fast(text, delimiter)
        if frame is not None:
            return Grid(frame, False, "csv", encoding, delimiter)
    csv.field_size_limit(1 << 30)
    decoded = text.decode("utf-8")
    rows = list(csv.reader(io.StringIO(decoded, newline=""), delimiter=delimiter))
    if not rows:
        raise UnreadableFileError("the file has no rows", file=file)
    return Grid(_grid_from_rows(rows, 1), False, "csv", encoding, delimiter)


def _read_delimited_fast(data: bytes, delimiter: str) -> pl.DataFrame | None:
    """Parse with polars; None when the file is ragged, so the careful reader takes over."""
    try:
        frame = pl.read_csv(
            data,
            has_header=False,
            separator=delimiter,
            infer_schema=False,
            new_columns=None,
        )
    except pl.exceptions.PolarsError:
        return None
    # Cells stay as filed (polars already reads empty fields as null); the profile trims the
    # columns it maps, and the raw record keeps the text exactly.
    frame = frame.rename({c: f"c{i}" for i, c in enumerate(frame.columns)})
    return frame.with_columns(
        pl.int_range(1, frame.height + 1, dtype=pl.Int64).alias(ROW),
        pl.lit(None, dtype=pl.Int32).alias(NFIELDS),
    )


def _cell_text(value: object) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date | dt.time | dt.timedelta):
        return value.isoformat() if not isinstance(value, dt.timedelta) else str(value)
    return str(value)


def _read_spreadsheet(data: bytes, file: str) -> Grid:
    from python_calamine import CalamineWorkbook

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except zipfile.BadZipFile as err:
        raise UnreadableFileError("a damaged zip archive, not a spreadsheet", file=file) from err
    kind = "ods" if "content.xml" in names else "xlsx" if "xl/workbook.xml" in names else None
    if kind is None:
        raise UnreadableFileError("a zip archive that is not an XLSX or ODS workbook", file=file)
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        for name in workbook.sheet_names:
            cells = workbook.get_sheet_by_name(name).to_python(skip_empty_area=False)
            rows = [[_cell_text(v) or "" for v in row] for row in cells]
            if any(any(row) for row in rows):
                return Grid(_grid_from_rows(rows, 1).drop(NFIELDS).with_columns(
                    pl.lit(None, dtype=pl.Int32).alias(NFIELDS)), False, kind, sheet=name)
    except Exception as err:  # calamine raises its own error types for damaged workbooks
        raise UnreadableFileError(f"the workbook cannot be read ({err})", file=file) from err
    raise UnreadableFileError("the workbook has no sheet with data", file=file)


def _records_frame(records: list[object], file: str) -> pl.DataFrame:
    if not records or not all(isinstance(r, dict) for r in records):
        raise UnreadableFileError("JSON that is not a list of objects", file=file)
    names: dict[str, None] = {}
    for record in records:
        names.update(dict.fromkeys(record))
    columns = {
        name: pl.Series(
            [_json_cell(r.get(name)) for r in records], dtype=pl.String
        )
        for name in names
    }
    frame = pl.DataFrame(columns).with_columns(pl.all().str.strip_chars().replace("", None))
    # JSON records have no header row: record n is row n.
    return frame.with_columns(
        pl.int_range(1, frame.height + 1, dtype=pl.Int64).alias(ROW),
        pl.lit(None, dtype=pl.Int32).alias(NFIELDS),
    )


def _json_cell(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return _cell_text(value)


def _read_json(text: bytes, encoding: str, file: str) -> Grid:
    decoded = text.decode("utf-8")
    try:
        document = json.loads(decoded)
        fmt = "json"
    except json.JSONDecodeError:
        document = None
    if document is None:
        records = []
        for number, line in enumerate(decoded.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                records.append(json.loads(line))
            except json.JSONDecodeError as err:
                raise UnreadableFileError(
                    f"malformed JSON at line {number}, column {err.colno}: {err.msg}", file=file
                ) from err
        fmt = "jsonl"
    elif isinstance(document, dict):
        # {"data": [...]} and similar wrappers: take the one list of objects inside.
        lists = [v for v in document.values() if isinstance(v, list)]
        records = lists[0] if len(lists) == 1 else [document]
    else:
        records = document
    return Grid(_records_frame(records, file), True, fmt, encoding)


def _read_parquet(data: bytes, file: str) -> Grid:
    try:
        frame = pl.read_parquet(io.BytesIO(data))
    except Exception as err:  # polars raises several error types for damaged files
        raise UnreadableFileError(f"the Parquet file cannot be read ({err})", file=file) from err
    nested = [n for n, d in frame.schema.items() if isinstance(d, pl.List | pl.Struct | pl.Array)]
    # Scalars become their text (dates ISO); nested values become JSON text, so every cell
    # reaches the cleaner as text like any other format's.
    text = frame.with_columns(
        *[pl.col(n).cast(pl.String) for n in frame.columns if n not in nested],
        *[pl.struct(n).struct.json_encode().str.extract(r"^\{\"[^\"]*\":(.*)\}$", 1).alias(n)
          for n in nested],
    )
    text = text.with_columns(pl.all().str.strip_chars().replace("", None))
    return Grid(
        text.with_columns(
            pl.int_range(1, text.height + 1, dtype=pl.Int64).alias(ROW),
            pl.lit(None, dtype=pl.Int32).alias(NFIELDS),
        ),
        True,
        "parquet",
    )
