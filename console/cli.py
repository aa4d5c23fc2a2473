"""The command line: start the console, build a demo database, manage technicians, back up.

Every failure a user can cause (bad option, broken TOML, unusable database) ends in one line on
stderr and a non-zero exit, never a traceback. `--help`, the usage and argparse's errors are in
the console's language too (console/argparse_language.py; Russian in i18n/ru_cli_help.py).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from console import __version__, start_gc
from console.argparse_language import argparse_speaking, asked_language
from console.datafolder import DEFAULT_DB_NAME, DEMO_DB_NAME
from console.i18n import set_language, t

COMMANDS = """\
commands:
  (none)                 start the full-screen console
  demo                   build a demo database (Faker ru_RU people, Moscow addresses)
  technician add|list|rename|off|on|deactivate|activate
                         manage the technicians who make visits and their days off
  export charges         a period's charges for billing (CSV or XLSX)
  operator add|list|set  manage operators and supervisors (D4: only a supervisor lifts the
                         balance gate)
  audit --ticket N       print a ticket's history (created, told, moved, notified, cancelled)
  db init                prepare an empty database (SQLite file or PostgreSQL URL)
  backup DEST            copy the database safely while consoles run (pg_dump for PostgreSQL)
  restore FILE           restore a backup into an empty database
  import-contracts FILE  import contracts and balances from a billing CSV export
  report                 the summary of a period (calls, tickets, visits, deadlines) as XLSX/PDF
  helpdesk import FILE   import HelpDesk questions from the web cabinet's JSON export
  export claims          the claims register of a year as CSV or XLSX
"""
# The examples are command lines: the same in every language, only their heading is translated.
EXAMPLES = """\
  support-console --demo
  support-console --now "2026-11-25 11:00" --operator ivanova
  support-console demo --contracts 100000 --seed 7 --db data/big.db
  support-console technician add "Сидоров Пётр" --phone "+7 903 111-22-33"
  support-console operator add petrova --supervisor
  support-console technician list --demo
  support-console technician off "Сидоров Пётр" 2026-12-01..2026-12-05 --reason отпуск
  support-console export charges --from 2026-11-01 --to 2026-11-30 --format xlsx
  support-console import-contracts billing.csv --as-of "2026-11-25 08:00"
  support-console report --from 2026-11-23 --to 2026-11-27 --format pdf --out week.pdf
  support-console helpdesk import questions.json
  support-console export claims --year 2026 --format xlsx --out claims-2026.xlsx
  support-console db init --db postgresql://support@dbhost/support
