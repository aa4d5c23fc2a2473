"""Benchmark of contract look-ups on 1,000,000 contracts: by number (verification) and by
surname prefix, through the service code the call screen uses (`console.services.calls`).

Targets (DESIGN.md "Performance"): look-up by number p99 <= 2 ms [raw SQLite 0.07 ms], by
surname prefix p99 <= 5 ms [0.3 ms], on 1,000,000 contracts.

What is measured (wall time, `time.perf_counter_ns`, after a warm-up; GC left on, as in the app):
- `lookup_number_p50_ms`, `lookup_number_p99_ms`: `calls.lookup(None, number, surname,
  operator="bench", now=...)` (call_id None: nothing is written) over a mix of 80% existing
  number + right surname (so the contract card is built, `contract_card`, as the screen gets it),
  10% existing number + wrong surname, 10% unknown number. Numbers and surnames are typed the
  ways callers say them (dashes, spaces, any case, ё for е).
- `lookup_number_verify_only_p50_ms`, `..._p99_ms`: the same call with an existing number and a
  wrong surname: the query and the comparison without the card.
- `lookup_card_p50_ms`, `..._p99_ms`: `calls.contract_card(id)` alone; its floor is the same four
  statements (contract, phones, open tickets, past calls) through raw sqlite3.
- `lookup_surname_p50_ms`, `lookup_surname_p99_ms`: `calls.search_by_surname(prefix)` with 3-6
  leading letters of existing surnames, as typed (lower, UPPER, Capitalised, ё/е swapped).
- `lookup_connection_open_ms`: median cost of entering and leaving `database.connection_context()`
  in a thread, as every UI worker does (`AppState.run_service`); floor: `sqlite3.connect` with
  the same pragmas, then close.
- `lookup_number_worker_p50_ms`, `..._p99_ms`: one look-up the way a worker runs it: a new
  connection_context around `calls.lookup`, in a thread; floor: raw connect + pragmas + the
  query + close.
- `lookup_number_cpu_p99_ms`, `lookup_number_verify_only_cpu_p99_ms`, `lookup_surname_cpu_p99_ms`:
  the same p99s in CPU time of the calling thread (`time.thread_time_ns`): on a shared machine a
  wall-time p99 mostly measures the scheduler (a 4 ms time slice lost to another process), the
  CPU time what the code costs.
The look-ups above run on one long-lived connection (`database.connection_context()` entered
once); each floor is raw sqlite3 on its own connection with the console's pragmas, interleaved
with the measured calls in the same run (each side walks its own shuffled order of the same
inputs, so neither warms the pages the other reads next). floor = the floor's same percentile,
ratio = value / floor. Every result is checked (verified or not, which part failed, rows found).
The plans of the statements a verified look-up and a surname search run are printed on stderr.

The database: schema by `console.db.open_database` (the migrations) plus the reference task
types, then 1,000,000 synthetic contracts bulk-inserted with raw sqlite3 in one transaction
(Russian surnames: Faker ru_RU's 250 frequency-ranked pairs and ~2,750 syllable-built ones,
Zipf-weighted, some with ё and some double-barrelled; keys by `console.rules.normalize`;
8-digit numbers, a third stored as 'NN-NNNNNN'), 1-2 phones each, 200,000 past calls and 30,000
tickets on random contracts; indexes built after the rows, then ANALYZE. 30-60 s, once: cached as
/tmp/support-console-bench/contracts-1m.db and reused while its row count and stamp (generator
version, migrations) match; rebuilt otherwise or with --rebuild.

Run: .venv/bin/python bench/bench_lookup.py [--rows N] [--samples N] [--rebuild]
     (JSON list of {name, value, unit, floor, ratio} on stdout, progress on stderr)
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import random
import sqlite3
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from console.services.calls import LookupResult

ROOT = Path(__file__).resolve().parent.parent
CACHE_DIR = Path(tempfile.gettempdir()) / "support-console-bench"
DEFAULT_ROWS = 1_000_000
DEFAULT_SAMPLES = 5_000
SEED = 20261126
GENERATOR = 1  # bump when the generated data changes: the cached database is then rebuilt
NUMBER_SPACE = 90_000_000  # contract numbers are 10000000..99999999
NUMBER_STEP = 7_368_787  # coprime with NUMBER_SPACE: i -> number is a permutation
MOBILE_CODES = ("903", "905", "906", "909", "915", "916", "917", "925", "926", "929", "962",
                "965", "967", "977", "985", "999")
PHONE_STEP = 48_271_139  # coprime with len(MOBILE_CODES) * 10**7
CALLS = 200_000
TICKETS = 30_000
NOW = datetime(2026, 11, 25, 8, 0, tzinfo=UTC)  # 11:00 in Moscow
TARGETS_MS = {"lookup_number_p99_ms": 2.0, "lookup_surname_p99_ms": 5.0}


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# -- the synthetic 1M database ------------------------------------------------------------------
def surname_pool(rng: random.Random, size: int = 3000) -> list[tuple[str, str]]:
    """(male, female) surname pairs, most frequent first: Faker's list, then syllable-built."""
    from faker.providers.person.ru_RU import Provider

    pairs = list(zip(Provider.last_names_male, Provider.last_names_female, strict=True))
    seen = {male for male, _ in pairs}
    onsets = ("Б", "В", "Г", "Д", "Ж", "З", "К", "Л", "М", "Н", "П", "Р", "С", "Т", "Ф", "Х",
              "Ч", "Ш", "Бр", "Гр", "Др", "Кр", "Пр", "Тр", "Ст", "Св", "Сл", "Зв", "Бл", "Гл")
    vowels = ("а", "о", "у", "е", "и", "я", "ё", "ы")
    codas = ("б", "в", "г", "д", "з", "к", "л", "м", "н", "п", "р", "с", "т", "х", "ш", "ч",
             "ль", "нь", "рь", "рк", "ск", "шк", "ньк")
    endings = (("ов", "ова"), ("ов", "ова"), ("ев", "ева"), ("ёв", "ёва"), ("ин", "ина"),
               ("ин", "ина"), ("ский", "ская"), ("цкий", "цкая"), ("енко", "енко"),
               ("ук", "ук"), ("ых", "ых"), ("иков", "икова"), ("анов", "анова"))
    while len(pairs) < size:
        root = rng.choice(onsets) + rng.choice(vowels) + rng.choice(codas)
        if rng.random() < 0.4:
            root += rng.choice(vowels[:5]) + rng.choice(codas[:16])
        if root.endswith("ь"):
            root = root[:-1]
        male_end, female_end = rng.choice(endings)
        male = root + male_end
        if male not in seen:
            seen.add(male)
            pairs.append((male, root + female_end))
    return pairs


