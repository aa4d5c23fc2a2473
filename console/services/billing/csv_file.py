"""Reading a billing CSV export: encoding, delimiter, header, and its lines one record each.

File-level problems (no file, not a CSV, undecodable, a required column missing) raise
`ImportFailed` before anything is written. Line-level problems (wrong column count, broken
quoting, an undecodable line) are yielded as a `RowProblem` for that line, and reading goes
on with the next line: one broken line must not take the rest of the file with it.
"""

from __future__ import annotations

import codecs
import csv
import re
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from console.i18n import pick, t
from console.services.billing.values import COLUMN_TITLES, RowProblem, is_plain

REQUIRED = ("number", "surname", "balance")
# Header names, compared casefolded with ё -> е and '_'/'-' as spaces.
ALIASES: dict[str, str] = {
    **dict.fromkeys(("number", "contract", "contract number", "номер договора", "договор",
                     "№ договора", "номер"), "number"),
    **dict.fromkeys(("surname", "last name", "фамилия"), "surname"),
    **dict.fromkeys(("first name", "имя"), "first_name"),
    **dict.fromkeys(("patronymic", "middle name", "отчество"), "patronymic"),
    **dict.fromkeys(("company", "organization", "организация", "компания"), "company"),
    **dict.fromkeys(("address", "адрес"), "address"),
    **dict.fromkeys(("phones", "phone", "телефоны", "телефон"), "phones"),
    **dict.fromkeys(("balance", "баланс"), "balance"),
    **dict.fromkeys(("status", "статус"), "status"),
}
MAX_LINE = 100_000  # characters; a longer line is rejected unread (a 50 kB cell still fits)
MAX_CONTINUATION = 4  # lines a quoted cell may span before its quote counts as unterminated
CHUNK = 1 << 20
_QUOTED = re.compile(r'"[^"]*"')
_ESCAPED_BYTE = re.compile("[\udc80-\udcff]")  # what surrogateescape made of a bad byte


class ImportFailed(ValueError):
    """The file as a whole cannot be imported; the message is one line naming the problem."""


@dataclass(frozen=True)
class CsvLayout:
    """What `sniff` found out about an export, everything `records` needs to read it."""

    path: Path
    encoding: str  # utf-8-sig or cp1251
    errors: str  # strict, or surrogateescape for a UTF-8 file with a few broken lines
    delimiter: str
    columns: dict[str, int]  # field -> column index, for the columns the header names
    width: int  # columns in the header
    header_line: int  # 1-based
    total_lines: int  # physical lines in the file, for progress

    @property
    def rows_total(self) -> int:
        return max(0, self.total_lines - self.header_line)


