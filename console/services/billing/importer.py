"""Importing contracts from a billing CSV export (R13, R14): the data verification stands on.

`support-console import-contracts FILE` upserts by the normalised contract number (D3): a new
number is added, a known one whose fields differ is updated (its balance stamped `as_of`, R14),
an identical one is left alone, so importing the same file twice changes nothing. Broken lines
are rejected with their line number and a reason in English and Russian into a report beside
the file; an invalid phone is dropped with a warning and its line still imports. One audit
event records the import (D14).

Speed (DESIGN.md "Performance": 1,000,000 rows <= 60 s): no ORM query per row. The existing
contracts are read once into number_key -> (id, fingerprints); rows are written with
`executemany` on SQL that peewee builds once (`writer`), in transactions of BATCH rows,
so a crash leaves whole batches; cells take fast paths proven equal to the shared normalisers
(`values`, `phones`); a big file is parsed in a forked child while this
process writes (`parallel`).
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from operator import gt
from pathlib import Path
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from console.i18n import os_reason, t
from console.models import AuditEvent, Contract, ContractPhone, database, utcnow
from console.rules.normalize import _NUMBER_SEPARATORS, clean_text, surname_key
from console.services import audit
from console.services.billing.csv_file import CsvLayout, ImportFailed, Record, records, sniff
from console.services.billing.parallel import ChildFailed, fork_available, parse_in_child
from console.services.billing.phones import SLOW, fast_phone, normalise_phone
from console.services.billing.values import (
    ACTIVE,
    LIMITS,
    RowProblem,
    parse_balance,
    parse_status,
    shown,
    too_long,
)
from console.services.billing.writer import (
    OPTIONAL_TEXT,
    Batch,
    DirectWriter,
    Phones,
    Statements,
    WriteFailed,
    bulk_settings,
    db_time,
)

__all__ = ["ImportFailed", "ImportSummary", "default_report_path", "import_contracts"]

# Rows per transaction. Each commit rewrites every index page the batch touched into the WAL,
# and random keys touch most of them: 25,000-row batches write ~5x fewer pages than 5,000-row
# ones (measured: 400,000 rows in 9-11 s instead of 19 s). Another console's write waits for
# one batch's commit (well under a second), within its 5 s busy timeout.
BATCH = 25_000
# From this many rows a forked child parses while this process writes (`parallel`);
# below, the fork and the pipe cost more than the overlap saves.
PARALLEL_MIN_ROWS = 50_000
Progress = Callable[[int, int], None]


_M64 = (1 << 64) - 1
_EMPTY_NUMBER = RowProblem("empty_number", "contract number is empty", "номер договора не указан")
_EMPTY_SURNAME = RowProblem("empty_surname", "surname is empty", "фамилия не указана")


class Writer(Protocol):
    """Where `consume` hands its batches: the database directly, or the pipe to the parent."""

    def put(self, batch: Batch) -> None: ...


@dataclass(frozen=True)
class ImportSummary:
    """What an import did, in lines of the file; `report_path` is None when nothing was
    reported; `warnings` counts phones dropped from lines that still imported."""

    added: int
    updated: int
    unchanged: int
    rejected: int
    report_path: Path | None
    seconds: float
    warnings: int = 0


def default_report_path(path: Path) -> Path:
    """billing.csv -> billing.csv.rejected.txt, beside the export."""
    return path.with_name(path.name + ".rejected.txt")


def _fingerprint(values: tuple[object, ...]) -> int:
    # hash() of a tuple of str/int/None is stable within one process, which is all a
    # comparison of this run's rows with this run's reading of the database needs; a 64-bit
    # collision (a changed row taken for unchanged) has odds of about 1 in 10**19.
    return hash(values) & _M64


class _Importer:
    """One import run: the existing contracts, the current batch, the counts and the report."""

    def __init__(self, layout: CsvLayout, as_of: datetime, now: datetime) -> None:
        self.layout = layout
        cols = layout.columns
        self.present = {name: name in cols for name in LIMITS}
        self.checks = tuple((cols[f], LIMITS[f], f) for f in LIMITS if f in cols)
        limits = [sys.maxsize] * layout.width  # columns the console does not keep: any length
        for index, limit, _ in self.checks:
            limits[index] = limit
        self.limits = tuple(limits)
        self.sql = Statements(self.present)
        self.as_of_db = db_time(Contract.balance_as_of, as_of)
        self.now_db = db_time(Contract.updated_at, now)
        self.existing: dict[str, int] = {}  # number_key -> id << 128 | fields fp << 64 | phones fp
        self.seen: dict[str, int] = {}  # number_key -> first line with it in this file
        self.surname_keys: dict[str, str] = {}  # surnames repeat: normalise each once
        self.phone_cache: dict[str, tuple[str, bool] | None] = {}
        self.batch = Batch()
        self.added = self.updated = self.unchanged = self.rejected = self.warnings = 0  # lines
        self.report: list[str] = []

    # -- the existing contracts, fingerprinted the way rows are

    def load_existing(self) -> None:
        """number_key -> id and fingerprints, from two plain queries over the whole tables.

        The SQL comes from peewee but runs on the bare cursor: peewee's row wrapping would
        cost seconds at a million contracts.
        """
        phones: dict[int, list[str]] = {}
        if self.present["phones"]:
            phone_query = ContractPhone.select(ContractPhone.contract, ContractPhone.e164)
            for contract_id, e164 in database.execute_sql(*phone_query.sql()):
                phones.setdefault(contract_id, []).append(e164)
        c = Contract
        query = c.select(c.id, c.number_key, c.number, c.surname, c.first_name, c.patronymic,
                         c.company, c.address, c.balance_kopecks, c.status)
        present = [self.present[f] for f in (*OPTIONAL_TEXT, "status")]
        keep_first, keep_patronymic, keep_company, keep_address, keep_status = present
        existing = self.existing
        for cid, key, number, surname, first, patronymic, company, address, balance, status in (
                database.execute_sql(*query.sql())):
            fields = (number, surname, first if keep_first else None,
                      patronymic if keep_patronymic else None,
                      (company or None) if keep_company else None,
                      address if keep_address else None,
                      balance, status if keep_status else None)
            phone_fp = _fingerprint(tuple(sorted(set(phones.get(cid, ())))))
            existing[key] = cid << 128 | _fingerprint(fields) << 64 | phone_fp

    # -- the lines

    def reject(self, number: int, problem: RowProblem) -> None:
        self.rejected += 1
        self.report.append(f"line {number}: {problem.describe()}")

    def consume(self, stream: Iterator[Record], writer: Writer, tick: Progress) -> None:
        """Validate, normalise and queue every line; hand each BATCH rows to the writer.

        One loop with everything bound to locals: at a million lines, attribute and dict
        lookups per cell would cost seconds.
        """
        cols, total, header = self.layout.columns, self.layout.rows_total, self.layout.header_line
        i_number, i_surname, i_balance = cols["number"], cols["surname"], cols["balance"]
        i_first, i_patronymic = cols.get("first_name"), cols.get("patronymic")
        i_company, i_address = cols.get("company"), cols.get("address")
        i_phones, i_status = cols.get("phones"), cols.get("status")
        limits, seen, existing, skeys = self.limits, self.seen, self.existing, self.surname_keys
        reject, phones_of, compare = self.reject, self.phones, self.compare
        separators, strip = _NUMBER_SEPARATORS.sub, str.strip
        as_of, now = self.as_of_db, self.now_db
        batch = self.batch
        inserts, new_phones = batch.inserts, batch.new_phones
        for line, cells, plain in stream:
            if type(cells) is not list:
                reject(line, cells)  # type: ignore[arg-type]  # a RowProblem: mypy does not narrow `type(x) is not`
                continue
            if any(map(gt, map(len, cells), limits)):  # C speed; which one: only when one is
                index, _, field = next(c for c in self.checks if len(cells[c[0]]) > c[1])
                reject(line, too_long(field, cells[index]))
                continue
            text = strip if plain else clean_text  # the same result, see is_plain
            number = text(cells[i_number])
            key = separators("", number).upper()  # = contract_key(number) (D3)
            if not key:
                if any(c.strip() for c in cells):  # a line of empty cells is a blank line
                    reject(line, _EMPTY_NUMBER)
                continue
            first_seen = seen.get(key)
            if first_seen is not None:
                reject(line, _duplicate(number, first_seen))
                continue
            seen[key] = line
            surname = text(cells[i_surname])
            if not surname:
                reject(line, _EMPTY_SURNAME)
                continue
            balance = parse_balance(cells[i_balance])
            if type(balance) is not int:
                reject(line, balance)  # type: ignore[arg-type]  # a RowProblem (as above)
                continue
            status = None if i_status is None else parse_status(cells[i_status])
            if type(status) is RowProblem:
                reject(line, status)
                continue
            first = None if i_first is None else text(cells[i_first])
            patronymic = None if i_patronymic is None else text(cells[i_patronymic])
            company = None if i_company is None else (text(cells[i_company]) or None)
            address = None if i_address is None else text(cells[i_address])
            phones = None if i_phones is None else phones_of(line, cells[i_phones], text)
            s_key = skeys.get(surname)
            if s_key is None:
                s_key = skeys[surname] = surname_key(surname)
            known = existing.get(key)
            if known is None:
                inserts.append((number, key, surname, first or "", patronymic or "", s_key,
                                company, address or "", balance, as_of, status or ACTIVE,
                                now, now))
                if phones:
                    new_phones[key] = phones
            else:
                compare(known, (number, surname, first, patronymic, company, address, balance,
                                status), s_key, phones)
            if len(inserts) + len(batch.updates) >= BATCH:
                self.hand_over(writer)
                batch = self.batch
                inserts, new_phones = batch.inserts, batch.new_phones
                tick(min(line - header, total), total)
        self.hand_over(writer)

    def hand_over(self, writer: Writer) -> None:
        """Give the current batch to the writer and start a new one."""
        batch = self.batch
        if len(batch):
            self.added += len(batch.inserts)
            self.updated += len(batch.updates)
            writer.put(batch)
            self.batch = Batch()

    def compare(self, known: int, fields: tuple[Any, ...], s_key: str, phones: Phones | None
                ) -> None:
        """An existing contract: queue an update if any field or the phone set differs."""
        phones_changed = phones is not None and (
            _fingerprint(tuple(sorted(e for e, _ in phones))) != known & _M64)
        if not phones_changed and _fingerprint(fields) == (known >> 64) & _M64:
            self.unchanged += 1  # not touched at all: balance_as_of stays (re-import is a no-op)
            return
        contract_id = known >> 128
        number, surname, first, patronymic, company, address, balance, status = fields
        values = [number, surname, s_key]
        values += [v for f, v in zip(OPTIONAL_TEXT, (first, patronymic, company, address),
                                     strict=True) if self.present[f]]
        values += [balance] + ([status] if self.present["status"] else [])
        values += [self.as_of_db, self.now_db, contract_id]
        self.batch.updates.append(tuple(values[i] for i in self.sql.update_order))
        if phones_changed:
            self.batch.replaced_phones.append((contract_id, phones or []))

    def phones(self, line: int, cell: str, text: Callable[[str], str]) -> Phones:
        """The valid phones of a cell in their order, deduplicated; an invalid one is a warning."""
        if "," not in cell and ";" not in cell and "|" not in cell:  # one phone: most cells
            part = text(cell)
            if not part:
                return []
            result = fast_phone(part)
            if result is not SLOW and result is not None:
                return [result]
        found: dict[str, bool] = {}
        for part in cell.replace(";", ",").replace("|", ",").split(","):
            part = text(part)
            if not part:
                continue
            result = fast_phone(part)
            if result is SLOW:  # the library's ~170 us: worth remembering for repeats (typos)
                result = self.phone_cache.get(part, SLOW)
                if result is SLOW:
                    result = normalise_phone(part)
                    if len(self.phone_cache) < 100_000:
                        self.phone_cache[part] = result
            if result is None:
                self.warnings += 1
                self.report.append(
                    f"line {line}: warning bad_phone: phone '{shown(part)}' is not a valid "
                    f"number, dropped (телефон «{shown(part)}» — не номер, пропущен)")
            else:
                found.setdefault(result[0], result[1])
        return list(found.items())


def _duplicate(number: str, first_seen: int) -> RowProblem:
    return RowProblem("duplicate_number",
                      f"contract number {shown(number)} already on line {first_seen}",
                      f"договор {shown(number)} уже был в строке {first_seen}")


def _write_report(path: Path, source: Path, importer: _Importer) -> Path | None:
    """The rejected lines and warnings; an old report is overwritten so it cannot mislead."""
    if not importer.report and not path.exists():
        return None
    i = importer
    head = [f"# support-console import-contracts {source.name}",
            f"# added {i.added}, updated {i.updated}, unchanged {i.unchanged}, "
            f"rejected {i.rejected}, phone warnings {i.warnings}",
            "# line N: code: reason (причина)"]
    if not i.report:
        head.append("# nothing rejected")
    try:
        # Rejected lines quote clients' names and phones: readable by the owner only.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.fchmod(fd, 0o600)  # an old report keeps its mode through O_TRUNC: tighten it
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write("\n".join(head + i.report) + "\n")
    except OSError as exc:
        raise ImportFailed(t("{file}: cannot write the report ({why})", file=path,
                             why=os_reason(exc))) from exc
    return path


MSK = ZoneInfo("Europe/Moscow")  # D1: times are said in Moscow time
SLACK = timedelta(minutes=5)  # billing's clock and ours may differ a little


def _check_as_of(path: Path, as_of: datetime, now: datetime) -> None:
    """R14 rests on the balances: refuse balances stamped in the future (never "stale"), and
    an export older than the last one imported (it would roll newer balances back)."""
    said = f"{as_of.astimezone(MSK):%d.%m.%Y %H:%M}"
    if as_of > now + SLACK:
        raise ImportFailed(t("--as-of {as_of}: is in the future", as_of=said))
    event = (AuditEvent.select(AuditEvent.details)
             .where(AuditEvent.action == "contracts_imported")
             .order_by(AuditEvent.id.desc()).first())
    try:
        last = datetime.fromisoformat(json.loads(event.details)["as_of"]) if event else None
    except (ValueError, KeyError, TypeError):
        last = None  # an event this code did not write: nothing to compare with
    if last is not None and as_of < last:
        raise ImportFailed(t("{file}: balances as of {last} are already imported; this export, "
                             "as of {as_of}, is older and would roll them back", file=path,
                             last=f"{last.astimezone(MSK):%d.%m.%Y %H:%M}", as_of=said))


def import_contracts(path: Path, *, operator: str, as_of: datetime,
                     report_path: Path | None = None, progress: Progress | None = None,
                     now: datetime | None = None) -> ImportSummary:
    """Import a billing CSV export into the open database; see the module docstring.

    `as_of` is when billing's balances were true (stamped on added and changed contracts);
    `now` the time of the import (created_at/updated_at and the audit event), default: now.
    Raises ImportFailed for a file that cannot be imported at all, before writing anything.
    """
    started = time.perf_counter()
    if as_of.tzinfo is None or (now is not None and now.tzinfo is None):
        raise ValueError("as_of and now must be timezone-aware")
    path = Path(path)
    layout = sniff(path)
    report_path = Path(report_path) if report_path else default_report_path(path)
    # Found out now, not after the contracts are saved (the command would then fail on them).
    if not report_path.parent.is_dir():
        raise ImportFailed(t("{report}: folder {folder} does not exist", report=report_path,
                             folder=report_path.parent))
    if report_path.is_dir():
        raise ImportFailed(t("{report}: is a folder; give --report FILE", report=report_path))
    if not os.access(report_path.parent, os.W_OK) or (
            report_path.exists() and not os.access(report_path, os.W_OK)):
        raise ImportFailed(t("{report}: cannot be written; give --report FILE",
                             report=report_path))
    now = now or utcnow()
    _check_as_of(path, as_of, now)
    total = layout.rows_total
    tick = progress or (lambda done, total: None)
    tick(0, total)
    importer = _Importer(layout, as_of, now)
    importer.sql.audit = (operator, path.name, now)
    importer.load_existing()
    try:
        with bulk_settings():
            if total >= PARALLEL_MIN_ROWS and fork_available():
                parse_in_child(importer, importer.sql, tick)
            else:
                importer.consume(records(layout), DirectWriter(importer.sql), tick)
    except WriteFailed as exc:
        raise ImportFailed(t("{file}: the database refused a batch ({error}); the batches "
                             "before it are imported: run the import again", file=path,
                             error=exc)) from exc
    except ChildFailed as exc:
        raise ImportFailed(t("{file}: the import stopped ({error}); the batches before it are "
                             "imported: run the import again", file=path,
                             error=str(exc).splitlines()[0])) from exc
    tick(total, total)
    with database.atomic():
        audit.record(operator, "contracts_imported", "contract", None, {
            "file": path.name, "path": str(path.resolve()), "as_of": as_of.isoformat(),
            "added": importer.added, "updated": importer.updated,
            "unchanged": importer.unchanged, "rejected": importer.rejected,
            "phone_warnings": importer.warnings}, at=now)
    written = _write_report(report_path, path, importer)
    return ImportSummary(importer.added, importer.updated, importer.unchanged, importer.rejected,
                         written, time.perf_counter() - started, importer.warnings)