def _stamp(moment: datetime) -> str:
    """A naive UTC timestamp as Peewee stores one."""
    return moment.astimezone(UTC).replace(tzinfo=None).strftime("%Y-%m-%d %H:%M:%S")


def contract_number(index: int) -> str:
    """The index-th contract's 8-digit number (a permutation: unique, in no visible order)."""
    return str(10_000_000 + (index * NUMBER_STEP + 1_234_567) % NUMBER_SPACE)


def _contracts(rows: int, rng: random.Random) -> Iterator[tuple[object, ...]]:
    from faker.providers.address.ru_RU import Provider as Address
    from faker.providers.person.ru_RU import Provider as Person

    from console.rules.normalize import contract_key, surname_key

    pool = surname_pool(rng)
    weights = [1 / (rank + 10) ** 0.9 for rank in range(len(pool))]  # Zipf-like: Иванов often
    picks = rng.choices(range(len(pool)), weights=weights, k=rows)
    keys: dict[str, str] = {}
    streets = [f"ул. {t}" for t in Address.street_titles] + [
        f"{s} {t}" for s in ("пр.", "пер.", "ш.") for t in Address.street_titles_noflex]
    companies = [f"ООО «{w}»" for w in ("Ромашка", "Вектор", "Гранит", "Север", "Лидер",
                                        "Альфа", "Стройсервис", "Мегаполис", "Фортуна")]
    statuses = ("active",) * 97 + ("suspended", "suspended", "closed")
    as_of = _stamp(NOW - timedelta(hours=3))
    created = _stamp(NOW - timedelta(days=400))
    male = (Person.first_names_male, Person.middle_names_male)
    female = (Person.first_names_female, Person.middle_names_female)
    for i in range(rows):
        is_male = rng.random() < 0.5
        surname = pool[picks[i]][0 if is_male else 1]
        if rng.random() < 0.005:  # a double-barrelled surname
            surname += "-" + pool[rng.randrange(len(pool))][0 if is_male else 1]
        key = keys.get(surname)
        if key is None:
            key = keys[surname] = surname_key(surname)
        first, middle = male if is_male else female
        number = contract_number(i)
        if i % 3 == 0:
            number = f"{number[:2]}-{number[2:]}"  # as billing sometimes writes it
        company = rng.choice(companies) if rng.random() < 0.08 else None
        where = (f"офис {rng.randint(1, 40)}" if company else f"кв. {rng.randint(1, 480)}")
        address = f"г. Москва, {rng.choice(streets)}, д. {rng.randint(1, 120)}, {where}"
        yield (i + 1, number, contract_key(number), surname, rng.choice(first),
               rng.choice(middle), key, company, address, rng.randint(-20_000, 500_000),
               as_of, rng.choice(statuses), created, created)