def _scan(path: Path) -> tuple[str, str, int]:
    """(encoding, errors, line count) from one pass over the bytes; nothing decoded is kept.

    UTF-8 is tried strictly first. A file that fails it but showed valid multi-byte UTF-8
    before the failure is UTF-8 with broken lines (those lines are rejected one by one),
    not Windows-1251: decoding it as cp1251 would garble every name in it.
    """
    decoder: codecs.IncrementalDecoder = codecs.getincrementaldecoder("utf-8")("strict")
    utf8, seen_multibyte, lines, last = True, False, 0, b""
    try:
        with path.open("rb") as f:
            head = f.read(4)
            if head.startswith(b"PK\x03\x04"):
                raise ImportFailed(t("{file}: an Excel workbook, not a CSV; save it as CSV",
                                     file=path))
            if head.startswith((b"\xff\xfe", b"\xfe\xff")):
                raise ImportFailed(t("{file}: UTF-16 text; save the export as UTF-8 or "
                                     "Windows-1251 CSV", file=path))
            f.seek(0)
            while chunk := f.read(CHUNK):
                if b"\x00" in chunk:
                    raise ImportFailed(t("{file}: binary data (NUL bytes), not a CSV text file",
                                         file=path))
                lines += chunk.count(b"\n")
                last = chunk
                if utf8:
                    try:
                        decoder.decode(chunk)
                        seen_multibyte = seen_multibyte or not chunk.isascii()
                    except UnicodeDecodeError as exc:
                        seen_multibyte = seen_multibyte or not chunk[: exc.start].isascii()
                        utf8 = False
            if utf8:
                try:
                    decoder.decode(b"", final=True)
                except UnicodeDecodeError:
                    utf8 = False
            if last and not last.endswith(b"\n"):
                lines += 1
            if utf8:
                return "utf-8-sig", "strict", lines
            if seen_multibyte:
                return "utf-8-sig", "surrogateescape", lines
            f.seek(0)
            decoder = codecs.getincrementaldecoder("cp1251")("strict")
            try:
                while chunk := f.read(CHUNK):
                    decoder.decode(chunk)
            except UnicodeDecodeError as exc:
                raise ImportFailed(t("{file}: neither UTF-8 nor Windows-1251 text (byte {byte})",
                                     file=path, byte=f"0x{chunk[exc.start]:02x}")) from exc
            return "cp1251", "strict", lines
    except FileNotFoundError as exc:
        raise ImportFailed(t("{file}: no such file", file=path)) from exc
    except IsADirectoryError as exc:
        raise ImportFailed(t("{file}: is a folder, not a file", file=path)) from exc
    except PermissionError as exc:
        raise ImportFailed(t("{file}: cannot read the file (permission denied)",
                             file=path)) from exc


def _header_key(name: str) -> str:
    key = name.replace("\ufeff", "").strip().strip('"').casefold().replace("ё", "е")
    return " ".join(key.replace("_", " ").replace("-", " ").split())


def sniff(path: Path) -> CsvLayout:
    """Encoding, delimiter and columns of an export, or ImportFailed with one clear line."""
    path = Path(path)
    encoding, errors, total = _scan(path)
    with path.open(encoding=encoding, errors=errors, newline="") as f:
        number, line = next(((n, text) for n, text in enumerate(f, 1) if text.strip()), (0, ""))
    if not number:
        raise ImportFailed(t("{file}: the file is empty", file=path))
    bare = _QUOTED.sub("", line)  # a delimiter inside a quoted name does not count
    semicolons, commas = bare.count(";"), bare.count(",")
    if not semicolons and not commas:
        raise ImportFailed(t("{file}: not a CSV export: the first line has no ';' or ',' "
                             "between column names", file=path))
    delimiter = ";" if semicolons >= commas else ","
    try:
        names = next(csv.reader([line.rstrip("\r\n")], delimiter=delimiter, strict=True))
    except csv.Error as exc:
        raise ImportFailed(t("{file}: line {n}: unreadable header ({why})", file=path,
                             n=number, why=exc)) from exc
    columns: dict[str, int] = {}
    for index, name in enumerate(names):
        field = ALIASES.get(_header_key(name))
        if field is None:
            continue  # billing may export more columns than the console keeps
        if field in columns:
            raise ImportFailed(t("{file}: two columns mean the {column}: {a} and {b}", file=path,
                                 column=pick(COLUMN_TITLES[field][1], COLUMN_TITLES[field][0]),
                                 a=repr(names[columns[field]]), b=repr(name)))
        columns[field] = index
    missing = [f for f in REQUIRED if f not in columns]
    if missing:
        titles = ", ".join(pick(COLUMN_TITLES[f][1], COLUMN_TITLES[f][0]) for f in missing)
        raise ImportFailed(t("{file}: missing required column: {columns}; the header line has "
                             "{names}", file=path, columns=titles,
                             names=", ".join(repr(n) for n in names)))
    return CsvLayout(path, encoding, errors, delimiter, columns, len(names), number, total)


