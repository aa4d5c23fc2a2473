"""Russian for the command line's --help and argparse's own sentences (usage, errors).

The argparse sentences are its English source texts, looked up through `t()` while the command
line is parsed (console/argparse_language.py); their `%(name)s` blanks stay as they are.
"""

RU = {
    # argparse's own words.
    "usage: ": "использование: ",
    "positional arguments": "аргументы",
    "options": "параметры",
    "show this help message and exit": "показать эту справку и выйти",
    "%(prog)s: error: %(message)s\n": "%(prog)s: ошибка: %(message)s\n",
    "argument %(argument_name)s: %(message)s": "аргумент %(argument_name)s: %(message)s",
    "unrecognized arguments: %s": "непонятные аргументы: %s",
    "the following arguments are required: %s": "не хватает обязательных аргументов: %s",
    "one of the arguments %s is required": "нужен один из аргументов %s",
    "not allowed with argument %s": "нельзя вместе с аргументом %s",
    "ignored explicit argument %r": "лишнее значение %r",
    "expected one argument": "нужно одно значение",
    "expected at most one argument": "нужно не больше одного значения",
    "expected at least one argument": "нужно хотя бы одно значение",
    "expected %s argument": "нужно значений: %s",
    "expected %s arguments": "нужно значений: %s",
    "ambiguous option: %(option)s could match %(matches)s":
        "неоднозначный параметр: %(option)s — это может быть %(matches)s",
    "unexpected option string: %s": "неожиданный параметр: %s",
    "invalid %(type)s value: %(value)r": "недопустимое значение: %(value)r",
    "invalid choice: %(value)r (choose from %(choices)s)":
        "недопустимое значение: %(value)r (возможны: %(choices)s)",
    "unknown parser %(parser_name)r (choices: %(choices)s)":
        "неизвестная команда %(parser_name)r (возможны: %(choices)s)",
    "can't open '%(filename)s': %(error)s": "не удаётся открыть «%(filename)s»: %(error)s",
    # The console's options and commands.
    "Full-screen console for the technical-support dispatcher of an ISP.":
        "Полноэкранная консоль диспетчера технической поддержки интернет-провайдера.",
    "show the version and exit": "показать версию и выйти",
    "SQLite file or postgresql:// URL (default: {name} in the data folder)":
        "файл SQLite или адрес postgresql:// (по умолчанию {name} в папке данных)",
    "start a running clock at this Moscow time (tests, demos)":
        "запустить часы с этого московского времени (тесты, демонстрация)",
    "interface language (default: ru)": "язык интерфейса (по умолчанию ru)",
    "who signs the changes (default: the OS user)":
        "кто подписывает изменения (по умолчанию пользователь ОС)",
    "data folder: database, reference files, exports (default: $SUPPORT_CONSOLE_DATA, "
    "else data/ of a source checkout, else the user's data directory)":
        "папка данных: база, справочники, выгрузки (по умолчанию $SUPPORT_CONSOLE_DATA, "
        "иначе data/ рядом с исходным кодом, иначе папка данных пользователя)",
    "use {name} in the data folder (the console builds it if missing)":
        "работать с {name} в папке данных (консоль создаст её, если её нет)",
    "colour theme, e.g. textual-light, nord, textual-ansi (16 colours); "
    "default: the operator's last choice (Ctrl+P, Theme)":
        "цветовая тема, например textual-light, nord, textual-ansi (16 цветов); "
        "по умолчанию последняя выбранная оператором (Ctrl+P, Тема)",
    "build a demo database": "создать демонстрационную базу",
    "default 2000": "по умолчанию 2000",
    "same seed, same data": "одно зерно — одни и те же данные",
    "delete the demo database first and build it anew (for --now)":
        "удалить демонстрационную базу и создать заново (для --now)",
    "add or list technicians": "добавить техников или показать список",
    "add a technician": "добавить техника",
    'full name, e.g. "Сидоров Пётр"': "ФИО, например «Сидоров Пётр»",
    "contact phone": "контактный телефон",
    "add even if a technician has the same name or phone":
        "добавить, даже если у другого техника то же имя или телефон",
    "list technicians": "список техников",
    "rename a technician": "переименовать техника",
    "full name or #number from `technician list`": "ФИО или #номер из `technician list`",
    "the new full name": "новое ФИО",
    "days off: leave, sickness (his visits re-planned)":
        "нерабочие дни: отпуск, болезнь (его выезды перепланируются)",
    "e.g. 2026-12-01..2026-12-05": "например 2026-12-01..2026-12-05",
    "e.g. отпуск, больничный": "например: отпуск, больничный",
    "cancel days off": "отменить нерабочие дни",
    "e.g. 2026-12-03..2026-12-05": "например 2026-12-03..2026-12-05",
    "no more visits (his visits are re-planned)":
        "больше не выезжает (его выезды перепланируются)",
    "bring a deactivated technician back": "вернуть отключённого техника",
    "add, list or change operators": "добавить, показать или изменить операторов",
    "add an operator": "добавить оператора",
    "the login given with --operator": "логин, который указывают в --operator",
    "the name shown in the status bar": "имя в строке состояния",
    "may lift the balance gate (D4)": "может снять запрет по балансу (D4)",
    "list operators": "список операторов",
    "make an operator a supervisor or not": "сделать оператора старшим или снять это",
    "--supervisor or --no-supervisor": "--supervisor или --no-supervisor",
    "print the audit trail of a ticket": "история заявки по журналу изменений",
    "ticket number": "номер заявки",
    "prepare the database": "подготовить базу данных",
    "create the tables (migrations) and reference data":
        "создать таблицы (миграции) и справочники",
    "online backup of the database": "резервная копия базы без остановки консолей",
    "a new file for the copy (never over an existing one)":
        "новый файл для копии (существующий не перезаписывается)",
    "restore a backup into an empty database": "восстановить копию в пустую базу",
    "a file written by backup": "файл, записанный командой backup",
    "import contracts from a billing CSV": "загрузить договоры из CSV биллинга",
    "CSV export, UTF-8 or Windows-1251": "выгрузка CSV, UTF-8 или Windows-1251",
    "where to write rejected lines (default: reports/FILE.rejected.txt in the data folder)":
        "куда записать отклонённые строки (по умолчанию reports/FILE.rejected.txt "
        "в папке данных)",
    "Moscow time the balances were true in billing (default: now)":
        "московское время, на которое верны балансы в биллинге (по умолчанию сейчас)",
    "the summary of a period as an XLSX or a PDF": "сводка за период в XLSX или PDF",
    "first day (Moscow time)": "первый день (по Москве)",
    "last day, included (default: the first day)": "последний день включительно "
                                                    "(по умолчанию первый)",
    "xlsx: a sheet per table (default); pdf: the tables and the chart":
        "xlsx: лист на каждую таблицу (по умолчанию); pdf: таблицы и график",
    "where to write (default: exports/summary-DATE.FORMAT in the data folder)":
        "куда записать (по умолчанию exports/summary-DATE.FORMAT в папке данных)",
    "import the web cabinet's JSON export": "загрузить выгрузку JSON из личного кабинета",
    "export a register, or charges for billing": "выгрузить реестр или начисления для биллинга",
    "a period's charges for billing (R8, R12, D18)":
        "начисления за период для биллинга (R8, R12, D18)",
    "default: charges-FROM-TO.csv|xlsx in the current folder":
        "по умолчанию charges-FROM-TO.csv|xlsx в текущей папке",
    "the claims register of a year": "реестр претензий за год",
    "registration year (default: this year)": "год регистрации (по умолчанию текущий)",
    "default: claims-YYYY.csv|xlsx in the current folder":
        "по умолчанию claims-YYYY.csv|xlsx в текущей папке",
    "examples:": "примеры:",
    # console/cli.py's COMMANDS, as it is there.
    """\
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
""": """\
команды:
  (без команды)          запустить полноэкранную консоль
  demo                   создать демонстрационную базу (люди Faker ru_RU, адреса Москвы)
  technician add|list|rename|off|on|deactivate|activate
                         техники, которые выезжают к клиентам, и их нерабочие дни
  export charges         начисления за период для биллинга (CSV или XLSX)
  operator add|list|set  операторы и старшие (D4: запрет по балансу снимает только старший)
  audit --ticket N       история заявки (создана, сообщено, сдвинута, оповещены, отменена)
  db init                подготовить пустую базу (файл SQLite или адрес PostgreSQL)
  backup DEST            безопасная копия базы при работающих консолях (pg_dump для PostgreSQL)
  restore FILE           восстановить копию в пустую базу
  import-contracts FILE  загрузить договоры и балансы из выгрузки CSV биллинга
  report                 сводка за период (звонки, заявки, выезды, сроки) в XLSX/PDF
  helpdesk import FILE   загрузить вопросы HelpDesk из выгрузки JSON личного кабинета
  export claims          реестр претензий за год в CSV или XLSX
""",
}
