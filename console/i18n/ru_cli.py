"""Russian for the command line: what `support-console` commands print and the errors they
report (db init, backup, restore, report, import-contracts, export, technician, operator)."""

from __future__ import annotations

RU: dict[str, str] = {
    # console/launch.py
    "the console is a full-screen program: run it in a terminal "
    "(its input and output are not a terminal here)":
        "консоль — полноэкранная программа: запустите её в терминале "
        "(её ввод и вывод здесь не терминал)",
    "--theme {name}: no such theme; choose one of {themes}":
        "--theme {name}: такой темы нет; выберите одну из: {themes}",
    "demo database {db}: {contracts} contracts, {technicians} technicians, "
    "{tickets} tickets, {claims} claims, {questions} HelpDesk questions in {seconds} s":
        "демонстрационная база {db}: договоров {contracts}, техников {technicians}, "
        "заявок {tickets}, претензий {claims}, вопросов HelpDesk {questions} за {seconds} с",
    # the progress bars of `demo` and `import-contracts`
    "reference data": "справочники",
    "contracts": "договоры",
    "tickets": "заявки",
    "claims": "претензии",
    "import": "импорт",
    "--contracts: give a number from 1 to 5000000": "--contracts: укажите число от 1 до 5000000",
    "demo --replace: only a SQLite file can be replaced":
        "demo --replace: заменить можно только файл SQLite",
    "demo --replace: {db} was not built by demo; it is not replaced (give a new file with --db)":
        "demo --replace: {db} создана не командой demo и не заменяется "
        "(укажите новый файл в --db)",
    "the database already holds contracts; build the demo into a new, empty database":
        "в базе уже есть договоры; постройте демонстрационную базу в новой, пустой базе",
    "added technician #{id}: {name} {phone}": "добавлен техник №{id}: {name} {phone}",
    "(inactive)": "(не работает)",
    "supervisor": "старший смены",
    "operator": "оператор",
    "added supervisor {login}": "добавлен старший смены {login}",
    "added operator {login}": "добавлен оператор {login}",
    "{login} is a supervisor now": "{login} теперь старший смены",
    "{login} is an operator now": "{login} теперь оператор",
    "give a printable name of 1-64 characters": "укажите имя из 1-64 печатных символов",
    "data folder {folder}: {error}": "папка данных {folder}: {error}",
    "{file}: {error}": "{file}: {error}",
    "an empty path": "пустой путь",
    "{file} is a folder: give the backup file": "{file} — это папка: укажите файл копии",
    # console.i18n.os_reason: the operating system's reasons
    "no such file or folder": "нет такого файла или папки",
    "permission denied": "нет прав доступа",
    "it is a folder": "это папка",
    "not a folder": "не папка",
    "already exists": "уже существует",
    "no space left on the disk": "на диске нет места",
    "read-only file system": "файловая система только для чтения",
    "busy": "занято",
    "the name is too long": "слишком длинное имя",
    "{login} is the last supervisor: make another one first (operator set LOGIN --supervisor)":
        "{login} — последний старший смены: сначала назначьте другого "
        "(operator set ЛОГИН --supervisor)",
    "audit: no ticket {id}": "audit: заявки {id} нет",
    "technician #{id}: {name} -> {new}": "техник №{id}: {name} -> {new}",
    "activated": "включён",
    "technician #{id} {name}: {what}": "техник №{id} {name}: {what}",
    "off {first}..{last} ({reason})": "не работает {first}..{last} ({reason})",
    "works again {first}..{last}": "снова работает {first}..{last}",
    "; {moved} visits re-planned, {notify} clients to notify":
        "; выездов перепланировано: {moved}, клиентов известить: {notify}",
    "--from/--to: give dates as YYYY-MM-DD": "--from/--to: укажите даты как ГГГГ-ММ-ДД",
    "--to is before --from": "--to раньше, чем --from",
    "exported {count} charges ({total} roubles charged) to {out}":
        "выгружено начислений: {count} (начислено {total} руб.) в {out}",
    "{n} migrations applied": "применено миграций: {n}",
    "already up to date": "уже в актуальном состоянии",
    "database {db}: {done}": "база данных {db}: {done}",
    "backup: {problem}": "backup: {problem}",
    "restore: {problem}": "restore: {problem}",
    "report: {problem}": "report: {problem}",
    '--as-of {value}: expected "YYYY-MM-DD HH:MM" (Moscow time)':
        '--as-of {value}: ожидается «ГГГГ-ММ-ДД ЧЧ:ММ» (московское время)',
    "; report: {path}": "; отчёт: {path}",
    ", {n} phones dropped": ", отброшено телефонов: {n}",
    "imported {file}: {added} added, {updated} updated, {unchanged} unchanged, "
    "{rejected} rejected{warnings} in {seconds} s{report}":
        "импортирован {file}: добавлено {added}, обновлено {updated}, без изменений "
        "{unchanged}, отклонено {rejected}{warnings} за {seconds} с{report}",
    "report: dates are YYYY-MM-DD, got {first} {last}":
        "report: даты пишутся как ГГГГ-ММ-ДД, получено {first} {last}",
    "report: --to is before --from": "report: --to раньше, чем --from",
    "{command}: {db} does not exist": "{command}: {db} не существует",
    "--from/--to: give dates from 2000 to 2100": "--from/--to: укажите даты с 2000 по 2100 год",
    "summary {first}..{last}: {calls} calls, {tickets} tickets, {visits} visits done; "
    "written to {path}":
        "сводка {first}..{last}: звонков {calls}, заявок {tickets}, выполнено выездов "
        "{visits}; записана в {path}",
    "--year {year}: give a year from 2000 to 2100": "--year {year}: укажите год от 2000 до 2100",
    "exported {count} claims of {year} to {path}":
        "выгружено претензий за {year} год: {count}, в {path}",
    "{db}: {reason} (waited {n} s); close the program holding it or try again":
        "{db}: {reason} (ждали {n} с); закройте программу, которая её держит, "
        "или попробуйте ещё раз",
    # console/backup.py
    "folder {folder} does not exist": "папки {folder} нет",
    "{report}: folder {folder} does not exist": "{report}: папки {folder} нет",
    "--as-of {as_of}: is in the future": "--as-of {as_of}: это время ещё не наступило",
    "{file}: balances as of {last} are already imported; this export, as of {as_of}, is older "
    "and would roll them back":
        "{file}: балансы на {last} уже загружены; эта выгрузка на {as_of} старше "
        "и вернула бы их назад",
    "{report}: is a folder; give --report FILE": "{report}: это папка; укажите --report ФАЙЛ",
    "{report}: cannot be written; give --report FILE":
        "{report}: записать нельзя; укажите --report ФАЙЛ",
    "{file}: the database refused a batch ({error}); the batches before it are imported: "
    "run the import again":
        "{file}: база не приняла пакет ({error}); пакеты до него импортированы: "
        "запустите импорт ещё раз",
    "{file}: the import stopped ({error}); the batches before it are imported: "
    "run the import again":
        "{file}: импорт остановился ({error}); пакеты до него импортированы: "
        "запустите импорт ещё раз",
    "{file} already exists; choose a new file": "{file} уже есть; выберите новый файл",
    "{name} is not installed: {hint}": "{name} не установлен: {hint}",
    "install PostgreSQL's client programs (Debian/Ubuntu: apt-get install postgresql-client)":
        "установите клиентские программы PostgreSQL "
        "(Debian/Ubuntu: apt-get install postgresql-client)",
    "{what} failed: {why}": "{what} не удался: {why}",
    "backup of {db} written to {file} (pg_dump custom format)":
        "копия {db} записана в {file} (формат pg_dump custom)",
    "{file} does not exist": "{file} не существует",
    "{file}: cannot back up ({why})": "{file}: копию сделать нельзя ({why})",
    "backup written to {file}": "копия записана в {file}",
    "{db} is not empty: restore into a new database (createdb) so nothing is overwritten":
        "{db} не пуста: восстанавливайте в новую базу (createdb), чтобы ничего не затереть",
    "{file} restored into {db}": "{file} восстановлен в {db}",
    "{file} already exists: restore into a new file so nothing is overwritten":
        "{file} уже есть: восстанавливайте в новый файл, чтобы ничего не затереть",
    "{file} is not a support-console backup ({why})":
        "{file} — не резервная копия support-console ({why})",
    "{file}: cannot restore ({why})": "{file}: восстановить нельзя ({why})",
    # console/db.py
    "{db}: folder {folder} does not exist": "{db}: папки {folder} нет",
    "{db}: database file is not readable and writable":
        "{db}: файл базы нельзя читать и записывать",
    "{db}: folder {folder} is read-only": "{db}: папка {folder} только для чтения",
    "{db}: cannot connect: {why}": "{db}: нет подключения: {why}",
    "{db}: not a usable SQLite database ({why})": "{db}: это не рабочая база SQLite ({why})",
    "{db}: database is newer than this console (unknown migration {names}); "
    "upgrade support-console":
        "{db}: база новее этой консоли (неизвестная миграция {names}); "
        "обновите support-console",
    "{db}: cannot read migration history ({why})":
        "{db}: не читается история миграций ({why})",
    "{db}: migration failed ({why})": "{db}: миграция не удалась ({why})",
    # console/config.py
    "--now {value}: no such date or time": "--now {value}: такой даты или времени нет",
    '--now {value}: expected "YYYY-MM-DD HH:MM" (Moscow time)':
        '--now {value}: ожидается «ГГГГ-ММ-ДД ЧЧ:ММ» (московское время)',
    "--operator {value}: give a printable name of 1-64 characters":
        "--operator {value}: укажите имя из 1-64 печатных символов",
    # console/keymap.py
    "{file}: cannot read: {why}": "{file}: не читается: {why}",
    "{file}: {id}: no such binding id (known: {known})":
        "{file}: {id}: такой клавиши нет (известные: {known})",
    '{file}: {id}: give the key as a string, e.g. "f9"':
        '{file}: {id}: укажите клавишу строкой, например "f9"',
    "{file}: {id}: {key} is not a key name": "{file}: {id}: {key} — не название клавиши",
    "{file}: {id}: {key} is already {owner}'s key": "{file}: {id}: {key} уже занята под {owner}",
    "the command palette": "палитру команд",
    "copy": "копирование",
    "{file}: {id}: {key} serves every screen: give an F-key or a Ctrl combination":
        "{file}: {id}: {key} действует на всех экранах: укажите F-клавишу или сочетание с Ctrl",
    # console/documents/files.py
    "{file}: cannot write ({why})": "{file}: записать нельзя ({why})",
    # console/services/technicians.py, operators.py
    "--phone {value}: not a valid phone number": "--phone {value}: это не номер телефона",
    "technician #{id} {name} {phone} already has this name; give another one, or add --force "
    "to add this one anyway":
        "у техника №{id} {name} {phone} уже такое имя; укажите другое или добавьте --force, "
        "чтобы всё равно добавить",
    "technician #{id} {name} {phone} already has this phone; give another one, or add "
    "--force to add this one anyway":
        "у техника №{id} {name} {phone} уже такой телефон; укажите другой или добавьте "
        "--force, чтобы всё равно добавить",
    "{name}: several technicians have that name; give the number from `technician list`":
        "{name}: такое имя у нескольких техников; укажите номер из `technician list`",
    "{name}: no such technician (see `technician list`)":
        "{name}: такого техника нет (см. `technician list`)",
    "operator {login} already exists (use: operator set)":
        "оператор {login} уже есть (используйте: operator set)",
    "no operator {login} (use: operator add)": "оператора {login} нет (используйте: operator add)",
    # console/services/billing (import-contracts)
    "{file}: an Excel workbook, not a CSV; save it as CSV":
        "{file}: книга Excel, а не CSV; сохраните её как CSV",
    "{file}: UTF-16 text; save the export as UTF-8 or Windows-1251 CSV":
        "{file}: текст в UTF-16; сохраните выгрузку как CSV в UTF-8 или Windows-1251",
    "{file}: binary data (NUL bytes), not a CSV text file":
        "{file}: двоичные данные (байты NUL), а не текстовый CSV",
    "{file}: neither UTF-8 nor Windows-1251 text (byte {byte})":
        "{file}: текст ни в UTF-8, ни в Windows-1251 (байт {byte})",
    "{file}: no such file": "{file}: такого файла нет",
    "{file}: is a folder, not a file": "{file}: это папка, а не файл",
    "{file}: cannot read the file (permission denied)": "{file}: файл не читается (нет прав)",
    "{file}: the file is empty": "{file}: файл пуст",
    "{file}: not a CSV export: the first line has no ';' or ',' between column names":
        "{file}: это не выгрузка CSV: в первой строке нет «;» или «,» между названиями столбцов",
    "{file}: line {n}: unreadable header ({why})":
        "{file}: строка {n}: заголовок не читается ({why})",
    "{file}: two columns mean the {column}: {a} and {b}":
        "{file}: два столбца означают «{column}»: {a} и {b}",
    "{file}: missing required column: {columns}; the header line has {names}":
        "{file}: нет обязательного столбца: {columns}; в строке заголовка: {names}",
    "{file}: cannot read the file any more ({why})":
        "{file}: файл больше не читается ({why})",
    "{file}: cannot write the report ({why})": "{file}: отчёт не записывается ({why})",
    "unexpected error: {error} (details in {log})":
        "непредвиденная ошибка: {error} (подробности в {log})",
}