def _phones(rows: int, rng: random.Random) -> Iterator[tuple[object, ...]]:
    space = len(MOBILE_CODES) * 10**7
    issued = 0
    for contract_id in range(1, rows + 1):
        for n in range(1 if rng.random() < 0.6 else 2):
            slot = (issued * PHONE_STEP + 777) % space
            issued += 1
            yield (contract_id, f"+7{MOBILE_CODES[slot // 10**7]}{slot % 10**7:07d}", 1,
                   "мобильный" if n == 0 else "")


def _calls(rows: int, rng: random.Random) -> Iterator[tuple[object, ...]]:
    outcomes = ("solved",) * 5 + ("ticket", "ticket", "callback", "refused", "hung_up")
    for _ in range(CALLS):
        started = NOW - timedelta(seconds=rng.randrange(60, 365 * 86400))
        ended = started + timedelta(seconds=rng.randrange(30, 1200))
        yield (_stamp(started), _stamp(ended), rng.randint(1, 10), rng.randint(1, rows), 1,
               "open", rng.choice(outcomes), None, "", 0)


def _tickets(rows: int, rng: random.Random,
             task_types: list[tuple[int, int]]) -> Iterator[tuple[object, ...]]:
    statuses = ("open",) * 8 + ("in_progress",) * 2 + ("done",) * 9 + ("cancelled",)
    for _ in range(TICKETS):
        type_id, priority = rng.choice(task_types)
        status = rng.choice(statuses)
        created = NOW - timedelta(seconds=rng.randrange(60, 30 * 86400))
        eta = (_stamp(NOW + timedelta(hours=rng.randrange(1, 120)))
               if status in ("open", "in_progress") else None)
        yield (rng.randint(1, rows), type_id, priority, status, "phone", None,
               "Нет подключения, на роутере не горит индикатор WAN", "", "", 1, None, "", 0,
               0, None, eta, None, None, None, 0, None, _stamp(created), 1, _stamp(created), 1,
               None)


