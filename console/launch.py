"""What each command-line command does; `console.cli` only parses (and answers --help fast).

Every line a command prints for the user goes through `t()`, in the language of `--lang`
(Russian by default, as the console itself); the Russian is in console/i18n/ru_cli.py.
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from console.config import AppContext, ConfigError, build_context
from console.datafolder import DEFAULT_DB_NAME, DEMO_DB_NAME, install_defaults, resolve_data_dir
from console.db_target import DatabaseSetupError, is_postgres_url
from console.i18n import UnknownLanguageError, language, os_reason, set_language, t
from console.reference import ReferenceError

if TYPE_CHECKING:
    from peewee import Database


def fail(message: str, code: int = 1) -> int:
    """One line on stderr (never a traceback) and the exit code."""
    print(f"support-console: {message}", file=sys.stderr)
    return code


def dispatch(args: argparse.Namespace) -> int:
    try:
        set_language(args.lang)
    except UnknownLanguageError as exc:
        return fail(f"--lang: {exc}", 2)  # the language is not known: said in English
    handlers: dict[str | None, Callable[[argparse.Namespace], int]] = {
        None: run_console,
        "demo": run_demo,
        "technician": run_technician,
        "operator": run_operator,
        "audit": run_audit,
        "backup": run_backup,
        "import-contracts": run_import,
        "report": run_report,
        "helpdesk": run_helpdesk,
        "export": run_export,
        "db": run_db,
        "restore": run_restore,
    }
    try:
        _settle_data_folder(args)
        return handlers[args.command](args)
    except (ConfigError, ReferenceError, DatabaseSetupError) as exc:
        return fail(str(exc))
    except Exception as exc:  # a defect or an input nobody foresaw: one line, the rest logged
        return _unexpected(args, exc)


def _unexpected(args: argparse.Namespace, exc: Exception) -> int:
    """A command failed in a way no check foresaw: the traceback goes to the error log beside
    the database (as the console's own), the admin gets one line and a non-zero exit."""
    from console.db import describe_failure, is_database_failure
    from console.errors import LOG_NAME, ErrorLog, error_log_path

    if isinstance(exc, OSError):
        # A file the command was given (a backup's target in /proc, a folder for a file):
        # name it and say why, in the console's language, not "the database failed".
        return fail(t("{file}: {error}", file=exc.filename or args.db, error=os_reason(exc)))
    if is_database_failure(exc):
        return fail(t(describe_failure(exc)))
    folder = args.data if isinstance(args.data, Path) else None
    log = ErrorLog(error_log_path(str(args.db), folder) if args.db
                   else (folder or resolve_data_dir()) / LOG_NAME)
    log.write(exc, where=f"command {args.command or 'console'}")
    first = str(exc).splitlines()[0] if str(exc) else ""
    return fail(t("unexpected error: {error} (details in {log})",
                  error=f"{type(exc).__name__}: {first}", log=str(log.path)))


def _settle_data_folder(args: argparse.Namespace) -> None:
    """Resolve the data folder once (args.data), fill in its defaults, default args.db into it."""
    folder = resolve_data_dir(args.data)
    try:
        install_defaults(folder)
    except OSError as exc:
        raise ConfigError(t("data folder {folder}: {error}", folder=folder,
                            error=os_reason(exc))) from None
    args.data = folder
    if args.db is None:
        # `--demo` means the demo database for every command (the one `make run` opened).
        demo = args.command == "demo" or getattr(args, "demo", False)
        args.db = str(folder / (DEMO_DB_NAME if demo else DEFAULT_DB_NAME))


def _context(args: argparse.Namespace, db_target: str) -> AppContext:
    return build_context(
        db_target=db_target,
        now=args.now,
        lang=args.lang,
        operator=args.operator,
        data_dir=args.data,
    )


def open_database(target: str) -> Database:
    """`console.db.open_database`, the database layer loaded only by the commands that use it
    (the console itself opens it after its first frame)."""
    from console.db import open_database as open_

    return open_(target)


def prepare_to_start(ctx: AppContext) -> None:
    """`prepare`, skipped when the database needs nothing written (console.start_check): the
    usual start then loads no database layer before the console's first frame."""
    from console.start_check import ready_as_is

    name = ready_as_is(ctx.db_target, ctx.reference, ctx.operator_login)
    if name is None:
        prepare(ctx)
        return
    _warm_calendar(ctx)
    ctx.operator_name = name


def _warm_calendar(ctx: AppContext) -> None:
    from console.calendar_cache import warm

    year = ctx.clock.now().year
    folder = ctx.data_dir or resolve_data_dir()  # dispatch settles it; tests may not
    warm(ctx.calendar, folder / ".cache", range(year - 1, year + 3))


def prepare(ctx: AppContext) -> None:
    """Migrate, mirror reference data, register the operator; then leave the DB to workers."""
    from console.services.setup import ensure_operator, sync_reference

    _warm_calendar(ctx)
    db = open_database(ctx.db_target)
    try:
        _waiting_for_the_lock(lambda: sync_reference(ctx.reference), ctx.db_target)
        ctx.operator_name = _waiting_for_the_lock(
            lambda: ensure_operator(ctx.operator_login, now=ctx.clock.now()), ctx.db_target)
    finally:
        db.close()


# The demo builder's stages, as its progress bars name them.
STAGES = {"reference": "reference data", "contracts": "contracts", "tickets": "tickets",
          "claims": "claims", "questions": "HelpDesk questions"}
LOCK_WAIT_SECONDS = 30.0  # at start, another console's long write is waited for this long


def _waiting_for_the_lock(job, target: str):
    """Run a start-up write, waiting while another process holds the write lock (each
    attempt already waits the busy timeout); then one clear line, never a traceback."""
    import time

    from peewee import OperationalError

    from console.db import describe_failure, shown

    deadline = time.monotonic() + LOCK_WAIT_SECONDS
    while True:
        try:
            return job()
        except OperationalError as exc:
            reason = describe_failure(exc)
            if "locked" not in reason or time.monotonic() >= deadline:
                raise DatabaseSetupError(t(
                    "{db}: {reason} (waited {n} s); close the program holding it or try again",
                    db=shown(target), reason=t(reason), n=f"{LOCK_WAIT_SECONDS:.0f}")) from exc
            time.sleep(0.5)


def _needs_demo(path: Path) -> bool:
    if not path.exists():
        return True
    with sqlite3.connect(path) as conn:
        try:
            return conn.execute("SELECT 1 FROM contract LIMIT 1").fetchone() is None
        except sqlite3.DatabaseError:
            return True  # no schema yet


def run_console(args: argparse.Namespace) -> int:
    # A full-screen program in a pipe would wait for keys that never come (`make run | cat`).
    terminal = sys.stdin.isatty() and sys.stdout.isatty()
    no_terminal = t("the console is a full-screen program: run it in a terminal "
                    "(its input and output are not a terminal here)")
    target = args.db
    if args.theme is not None:
        from textual.theme import BUILTIN_THEMES

        if args.theme not in BUILTIN_THEMES:
            return fail(t("--theme {name}: no such theme; choose one of {themes}",
                          name=repr(args.theme), themes=", ".join(sorted(BUILTIN_THEMES))), 2)
    ctx = _context(args, target)
    if args.theme is None:
        from console.preferences import load_theme

        ctx.theme = load_theme(args.data, ctx.operator_login)
    else:
        ctx.theme = args.theme
    from console.keymap import KeymapError, load_keymap

    try:
        ctx.keymap = load_keymap(args.data)
    except KeymapError as exc:
        return fail(str(exc), 2)
    if args.demo and not is_postgres_url(target):
        if _needs_demo(Path(target)):
            if not terminal:
                return fail(no_terminal, 2)  # before a demo is built for nobody
            _build_demo(ctx, contracts=2000, seed=1)
        else:
            _check_demo_day(ctx, args)
    prepare_to_start(ctx)
    if not terminal:
        return fail(no_terminal, 2)
    from console.app import ConsoleApp

    app = ConsoleApp(ctx)
    app.run()
    # A crash (an exception Textual caught and printed) must not look like a normal exit.
    return app.return_code or 0


def _build_demo(ctx: AppContext, *, contracts: int, seed: int) -> None:
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TaskID,
        TextColumn,
        TimeElapsedColumn,
    )

    from console.services.demo.builder import build_demo

    with Progress(
        TextColumn("{task.description:<14}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        transient=False,
    ) as progress:
        tasks: dict[str, TaskID] = {}

        def report(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = progress.add_task(t(STAGES.get(stage, stage)), total=total)
            progress.update(tasks[stage], completed=done, total=total)

        try:
            summary = build_demo(
                ctx.db_target, contracts=contracts, seed=seed, now=ctx.clock.now(), progress=report
            )
        except ValueError as exc:
            raise ConfigError(f"{ctx.db_target}: {t(str(exc))}") from exc
    print(t("demo database {db}: {contracts} contracts, {technicians} technicians, "
            "{tickets} tickets, {claims} claims, {questions} HelpDesk questions in {seconds} s",
            db=ctx.db_target, contracts=summary.contracts, technicians=summary.technicians,
            tickets=summary.tickets, claims=summary.claims, questions=summary.questions,
            seconds=f"{summary.seconds:.1f}"))


def _check_demo_day(ctx: AppContext, args: argparse.Namespace) -> None:
    """A demo shows the day it was built for (visits on site, told times). Opened with a clock
    on another day it would show yesterday's visits as running: say so, and how to rebuild."""
    from console.services.setup import demo_built_at

    db = open_database(ctx.db_target)
    try:
        built = demo_built_at()
    finally:
        db.close()
    today = ctx.clock.now().astimezone(ctx.tz).date()
    if built is None or built.astimezone(ctx.tz).date() == today:
        return
    clock = f' --now "{args.now}"' if args.now else ""
    notice = t("The demo database was built for {built}, not for {today}: its visits and times "
               "are that day's. To build it for this clock: support-console demo --replace"
               "{clock}", built=f"{built.astimezone(ctx.tz):%d.%m.%Y}",
               today=f"{today:%d.%m.%Y}", clock=clock)
    print(f"support-console: {notice}", file=sys.stderr)
    ctx.notices.append(notice)


def _remove_sqlite(path: Path) -> None:
    for part in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        part.unlink(missing_ok=True)


def _missing(command: str, target: str) -> int | None:
    """A command that only reads refuses a SQLite file that does not exist (a typo in --db
    would otherwise make an empty database and "export" nothing from it)."""
    if is_postgres_url(target) or Path(target).is_file():
        return None
    return fail(t("{command}: {db} does not exist", command=command, db=target))


def _built_by_demo(path: Path) -> bool:
    """Whether `path` may be replaced by a new demo: missing, empty, or a database the demo
    built (its `demo_built` event). Anything else may be someone's real data."""
    import sqlite3

    if not path.exists():
        return True
    if not path.is_file():
        return False
    if path.stat().st_size == 0:
        return True
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            row = conn.execute("SELECT 1 FROM audit_event WHERE action = 'demo_built' "
                               "LIMIT 1").fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        return False  # not a database of ours, or unreadable: not the demo's to replace
    return row is not None


def run_demo(args: argparse.Namespace) -> int:
    if args.contracts < 1 or args.contracts > 5_000_000:
        return fail(t("--contracts: give a number from 1 to 5000000"), 2)
    ctx = _context(args, args.db)  # every option checked before anything is removed
    if getattr(args, "replace", False):
        if is_postgres_url(args.db):
            return fail(t("demo --replace: only a SQLite file can be replaced"), 2)
        if not _built_by_demo(Path(args.db)):
            return fail(t("demo --replace: {db} was not built by demo; it is not replaced "
                          "(give a new file with --db)", db=args.db), 2)
        _remove_sqlite(Path(args.db))
    _build_demo(ctx, contracts=args.contracts, seed=args.seed)
    return 0


def run_technician(args: argparse.Namespace) -> int:
    from console.services.technicians import TechnicianError, add_technician, list_technicians

    if args.tech_command != "add" and (missing := _missing("technician", args.db)) is not None:
        return missing  # only `add` may start a new database
    ctx = _context(args, args.db)
    prepare(ctx)
    db = open_database(ctx.db_target)
    try:
        if args.tech_command == "add":
            try:
                tech = add_technician(args.name, args.phone, operator=ctx.operator_login,
                                      force=args.force)
            except TechnicianError as exc:
                return fail(t(str(exc)), 2)
            print(t("added technician #{id}: {name} {phone}", id=tech.id, name=tech.name,
                    phone=tech.phone).rstrip())
        elif args.tech_command == "list":
            for tech in list_technicians():
                state = "" if tech.active else " " + t("(inactive)")
                print(f"#{tech.id}\t{tech.name}\t{tech.phone}{state}")
        else:
            try:
                print(_roster(args, ctx))
            except TechnicianError as exc:
                return fail(t(str(exc)), 2)
    finally:
        db.close()
    return 0


def run_operator(args: argparse.Namespace) -> int:
    """`operator add|list|set`: who may lift the balance gate (D4)."""
    from console.services.operators import (
        OperatorError,
        add_operator,
        list_operators,
        set_supervisor,
    )

    if args.oper_command != "add" and (missing := _missing("operator", args.db)) is not None:
        return missing  # only `add` may start a new database
    ctx = _context(args, args.db)
    prepare(ctx)
    db = open_database(ctx.db_target)
    try:
        if args.oper_command == "list":
            for op in list_operators():
                role = t("supervisor") if op.is_supervisor else t("operator")
                print(f"{op.login}\t{op.name}\t{role}")
            return 0
        try:
            if args.oper_command == "add":
                op = add_operator(args.name, name=args.full_name, supervisor=args.supervisor,
                                  by=ctx.operator_login)
                print(t("added supervisor {login}", login=op.login) if op.is_supervisor
                      else t("added operator {login}", login=op.login))
            else:
                op = set_supervisor(args.name, args.supervisor, by=ctx.operator_login)
                print(t("{login} is a supervisor now", login=op.login) if op.is_supervisor
                      else t("{login} is an operator now", login=op.login))
        except OperatorError as exc:
            return fail(f"operator {args.oper_command}: {t(str(exc))}", 2)
    finally:
        db.close()
    return 0


def run_audit(args: argparse.Namespace) -> int:
    """`audit --ticket N`: the ticket's history, the same lines as F3's Enter (D14)."""
    from console.models import Ticket
    from console.services.history import history_lines

    if (missing := _missing("audit", args.db)) is not None:
        return missing
    ctx = _context(args, args.db)
    prepare(ctx)
    db = open_database(ctx.db_target)
    try:
        # A number past SQLite's integer range names no ticket (and would overflow the driver).
        if not 0 < args.ticket < 2**63 or Ticket.get_or_none(Ticket.id == args.ticket) is None:
            return fail(t("audit: no ticket {id}", id=args.ticket), 2)
        for at, who, what in history_lines(args.ticket):
            print(f"{at}\t{who}\t{what}")
    finally:
        db.close()
    return 0


def _roster(args: argparse.Namespace, ctx: AppContext) -> str:
    """technician rename|off|on|deactivate|activate: one line saying what changed."""
    from console.rules.visits import parse_range
    from console.services import roster
    from console.services.technicians import TechnicianError, find_technician, rename_technician

    tech = find_technician(args.name)
    now, login, cal = ctx.clock.now(), ctx.operator_login, ctx.calendar
    if args.tech_command == "rename":
        renamed = rename_technician(tech.id, args.new_name, operator=ctx.operator_login)
        return t("technician #{id}: {name} -> {new}", id=tech.id, name=tech.name,
                 new=renamed.name)
    if args.tech_command in ("deactivate", "activate"):
        result = roster.set_active(tech.id, args.tech_command == "activate", now=now,
                                   operator=login, calendar=cal)
        done = t("activated") if args.tech_command == "activate" else t("deactivated")
        return t("technician #{id} {name}: {what}", id=tech.id, name=tech.name,
                 what=done) + _moved(result)
    days = parse_range(args.days, now.astimezone(ctx.tz))
    if isinstance(days, str):
        raise TechnicianError(f"{args.days!r}: {t(days)}")
    first, last = days
    if args.tech_command == "off":
        result = roster.set_days_off(tech.id, first, last, args.reason, now=now,
                                     operator=login, calendar=cal)
        what = t("off {first}..{last} ({reason})", first=first, last=last, reason=args.reason)
    else:
        result = roster.clear_days_off(tech.id, first, last, now=now, operator=login,
                                       calendar=cal)
        what = t("works again {first}..{last}", first=first, last=last)
    return t("technician #{id} {name}: {what}", id=tech.id, name=tech.name,
             what=what) + _moved(result)


def _moved(result) -> str:
    moved = len(result.shifts)
    notify = len(result.notified)
    return t("; {moved} visits re-planned, {notify} clients to notify", moved=moved,
             notify=notify) if moved else ""


def run_export(args: argparse.Namespace) -> int:
    """export claims | export charges."""
    return _export_charges(args) if args.export_what == "charges" else _export_claims(args)


def _export_charges(args: argparse.Namespace) -> int:
    """export charges: the period's charges for billing, CSV or XLSX."""
    from datetime import date

    from console.documents.files import DocumentError
    from console.services.charges_export import export_charges

    try:
        first, last = date.fromisoformat(args.date_from), date.fromisoformat(args.date_to)
    except ValueError:
        return fail(t("--from/--to: give dates as YYYY-MM-DD"), 2)
    if last < first:
        return fail(t("--to is before --from"), 2)
    if first.year < 2000 or last.year > 2100:
        return fail(t("--from/--to: give dates from 2000 to 2100"), 2)
    if (missing := _missing("export", args.db)) is not None:
        return missing
    ctx = _context(args, args.db)
    out = args.out or Path(f"charges-{first}-{last}.{args.format}")
    prepare(ctx)
    db = open_database(ctx.db_target)
    try:
        count, total = export_charges(out, args.format, first, last, ctx.calendar)
    except DocumentError as exc:
        return fail(str(exc))
    finally:
        db.close()
    amount = f"{total / 100:.2f}"
    print(t("exported {count} charges ({total} roubles charged) to {out}", count=count,
            total=amount if language() == "en" else amount.replace(".", ","), out=out))
    return 0


def run_db(args: argparse.Namespace) -> int:
    """`db init`: migrate an empty (or older) database and mirror the reference data, so a
    team's shared PostgreSQL is ready before the first console starts."""
    from console.db import connect, migrate, shown
    from console.services.setup import sync_reference

    ctx = _context(args, args.db)
    db = connect(ctx.db_target)
    try:
        applied = migrate(db)
        sync_reference(ctx.reference)
    finally:
        db.close()
    done = (t("{n} migrations applied", n=len(applied)) if applied
            else t("already up to date"))
    print(t("database {db}: {done}", db=shown(ctx.db_target), done=done))
    return 0


def run_backup(args: argparse.Namespace) -> int:
    """An online, consistent backup: SQLite's backup API, or pg_dump (console.backup)."""
    from console.backup import BackupError, backup

    try:
        print(backup(args.db, args.dest), file=sys.stdout)
    except BackupError as exc:
        return fail(t("backup: {problem}", problem=exc))
    return 0


def run_restore(args: argparse.Namespace) -> int:
    """Restore a backup into an empty database (never over one that holds data)."""
    from console.backup import BackupError, restore

    try:
        print(restore(args.file, args.db), file=sys.stdout)
    except BackupError as exc:
        return fail(t("restore: {problem}", problem=exc))
    return 0


def run_import(args: argparse.Namespace) -> int:
    """Import a billing CSV export (R13, R14) with a progress bar; one summary line."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from console.config import parse_now
    from console.services.billing.csv_file import sniff
    from console.services.billing.importer import ImportFailed, import_contracts

    ctx = _context(args, args.db)
    try:
        as_of = ctx.clock.now() if args.as_of is None else parse_now(args.as_of, ctx.tz)
    except ConfigError:
        return fail(t('--as-of {value}: expected "YYYY-MM-DD HH:MM" (Moscow time)',
                      value=repr(args.as_of)), 2)
    try:
        sniff(args.file)  # a wrong file fails here, before a database is created or migrated
    except ImportFailed as exc:
        return fail(str(exc))
    report_path = args.report
    if report_path is None and args.data is not None:
        # In the data folder, with what the console writes, never beside the export: that may
        # be a read-only share, or the sample inside the source tree.
        report_path = Path(args.data) / "reports" / f"{args.file.name}.rejected.txt"
        report_path.parent.mkdir(parents=True, exist_ok=True)
    prepare(ctx)
    db = open_database(ctx.db_target)
    console = Console(stderr=True)  # stdout carries only the summary line, for scripts
    try:
        with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                      TimeElapsedColumn(), console=console,
                      disable=not console.is_terminal) as progress:
            task = progress.add_task(t("import"), total=None)

            def report(done: int, total: int) -> None:
                progress.update(task, completed=done, total=total)

            summary = import_contracts(args.file, operator=ctx.operator_login, as_of=as_of,
                                       report_path=report_path, progress=report,
                                       now=ctx.clock.now())
    except ImportFailed as exc:
        return fail(str(exc))
    finally:
        db.close()
    report_note = (t("; report: {path}", path=summary.report_path) if summary.report_path
                   else "")
    warn_note = t(", {n} phones dropped", n=summary.warnings) if summary.warnings else ""
    print(t("imported {file}: {added} added, {updated} updated, {unchanged} unchanged, "
            "{rejected} rejected{warnings} in {seconds} s{report}", file=args.file,
            added=summary.added, updated=summary.updated, unchanged=summary.unchanged,
            rejected=summary.rejected, warnings=warn_note, seconds=f"{summary.seconds:.1f}",
            report=report_note))
    return 0


def run_report(args: argparse.Namespace) -> int:
    """`report --from --to`: the summary of a period written as XLSX or PDF; one line out."""
    from datetime import date

    from console.documents.files import DocumentError
    from console.services.report import read_figures
    from console.services.report_export import write_summary

    try:
        first = date.fromisoformat(args.date_from)
        last = date.fromisoformat(args.date_to) if args.date_to else first
    except ValueError:
        given = [repr(x) for x in (args.date_from, args.date_to) if x is not None]
        return fail(t("report: dates are YYYY-MM-DD, got {first} {last}",
                      first=given[0], last=" ".join(given[1:])).rstrip(), 2)
    if last < first:
        return fail(t("report: --to is before --from"), 2)
    if first.year < 2000 or last.year > 2100:
        return fail(t("--from/--to: give dates from 2000 to 2100"), 2)
    if (missing := _missing("report", args.db)) is not None:
        return missing
    ctx = _context(args, args.db)
    prepare(ctx)
    policy = ctx.reference.policy
    name = f"summary-{first:%Y-%m-%d}" + ("" if first == last else f"_{last:%Y-%m-%d}")
    out = args.out or args.data / "exports" / f"{name}.{args.fmt}"
    db = open_database(ctx.db_target)
    try:
        figures = read_figures(first, last, now=ctx.clock.now(), tz=ctx.tz,
                               call_limit_min=policy.call_limit_min,
                               late_cancel_item=policy.late_cancel_item)
    finally:
        db.close()
    try:
        path = write_summary(out, args.fmt, figures)
    except DocumentError as exc:
        return fail(t("report: {problem}", problem=exc))
    print(t("summary {first}..{last}: {calls} calls, {tickets} tickets, {visits} visits done; "
            "written to {path}", first=first, last=last, calls=figures.calls,
            tickets=sum(g.count for g in figures.tickets), visits=figures.visits_done,
            path=path))
    return 0


def run_helpdesk(args: argparse.Namespace) -> int:
    """`helpdesk import FILE.json`: one summary line, one line per refused record (R5)."""
    from console.services.helpdesk_import import ImportFailed, import_file

    ctx = _context(args, args.db)
    prepare(ctx)
    db = open_database(ctx.db_target)
    try:
        report = import_file(args.file, operator=ctx.operator_login, calendar=ctx.calendar,
                             now=ctx.clock.now(),
                             working_days=ctx.reference.policy.helpdesk_working_days)
    except ImportFailed as exc:
        return fail(str(exc))
    finally:
        db.close()
    for line in report.errors:
        print(line, file=sys.stderr)
    print(report.summary())
    return 0


def _export_claims(args: argparse.Namespace) -> int:
    """`export claims --year YYYY [--format csv|xlsx] [--out FILE]` (R18)."""
    from console.documents.files import DocumentError
    from console.services.claims_export import export_claims

    ctx = _context(args, args.db)
    now = ctx.clock.now().astimezone(ctx.tz)
    year = now.year if args.year is None else args.year  # --year 0 is a mistake, not "now"
    if not 2000 <= year <= 2100:
        return fail(t("--year {year}: give a year from 2000 to 2100", year=year), 2)
    if (missing := _missing("export", args.db)) is not None:
        return missing
    out = args.out or Path(f"claims-{year}.{args.format}")
    prepare(ctx)
    db = open_database(ctx.db_target)
    try:
        path, count = export_claims(year, args.format, out, calendar=ctx.calendar, now=now)
    except DocumentError as exc:
        return fail(str(exc))
    finally:
        db.close()
    print(t("exported {count} claims of {year} to {path}", count=count, year=year, path=path))
    return 0
