"""Benchmark of the billing import: 1,000,000 CSV rows into a fresh database (DESIGN.md
"Performance": <= 60 s). Prints a JSON list of {name, value, unit, floor, ratio}.

`import_1m_s` runs `import_contracts` on a generated export (Russian names and Moscow
addresses from the demo's seeded pools, 1-2 phones written the ways billing writes them,
balances like '1 234,56'); the file is generated once under /tmp and reused.
The floor is measured in the same run: the same file read with the csv module and its rows
inserted with the stdlib sqlite3 module, `executemany` into the same contract and
contract_phone tables of a freshly migrated database, in the import's batch size and SQLite
settings (so the ratio is the cost of the work, not of tuning), no validation and no
normalisation (the number and surname are stored as their own keys, the phones as written).

Run: .venv/bin/python bench/bench_import.py [--rows N]   (or BENCH_IMPORT_ROWS=N)
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import sqlite3
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from random import Random

SEED = 20261125
DEFAULT_ROWS = 1_000_000
TARGET_S = 60.0
CACHE_DIR = Path(tempfile.gettempdir()) / "support-console-bench"
HEADER = ("Номер договора", "Фамилия", "Имя", "Отчество", "Организация", "Адрес", "Телефоны",
          "Баланс", "Статус")
STATUS_RU = {"active": "активен", "suspended": "приостановлен", "closed": "закрыт"}


def _phone_text(e164: str, rng: Random) -> str:
    """One E.164 number written the way billing operators type it."""
    code, a, b, c = e164[2:5], e164[5:8], e164[8:10], e164[10:12]
    style = rng.randrange(5)
    if style == 0:
        return f"+7 {code} {a}-{b}-{c}"
    if style == 1:
        return f"8 ({code}) {a}-{b}-{c}"
    if style == 2:
        return e164[1:]  # 79031234567
    if style == 3:
        return f"8{code}{a}{b}{c}"
    return f"+7 ({code}) {a}{b}{c}"


def _money(kopecks: int, rng: Random) -> str:
    """'1 234,56', '1234.56', '-300' or '1 234,56 ₽'."""
    sign, value = ("-" if kopecks < 0 else ""), abs(kopecks)
    roubles, kop = divmod(value, 100)
    style = rng.randrange(4)
    if style == 0:
        return f"{sign}{roubles:,}".replace(",", " ") + f",{kop:02d}"
    if style == 1:
        return f"{sign}{roubles}.{kop:02d}"
    if style == 2:
        return f"{sign}{roubles}" if not kop else f"{sign}{roubles},{kop:02d}"
    return f"{sign}{roubles:,}".replace(",", "\u00a0") + f",{kop:02d} ₽"


def generate(path: Path, rows: int) -> None:
    """Write the export: the demo's seeded people, streets and unique phones."""
    from faker import Faker

    from console.services.demo.people import PeoplePools

    fake = Faker("ru_RU")
    fake.seed_instance(SEED)
    rng = Random(SEED)
    pools = PeoplePools.create(fake, rng)
    tmp = path.with_suffix(".part")
    with tmp.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, delimiter=";", lineterminator="\r\n")
        writer.writerow(HEADER)
        for i in range(rows):
            c = pools.contract(i)
            number = f"{c.number[:2]}-{c.number[2:]}" if i % 3 == 0 else c.number
            phones = ", ".join(_phone_text(p.e164, rng) for p in c.phones)
            writer.writerow((number, c.surname, c.first_name, c.patronymic, c.company or "",
                             c.address, phones, _money(c.balance_kopecks, rng),
                             STATUS_RU[c.status]))
    tmp.replace(path)


def export_file(rows: int) -> Path:
    CACHE_DIR.mkdir(exist_ok=True)
    path = CACHE_DIR / f"billing_{rows}_{SEED}.csv"
    if not path.exists():
        generate(path, rows)
    return path


def fresh_db(folder: Path, name: str) -> Path:
    """A migrated, empty database file; the connection is closed again."""
    from console.db import open_database

    path = folder / name
    open_database(path).close()
    return path


def run_import(csv_path: Path, db_path: Path) -> tuple[float, object]:
    from console.db import open_database
    from console.services.billing.importer import import_contracts

    db = open_database(db_path)
    try:
        started = time.perf_counter()
        summary = import_contracts(csv_path, operator="bench", as_of=datetime.now(UTC),
                                   report_path=db_path.with_suffix(".rejected.txt"))
        return time.perf_counter() - started, summary
    finally:
        db.close()


def run_floor(csv_path: Path, db_path: Path) -> float:
    """Raw sqlite3: csv rows straight into contract and contract_phone, BATCH per commit."""
    from console.db import SQLITE_PRAGMAS
    from console.services.billing.importer import BATCH
    from console.services.billing.writer import BULK_PRAGMAS

    conn = sqlite3.connect(db_path, isolation_level=None)
    for key, value in {**SQLITE_PRAGMAS, **BULK_PRAGMAS}.items():
        conn.execute(f"PRAGMA {key} = {value}")
    contract_sql = (
        "INSERT INTO contract (id, number, number_key, surname, first_name, patronymic, "
        "surname_key, company, address, balance_kopecks, balance_as_of, status, created_at, "
        "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
    phone_sql = ("INSERT INTO contract_phone (contract_id, e164, is_mobile, note) "
                 "VALUES (?, ?, ?, ?)")
    stamp = datetime.now(UTC).replace(tzinfo=None).isoformat(" ")
    started = time.perf_counter()
    with csv_path.open(encoding="utf-8", newline="") as f:
        reader = csv.reader(f, delimiter=";")
        next(reader)
        next_id = 1
        while True:
            batch = [row for _, row in zip(range(BATCH), reader, strict=False)]
            if not batch:
                break
            contracts, phones = [], []
            for number, surname, first, patronymic, company, address, phone, balance, status in (
                    batch):
                contracts.append((next_id, number, number, surname, first, patronymic, surname,
                                  company or None, address, balance, stamp, status, stamp,
                                  stamp))
                phones += [(next_id, p, True, "") for p in phone.split(", ")]
                next_id += 1
            conn.execute("BEGIN")
            conn.executemany(contract_sql, contracts)
            conn.executemany(phone_sql, phones)
            conn.execute("COMMIT")
    conn.execute("PRAGMA wal_checkpoint(PASSIVE)")  # as the import does at its end
    elapsed = time.perf_counter() - started
    conn.close()
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int,
                        default=int(os.environ.get("BENCH_IMPORT_ROWS", DEFAULT_ROWS)))
    args = parser.parse_args()
    csv_path = export_file(args.rows)
    with tempfile.TemporaryDirectory(prefix="bench-import-") as tmp:
        folder = Path(tmp)
        floor = run_floor(csv_path, fresh_db(folder, "floor.db"))
        value, summary = run_import(csv_path, fresh_db(folder, "import.db"))
    if summary.added != args.rows or summary.rejected:
        raise SystemExit(f"bench_import: unexpected summary {summary}")
    name = "import_1m_s" if args.rows == DEFAULT_ROWS else f"import_{args.rows}_s"
    print(json.dumps([{"name": name, "value": round(value, 2), "unit": "s",
                       "floor": round(floor, 2), "ratio": round(value / floor, 2)}]))


if __name__ == "__main__":
    main()