"""


def _path(text: str) -> Path:
    """A path given on the command line; an empty one is a mistake, not "here" ("." is)."""
    if not text.strip():
        raise argparse.ArgumentTypeError(t("an empty path"))
    return Path(text)


def _common(parser: argparse.ArgumentParser, *, suppress: bool) -> None:
    """Options valid before or after a command (after it they must not reset the defaults)."""

    def default(value):
        return argparse.SUPPRESS if suppress else value

    parser.add_argument(
        "--db",
        default=default(None),
        metavar="PATH|URL",
        help=t("SQLite file or postgresql:// URL (default: {name} in the data folder)",
               name=DEFAULT_DB_NAME),
    )
    parser.add_argument(
        "--now",
        default=default(None),
        metavar='"YYYY-MM-DD HH:MM"',
        help=t("start a running clock at this Moscow time (tests, demos)"),
    )
    parser.add_argument(
        "--lang", default=default("ru"), metavar="ru|en", help=t("interface language (default: ru)")
    )
    parser.add_argument(
        "--operator",
        default=default(None),
        metavar="NAME",
        help=t("who signs the changes (default: the OS user)"),
    )
    parser.add_argument(
        "--data",
        default=default(None),
        type=_path,
        metavar="DIR",
        help=t("data folder: database, reference files, exports (default: $SUPPORT_CONSOLE_DATA, "
               "else data/ of a source checkout, else the user's data directory)"),
    )
    parser.add_argument(
        "--demo",
        action="store_true",
        default=default(False),
        help=t("use {name} in the data folder (the console builds it if missing)",
               name=DEMO_DB_NAME),
    )


# The commands, in the order `--help` and an "invalid choice" error list them.
COMMAND_NAMES = ("demo", "technician", "operator", "audit", "db", "backup", "restore",
                 "import-contracts", "report", "helpdesk", "export")


def names_a_command(argv: Sequence[str]) -> bool:
    """Whether parsing `argv` may reach a command's own parser or the help that lists them:
    a word that is a command's name, or an option that may be `-h`/`--help` (or its prefix).
    A word that only looks like one (a value `--db demo`) merely costs the full parser."""
    return any(arg in COMMAND_NAMES or arg.startswith(("-h", "--h")) for arg in argv)


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The command line. Given the `argv` it is for, the commands' own parsers (200-odd
    options, issue 12: a tenth of the console's own start-up work) are filled in only when
    `argv` names a command or asks for help; otherwise they stay empty, named only: no word of
    `argv` can reach them, and a stray word still gets the same "invalid choice" error."""
    parser = argparse.ArgumentParser(
        prog="support-console",
        description=t("Full-screen console for the technical-support dispatcher of an ISP."),
        epilog=t(COMMANDS) + "\n" + t("examples:") + "\n" + EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}",
                        help=t("show the version and exit"))
    _common(parser, suppress=False)
    parser.add_argument("--theme", default=None, metavar="NAME",
                        help=t("colour theme, e.g. textual-light, nord, textual-ansi (16 colours); "
                               "default: the operator's last choice (Ctrl+P, Theme)"))
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    if argv is not None and not names_a_command(argv):
        for name in COMMAND_NAMES:
            commands.add_parser(name)
        return parser

    demo = commands.add_parser("demo", help=t("build a demo database"))
    _common(demo, suppress=True)
    demo.add_argument("--contracts", type=int, default=2000, metavar="N", help=t("default 2000"))
    demo.add_argument("--seed", type=int, default=1, metavar="S", help=t("same seed, same data"))
    demo.add_argument("--replace", action="store_true",
                      help=t("delete the demo database first and build it anew (for --now)"))

    who = t("full name or #number from `technician list`")
    tech = commands.add_parser("technician", help=t("add or list technicians"))
    _common(tech, suppress=True)
    tech_cmd = tech.add_subparsers(
        dest="tech_command", metavar="add|list|rename|off|on|deactivate|activate", required=True)
    add = tech_cmd.add_parser("add", help=t("add a technician"))
    _common(add, suppress=True)
    add.add_argument("name", metavar="NAME", help=t("full name, e.g. \"Сидоров Пётр\""))
    add.add_argument("--phone", default="", metavar="PHONE", help=t("contact phone"))
    add.add_argument("--force", action="store_true",
                     help=t("add even if a technician has the same name or phone"))
    _common(tech_cmd.add_parser("list", help=t("list technicians")), suppress=True)
    rename = tech_cmd.add_parser("rename", help=t("rename a technician"))
    _common(rename, suppress=True)
    rename.add_argument("name", metavar="NAME", help=who)
    rename.add_argument("new_name", metavar="NEW_NAME", help=t("the new full name"))
    off = tech_cmd.add_parser("off", help=t("days off: leave, sickness (his visits re-planned)"))
    _common(off, suppress=True)
    off.add_argument("name", metavar="NAME", help=who)
    off.add_argument("days", metavar="FIRST..LAST", help=t("e.g. 2026-12-01..2026-12-05"))
    off.add_argument("--reason", required=True, help=t("e.g. отпуск, больничный"))
    on = tech_cmd.add_parser("on", help=t("cancel days off"))
    _common(on, suppress=True)
    on.add_argument("name", metavar="NAME", help=who)
    on.add_argument("days", metavar="FIRST..LAST", help=t("e.g. 2026-12-03..2026-12-05"))
    for command, text in (("deactivate", t("no more visits (his visits are re-planned)")),
                          ("activate", t("bring a deactivated technician back"))):
        sub = tech_cmd.add_parser(command, help=text)
        _common(sub, suppress=True)
        sub.add_argument("name", metavar="NAME", help=who)


    oper = commands.add_parser("operator", help=t("add, list or change operators"))
    _common(oper, suppress=True)
    oper_cmd = oper.add_subparsers(dest="oper_command", metavar="add|list|set", required=True)
    oadd = oper_cmd.add_parser("add", help=t("add an operator"))
    _common(oadd, suppress=True)
    oadd.add_argument("name", metavar="NAME", help=t("the login given with --operator"))
    oadd.add_argument("--full-name", default="", help=t("the name shown in the status bar"))
    oadd.add_argument("--supervisor", action="store_true",
                      help=t("may lift the balance gate (D4)"))
    _common(oper_cmd.add_parser("list", help=t("list operators")), suppress=True)
    oset = oper_cmd.add_parser("set", help=t("make an operator a supervisor or not"))
    _common(oset, suppress=True)
    oset.add_argument("name", metavar="NAME")
    oset.add_argument("--supervisor", action=argparse.BooleanOptionalAction, required=True,
                      help=t("--supervisor or --no-supervisor"))

    aud = commands.add_parser("audit", help=t("print the audit trail of a ticket"))
    _common(aud, suppress=True)
    aud.add_argument("--ticket", type=int, required=True, metavar="N", help=t("ticket number"))
    dbc = commands.add_parser("db", help=t("prepare the database"))
    _common(dbc, suppress=True)
    db_cmd = dbc.add_subparsers(dest="db_command", metavar="init", required=True)
    _common(db_cmd.add_parser("init", help=t("create the tables (migrations) and reference data")),
            suppress=True)

    backup = commands.add_parser("backup", help=t("online backup of the database"))
    _common(backup, suppress=True)
    backup.add_argument("dest", type=_path, metavar="DEST",
                        help=t("a new file for the copy (never over an existing one)"))

    restore = commands.add_parser("restore", help=t("restore a backup into an empty database"))
    _common(restore, suppress=True)
    restore.add_argument("file", type=_path, metavar="FILE", help=t("a file written by backup"))

    imp = commands.add_parser("import-contracts", help=t("import contracts from a billing CSV"))
    _common(imp, suppress=True)
    imp.add_argument("file", type=_path, metavar="FILE",
                     help=t("CSV export, UTF-8 or Windows-1251"))
    imp.add_argument("--report", type=_path, default=None, metavar="PATH",
                     help=t("where to write rejected lines (default: "
                            "reports/FILE.rejected.txt in the data folder)"))
    imp.add_argument("--as-of", default=None, metavar='"YYYY-MM-DD HH:MM"',
                     help=t("Moscow time the balances were true in billing (default: now)"))

    rep = commands.add_parser("report", help=t("the summary of a period as an XLSX or a PDF"))
    _common(rep, suppress=True)
    rep.add_argument("--from", dest="date_from", required=True, metavar="YYYY-MM-DD",
                     help=t("first day (Moscow time)"))
    rep.add_argument("--to", dest="date_to", default=None, metavar="YYYY-MM-DD",
                     help=t("last day, included (default: the first day)"))
    rep.add_argument("--format", dest="fmt", choices=("xlsx", "pdf"), default="xlsx",
                     help=t("xlsx: a sheet per table (default); pdf: the tables and the chart"))
    rep.add_argument("--out", type=_path, default=None, metavar="FILE",
                     help=t("where to write (default: exports/summary-DATE.FORMAT in the data "
                            "folder)"))
    helpdesk = commands.add_parser("helpdesk", help=t("HelpDesk questions"))
    _common(helpdesk, suppress=True)
    hd_cmd = helpdesk.add_subparsers(dest="hd_command", metavar="import", required=True)
    hd_import = hd_cmd.add_parser("import", help=t("import the web cabinet's JSON export"))
    _common(hd_import, suppress=True)
    hd_import.add_argument("file", type=_path, metavar="FILE.json")

    export = commands.add_parser("export", help=t("export a register, or charges for billing"))
    _common(export, suppress=True)
    ex_cmd = export.add_subparsers(dest="export_what", metavar="claims|charges", required=True)
    charges = ex_cmd.add_parser("charges", help=t("a period's charges for billing (R8, R12, D18)"))
    _common(charges, suppress=True)
    charges.add_argument("--from", dest="date_from", required=True, metavar="YYYY-MM-DD")
    charges.add_argument("--to", dest="date_to", required=True, metavar="YYYY-MM-DD")
    charges.add_argument("--format", choices=("csv", "xlsx"), default="csv")
    charges.add_argument("--out", type=_path, default=None, metavar="FILE",
                         help=t("default: charges-FROM-TO.csv|xlsx in the current folder"))
    ex_claims = ex_cmd.add_parser("claims", help=t("the claims register of a year"))
    _common(ex_claims, suppress=True)
    ex_claims.add_argument("--year", type=int, default=None, metavar="YYYY",
                           help=t("registration year (default: this year)"))
    ex_claims.add_argument("--format", choices=("csv", "xlsx"), default="csv")
    ex_claims.add_argument("--out", type=_path, default=None, metavar="FILE",
                           help=t("default: claims-YYYY.csv|xlsx in the current folder"))
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    # The collector is held until the console's first frame (console/start_gc.py); any other
    # command lets it go once its arguments are parsed, and every way out of here lets it go.
    start_gc.pause()
    try:
        argv = list(sys.argv[1:] if argv is None else argv)
        # The language first: --help and a parsing error already speak it (Russian by default).
        set_language(asked_language(argv))
        with argparse_speaking():
            args = build_parser(argv).parse_args(argv)
        if args.command is not None:
            start_gc.resume()
        # Imported late: `--help` and `--version` must answer instantly.
        from console.launch import dispatch, fail

        try:
            return dispatch(args)
        except KeyboardInterrupt:
            return fail("interrupted", 130)
    finally:
        start_gc.resume()


if __name__ == "__main__":
    sys.exit(main())