def _split_quoted(text: str, delimiter: str) -> list[str] | None:
    try:
        return next(csv.reader([text], delimiter=delimiter, strict=True), [])
    except csv.Error:
        return None


def _fit(fields: list[str], width: int) -> list[str] | RowProblem:
    """The cells of a line of the header's width; trailing empty cells (Excel) are dropped."""
    if len(fields) > width and not any(f.strip() for f in fields[width:]):
        del fields[width:]
    if len(fields) == width:
        return fields
    return RowProblem("columns", f"{len(fields)} columns instead of {width}",
                      f"столбцов {len(fields)} вместо {width}")


UNTERMINATED = RowProblem("unterminated_quote", "a quote opened in this line is never closed",
                          "кавычка, открытая в этой строке, не закрыта")
BAD_QUOTES = RowProblem("bad_quotes", "broken quoting", "ошибка в кавычках")
TOO_LONG_LINE = RowProblem("line_too_long", f"line longer than {MAX_LINE} characters",
                           f"строка длиннее {MAX_LINE} символов")
BAD_BYTES = RowProblem("bad_encoding", "the line is not valid UTF-8",
                       "строка не в кодировке UTF-8")


Record = tuple[int, list[str] | RowProblem, bool]


def records(layout: CsvLayout) -> Iterator[Record]:
    """(line number, cells or the problem, plain?) for each non-blank line after the header.

    plain: the line is printable NFC text (`is_plain`), so its cells need only `strip()`.

    Lines without quotes are split directly (most of a big export, and ~10x faster than the
    csv module). A line with quotes goes through the csv module; if its quotes are unbalanced,
    a quoted cell may continue on the next lines (an address with a line break), but only
    if that yields a line of the right width: otherwise this line alone is rejected and
    reading resumes with the next one.
    """
    try:
        yield from _records(layout)
    except (OSError, UnicodeDecodeError) as exc:  # the file changed or vanished since sniff()
        raise ImportFailed(t("{file}: cannot read the file any more ({why})",
                             file=layout.path, why=exc)) from exc


def _records(layout: CsvLayout) -> Iterator[Record]:
    delimiter, width = layout.delimiter, layout.width
    check_bytes = layout.errors == "surrogateescape"
    with layout.path.open(encoding=layout.encoding, errors=layout.errors, newline="") as f:
        stream = enumerate(f, 1)
        for _ in range(layout.header_line):
            next(stream)
        pending: deque[tuple[int, str]] = deque()  # lines read ahead and given back

        def take() -> tuple[int, str] | None:
            return pending.popleft() if pending else next(stream, None)

        while (item := take()) is not None:
            number, line = item
            if len(line) > MAX_LINE:
                yield number, TOO_LONG_LINE, False
                continue
            if check_bytes and _ESCAPED_BYTE.search(line):
                yield number, BAD_BYTES, False
                continue
            text = line.rstrip("\r\n")
            if '"' not in text:
                if text.strip():
                    fields = text.split(delimiter)
                    yield (number, fields if len(fields) == width else _fit(fields, width),
                           is_plain(text))
                continue
            quoted = _split_quoted(text, delimiter)
            if quoted is not None:
                yield number, _fit(quoted, width), is_plain(text)
                continue
            if text.count('"') % 2 == 0:
                yield number, BAD_QUOTES, False
                continue
            joined = text
            extra: list[tuple[int, str]] = []
            while len(extra) < MAX_CONTINUATION and len(joined) <= MAX_LINE:
                following = take()
                if following is None:
                    break
                extra.append(following)
                joined += "\n" + following[1].rstrip("\r\n")
                if following[1].count('"') % 2:
                    break
            rejoined = _split_quoted(joined, delimiter) if joined.count('"') % 2 == 0 else None
            if rejoined is not None and len(rejoined) == width:
                yield number, rejoined, False  # a line break in a cell: clean each cell fully
                continue
            pending.extendleft(reversed(extra))
            yield number, UNTERMINATED, False