def build(path: Path, rows: int) -> None:
    """Migrated schema + reference data by the console's code, then raw bulk inserts."""
    from console.db import open_database
    from console.reference import default_data_dir, load_reference
    from console.services.setup import sync_reference

    started = time.perf_counter()
    part = path.with_name(path.name + ".part")
    for leftover in (part, Path(f"{part}-wal"), Path(f"{part}-shm")):
        leftover.unlink(missing_ok=True)
    db = open_database(part)
    sync_reference(load_reference(default_data_dir()))
    db.close()

    rng = random.Random(SEED)
    conn = sqlite3.connect(part, isolation_level=None)
    conn.execute("PRAGMA journal_mode = OFF")  # a throw-away file until it is complete
    conn.execute("PRAGMA synchronous = OFF")
    conn.execute("PRAGMA cache_size = -262144")
    tables = ("contract", "contract_phone", "call", "ticket")
    indexes = conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
        f"AND tbl_name IN ({', '.join('?' * len(tables))})", tables).fetchall()
    task_types = conn.execute("SELECT id, priority FROM task_type ORDER BY id").fetchall()
    if not task_types:
        raise SystemExit("bench_lookup: no task types after sync_reference")
    conn.execute("BEGIN")
    for name, _ in indexes:  # built again after the rows: a sort instead of 4M random inserts
        conn.execute(f'DROP INDEX "{name}"')
    conn.executemany("INSERT INTO operator (id, login, name, is_supervisor, created_at) "
                     "VALUES (?, ?, ?, 0, ?)",
                     [(n, f"op{n}", f"Диспетчер {n}", _stamp(NOW)) for n in range(1, 11)])
    conn.executemany(
        "INSERT INTO contract (id, number, number_key, surname, first_name, patronymic, "
        "surname_key, company, address, balance_kopecks, balance_as_of, status, created_at, "
        "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", _contracts(rows, rng))
    log(f"  contracts in {time.perf_counter() - started:.1f} s")
    conn.executemany("INSERT INTO contract_phone (contract_id, e164, is_mobile, note) "
                     "VALUES (?, ?, ?, ?)", _phones(rows, rng))
    conn.executemany(
        "INSERT INTO call (started_at, ended_at, operator_id, contract_id, verified, "
        "service_mode, outcome, refusal_reason, notes, over_15_min) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", _calls(rows, rng))
    conn.executemany(
        "INSERT INTO ticket (contract_id, task_type_id, priority, status, channel, call_id, "
        "description, responsible_name, contact_phone, contact_is_mobile, desired_at, "
        "intercom_code, no_intercom, billable_agreed, technician_id, eta_start, eta_end, "
        "told_start, told_at, pinned, cancel_reason, created_at, created_by_id, updated_at, "
        "version, planned_technician_id) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        _tickets(rows, rng, task_types))
    log(f"  phones, calls, tickets in {time.perf_counter() - started:.1f} s")
    for _, sql in indexes:
        conn.execute(sql)
    conn.execute("COMMIT")
    log(f"  indexes in {time.perf_counter() - started:.1f} s")
    conn.execute("ANALYZE")
    conn.execute("PRAGMA journal_mode = WAL")  # what the console's databases use
    conn.close()
    part.replace(path)
    log(f"built {path} ({rows:,} contracts) in {time.perf_counter() - started:.1f} s")


def stamp(rows: int) -> str:
    """What the cached database was built from: generator version, rows, the migrations."""
    digest = hashlib.sha256(f"{GENERATOR}:{rows}:{SEED}".encode())
    for migration in sorted((ROOT / "console" / "migrations").glob("*.py")):
        digest.update(migration.name.encode() + migration.read_bytes())
    return digest.hexdigest()[:16]


def database_path(rows: int, rebuild: bool) -> Path:
    CACHE_DIR.mkdir(exist_ok=True)
    name = "contracts-1m.db" if rows == DEFAULT_ROWS else f"contracts-{rows}.db"
    path = CACHE_DIR / name
    stamp_path = path.with_name(path.name + ".stamp")
    expected = stamp(rows)
    if not rebuild and path.exists() and stamp_path.exists():
        try:
            conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
            try:
                count = conn.execute("SELECT count(*) FROM contract").fetchone()[0]
            finally:
                conn.close()
        except sqlite3.DatabaseError:
            count = -1
        if count == rows and stamp_path.read_text().strip() == expected:
            log(f"reusing {path}")
            return path
        log(f"{path}: {count} contracts or a stale stamp: rebuilding")
    stamp_path.unlink(missing_ok=True)
    for old in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        old.unlink(missing_ok=True)
    log(f"building {path} ({rows:,} contracts, 30-60 s) ...")
    build(path, rows)
    stamp_path.write_text(expected + "\n")
    return path


# -- inputs, as callers say them ----------------------------------------------------------------
def swap_yo(text: str) -> str:
    """Ё for е or е for ё: what a caller's spelling (or the dispatcher's typing) does."""
    if "ё" in text or "Ё" in text:
        return text.replace("ё", "е").replace("Ё", "Е")
    for i, ch in enumerate(text):
        if ch in "еЕ":
            return text[:i] + ("ё" if ch == "е" else "Ё") + text[i + 1:]
    return text.lower()


def typed_surname(surname: str, rng: random.Random) -> str:
    r = rng.random()
    if r < 0.5:
        return surname
    if r < 0.7:
        return surname.lower()
    if r < 0.8:
        return f" {surname.upper()} "
    return swap_yo(surname)


def typed_number(number: str, rng: random.Random) -> str:
    digits = number.replace("-", "")
    r = rng.random()
    if r < 0.5:
        return digits
    if r < 0.7:
        return f"{digits[:2]}-{digits[2:]}"
    if r < 0.9:
        return f"{digits[:2]} {digits[2:5]} {digits[5:]}"
    return f"{digits[:2]}-{digits[2:4]}-{digits[4:6]}-{digits[6:]}"


def typed_prefix(surname: str, rng: random.Random) -> str:
    prefix = surname[:rng.randint(3, 6)]
    r = rng.random()
    if r < 0.35:
        return prefix
    if r < 0.7:
        return prefix.lower()
    if r < 0.85:
        return prefix.upper()
    return swap_yo(prefix)


class Inputs:
    """Sampled contracts and what callers type for them; `expect` is each look-up's outcome."""

    def __init__(self, conn: sqlite3.Connection, rows: int, samples: int, seed: int) -> None:
        from console.rules.normalize import surname_key

        rng = random.Random(seed)
        ids = rng.sample(range(1, rows + 1), min(rows, samples * 2))
        found: dict[int, tuple[str, str]] = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            found.update((row[0], (row[1], row[2])) for row in conn.execute(
                f"SELECT id, number, surname FROM contract WHERE id IN "
                f"({', '.join('?' * len(chunk))})", chunk))
        people = [(i, *found[i]) for i in ids]
        surnames = [s for _, _, s in people]
        # (number typed, surname typed, contract id, expected (verified, number ok, surname ok))
        self.mixed: list[tuple[str, str, int | None, tuple[bool, bool, bool]]] = []
        self.wrong: list[tuple[str, str, int | None, tuple[bool, bool, bool]]] = []
        for n in range(samples):
            cid, number, surname = people[n]
            kind = rng.random()
            if kind < 0.8:
                self.mixed.append((typed_number(number, rng), typed_surname(surname, rng), cid,
                                   (True, True, True)))
            elif kind < 0.9:
                self.mixed.append((typed_number(number, rng), self._other(surname, surnames, rng,
                                   surname_key), cid, (False, True, False)))
            else:
                unknown = contract_number(rng.randrange(rows, NUMBER_SPACE))
                self.mixed.append((typed_number(unknown, rng), typed_surname(surname, rng), None,
                                   (False, False, False)))
        for cid, number, surname in people[samples:]:
            self.wrong.append((typed_number(number, rng), self._other(surname, surnames, rng,
                               surname_key), cid, (False, True, False)))
        self.card_ids = [cid for cid, _, _ in people[:samples]]
        self.prefixes = [typed_prefix(surname, rng) for surname in surnames[:samples]]

    @staticmethod
    def _other(surname: str, surnames: list[str], rng: random.Random,
               key: Callable[[str], str]) -> str:
        while True:
            other = rng.choice(surnames)
            if key(other) != key(surname):
                return other


# -- measuring ----------------------------------------------------------------------------------
def percentile(values: list[int], q: float) -> float:
    """Nearest-rank percentile of nanoseconds, in ms."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q * len(ordered)) - 1)] / 1e6


def raw_connection(path: Path) -> sqlite3.Connection:
    from console.db import SQLITE_PRAGMAS

    conn = sqlite3.connect(path, check_same_thread=False)
    for key, value in SQLITE_PRAGMAS.items():
        conn.execute(f"PRAGMA {key} = {value}")
    return conn


def interleave(n: int, measured: Callable[[int], None], floor: Callable[[int], None],
               seed: int) -> Timings:
    """Time measured(i) and floor(j) alternately (ABBA), each over its own shuffled order."""
    rng = random.Random(seed)
    order_a, order_b = list(range(n)), list(range(n))
    rng.shuffle(order_a)
    rng.shuffle(order_b)
    timings = Timings()
    wall, cpu = time.perf_counter_ns, time.thread_time_ns
    for k in range(n):
        pairs = ((measured, order_a[k], timings.wall, timings.cpu),
                 (floor, order_b[k], timings.floor_wall, timings.floor_cpu))
        for fn, index, wall_out, cpu_out in (pairs if k % 4 in (0, 3) else pairs[::-1]):
            c0 = cpu()
            t0 = wall()
            fn(index)
            t1 = wall()
            cpu_out.append(cpu() - c0)
            wall_out.append(t1 - t0)
    return timings


@dataclass
class Timings:
    """Nanoseconds per call: wall and this thread's CPU time, of the measured side and floor."""

    wall: list[int] = field(default_factory=list)
    cpu: list[int] = field(default_factory=list)
    floor_wall: list[int] = field(default_factory=list)
    floor_cpu: list[int] = field(default_factory=list)


LOOKUP_SQL = "SELECT id, number_key, surname FROM contract WHERE number_key = ?"
SURNAME_SQL = ("SELECT number, surname FROM contract WHERE surname_key >= ? AND surname_key < ? "
               "ORDER BY surname_key LIMIT 20")
CARD_SQL = (
    "SELECT * FROM contract WHERE id = ? LIMIT 1",
    "SELECT id, contract_id, e164, is_mobile, note FROM contract_phone WHERE contract_id = ? "
    "ORDER BY id",
    "SELECT t.id, tt.name_ru, tt.name_en, t.status, t.eta_start FROM ticket t "
    "JOIN task_type tt ON tt.id = t.task_type_id "
    "WHERE t.contract_id = ? AND t.status IN ('open', 'in_progress') "
    "ORDER BY t.created_at DESC LIMIT 10",
    "SELECT c.started_at, c.outcome, o.name FROM call c JOIN operator o ON o.id = c.operator_id "
    "WHERE c.contract_id = ? AND c.ended_at IS NOT NULL ORDER BY c.started_at DESC LIMIT 5",
)


def show_plans(raw: sqlite3.Connection, inputs: Inputs) -> None:
    """The statements one verified look-up and one surname search run, with their plans."""
    from console.models import database
    from console.services import calls

    statements: list[str] = []
    conn = database.connection()
    conn.set_trace_callback(statements.append)
    try:
        number, surname, _, _ = next(x for x in inputs.mixed if x[3][0])
        calls.lookup(None, number, surname, operator="bench", now=NOW)
        calls.search_by_surname(inputs.prefixes[0])
    finally:
        conn.set_trace_callback(None)
    for sql in statements:
        plan = "; ".join(row[3] for row in raw.execute(f"EXPLAIN QUERY PLAN {sql}"))
        flag = "  <-- a scan: check the indexes" if "SCAN" in plan else ""
        log(f"  {sql}\n    plan: {plan}{flag}")


def check(result: LookupResult, expect: tuple[bool, bool, bool], what: str) -> None:
    v = result.verification
    got = (v.verified, v.number_matched, v.surname_matched)
    card = result.card
    if got != expect or (card is not None) != expect[0]:
        raise SystemExit(f"bench_lookup: {what}: expected {expect}, got {got}, card {card}")


def measure(path: Path, rows: int, samples: int) -> list[dict[str, object]]:
    from console.db import open_database
    from console.models import database
    from console.rules.normalize import clean_text, contract_key, surname_key
    from console.services import calls

    db = open_database(path)
    raw = raw_connection(path)
    inputs = Inputs(raw, rows, samples, SEED + 1)
    number_keys = [contract_key(clean_text(n, limit=calls.INPUT_LIMIT)) for n, *_ in inputs.mixed]
    wrong_keys = [contract_key(clean_text(n, limit=calls.INPUT_LIMIT)) for n, *_ in inputs.wrong]
    prefix_keys = [surname_key(clean_text(p, limit=calls.INPUT_LIMIT)) for p in inputs.prefixes]
    results: dict[str, Timings] = {}

    def lookup(item: tuple[str, str, int | None, tuple[bool, bool, bool]]) -> LookupResult:
        return calls.lookup(None, item[0], item[1], operator="bench", now=NOW)

    def raw_lookup(key: str) -> None:
        raw.execute(LOOKUP_SQL, (key,)).fetchall()

    def raw_surname(key: str) -> None:
        raw.execute(SURNAME_SQL, (key, key + "\uffff")).fetchall()

    def raw_card(cid: int) -> None:
        for sql in CARD_SQL:
            raw.execute(sql, (cid,)).fetchall()

    with database.connection_context():  # one long-lived connection for all these calls
        log("plans:")
        show_plans(raw, inputs)
        # Correctness first (also the warm-up of pages, statement caches and Python paths).
        for item in inputs.mixed:
            check(lookup(item), item[3], f"lookup {item[:2]}")
        for item in inputs.wrong[: samples // 5]:
            check(lookup(item), item[3], f"lookup {item[:2]}")
        for prefix, key in zip(inputs.prefixes, prefix_keys, strict=True):
            got = calls.search_by_surname(prefix)
            if not got or len(got) != len(raw.execute(SURNAME_SQL, (key, key + "\uffff"))
                                          .fetchall()):
                raise SystemExit(f"bench_lookup: search_by_surname({prefix!r}) found {got}")
        for cid in inputs.card_ids[: samples // 5]:
            calls.contract_card(cid)
            raw_card(cid)
        for key in number_keys:
            raw_lookup(key)
        log("warmed up; timing ...")

        started = time.perf_counter()
        results["lookup_number"] = interleave(
            samples, lambda i: lookup(inputs.mixed[i]), lambda i: raw_lookup(number_keys[i]), 1)
        results["lookup_number_verify_only"] = interleave(
            len(inputs.wrong), lambda i: lookup(inputs.wrong[i]),
            lambda i: raw_lookup(wrong_keys[i]), 2)
        results["lookup_card"] = interleave(
            samples, lambda i: calls.contract_card(inputs.card_ids[i]),
            lambda i: raw_card(inputs.card_ids[i]), 3)
        results["lookup_surname"] = interleave(
            samples, lambda i: calls.search_by_surname(inputs.prefixes[i]),
            lambda i: raw_surname(prefix_keys[i]), 4)
        log(f"  long-lived connection: {time.perf_counter() - started:.1f} s")

    # As a UI worker runs it: a thread, a connection_context per call (AppState.run_service).
    worker_samples = max(200, samples // 5)
    whole, opened = Timings(), Timings()  # the whole call; only entering + leaving the context

    def worker() -> None:
        wall, cpu = time.perf_counter_ns, time.thread_time_ns
        for k in range(worker_samples):
            item = inputs.mixed[k]
            for side in ((0, 1) if k % 2 == 0 else (1, 0)):
                c0 = cpu()
                t0 = wall()
                if side == 0:
                    ctx = database.connection_context()
                    ctx.__enter__()
                    t1 = wall()
                    try:
                        result = lookup(item)
                    finally:
                        t2 = wall()
                        ctx.__exit__(None, None, None)
                else:
                    conn = raw_connection(path)
                    t1 = wall()
                    conn.execute(LOOKUP_SQL, (number_keys[k],)).fetchall()
                    t2 = wall()
                    conn.close()
                t3 = wall()
                spent = cpu() - c0
                if side == 0:
                    check(result, item[3], "worker lookup")
                    whole.wall.append(t3 - t0)
                    whole.cpu.append(spent)
                    opened.wall.append((t1 - t0) + (t3 - t2))
                else:
                    whole.floor_wall.append(t3 - t0)
                    whole.floor_cpu.append(spent)
                    opened.floor_wall.append((t1 - t0) + (t3 - t2))

    thread = threading.Thread(target=worker, name="bench-worker")
    started = time.perf_counter()
    thread.start()
    thread.join()
    if len(whole.wall) != worker_samples:
        raise SystemExit("bench_lookup: the worker thread failed (see above)")
    results["lookup_number_worker"] = whole
    log(f"  worker-style: {time.perf_counter() - started:.1f} s")
    raw.close()
    db.close()

    out: list[dict[str, object]] = []
    for name, t in results.items():
        for label, q in (("p50", 0.5), ("p99", 0.99)):
            out.append(entry(f"{name}_{label}_ms", percentile(t.wall, q),
                             percentile(t.floor_wall, q)))
    # CPU time of the calling thread: what the code costs when other work shares the machine
    # (wall-time p99 then mostly measures the scheduler).
    for name in ("lookup_number", "lookup_number_verify_only", "lookup_surname"):
        t = results[name]
        out.append(entry(f"{name}_cpu_p99_ms", percentile(t.cpu, 0.99),
                         percentile(t.floor_cpu, 0.99)))
    out.append(entry("lookup_connection_open_ms", percentile(opened.wall, 0.5),
                     percentile(opened.floor_wall, 0.5)))
    return out


def entry(name: str, value: float, floor: float | None) -> dict[str, object]:
    return {"name": name, "value": round(value, 4), "unit": "ms",
            "floor": None if floor is None else round(floor, 4),
            "ratio": None if not floor else round(value / floor, 2)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=DEFAULT_ROWS, help="contracts (1,000,000)")
    parser.add_argument("--samples", type=int, default=DEFAULT_SAMPLES,
                        help="look-ups per measurement (5,000)")
    parser.add_argument("--rebuild", action="store_true", help="rebuild the cached database")
    args = parser.parse_args()
    if args.rows < 2 * args.samples:
        parser.error("--rows must be at least twice --samples")
    path = database_path(args.rows, args.rebuild)
    load, cpus = os.getloadavg()[0], os.cpu_count() or 1
    if load > cpus / 2:
        log(f"warning: load average {load:.1f} on {cpus} CPUs: other work skews these figures")
    started = time.perf_counter()
    results = measure(path, args.rows, args.samples)
    log(f"measured in {time.perf_counter() - started:.1f} s")
    for item in results:
        target = TARGETS_MS.get(str(item["name"]))
        value = item["value"]
        if target is not None and isinstance(value, float) and value > target:
            log(f"note: {item['name']} = {item['value']} ms is over its target of {target} ms")
    print(json.dumps(results, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
