"""Russian for the checks of the data folder's files: policy.toml, priorities.toml,
pricelist3.toml, calendar_overrides.toml (console/reference.py, console/_toml.py) and keys.toml
(console/keymap.py), including the TOML reader's own sentences (tomllib)."""

RU = {
    # Reading a file.
    "file not found": "файл не найден",
    "cannot read file: not valid UTF-8": "не удаётся прочитать файл: это не UTF-8",
    "cannot read file: {error}": "не удаётся прочитать файл: {error}",
    "not valid UTF-8": "это не UTF-8",
    "line {line}, column {column}": "строка {line}, столбец {column}",
    "end of document": "конец файла",
    "TOML syntax error: {message}": "ошибка синтаксиса TOML: {message}",
    # tomllib's sentences.
    "Cannot overwrite a value": "значение уже задано, второй раз задать нельзя",
    "Escaped character is not a Unicode scalar value":
        "экранированный символ не является символом Unicode",
    "Expected '=' after a key in a key/value pair": "после ключа ожидается «=»",
    "Expected ']' at the end of a table declaration": "в конце заголовка таблицы ожидается «]»",
    "Expected ']]' at the end of an array declaration":
        "в конце заголовка массива таблиц ожидается «]]»",
    "Expected newline or end of document after a statement":
        "после значения ожидается перевод строки или конец файла",
    "Invalid date or datetime": "неверная дата или дата и время",
    "Invalid hex value": "неверное шестнадцатеричное значение",
    "Invalid initial character for a key part": "недопустимый первый символ ключа",
    "Invalid statement": "непонятная строка",
    "Invalid value": "неверное значение",
    "Unclosed array": "массив не закрыт",
    "Unclosed inline table": "встроенная таблица не закрыта",
    "Unescaped '\\' in a string": "неэкранированный «\\» в строке",
    "Unterminated string": "строка не закрыта кавычкой",
    "Cannot declare {0} twice": "{0} объявлен дважды",
    "Cannot mutate immutable namespace {0}": "нельзя изменить неизменяемую таблицу {0}",
    "Cannot redefine namespace {0}": "нельзя переопределить таблицу {0}",
    "Duplicate inline table key {0}": "ключ {0} повторяется во встроенной таблице",
    "Expected {0}": "ожидается {0}",
    "Found invalid character {0}": "недопустимый символ {0}",
    "Illegal character {0}": "недопустимый символ {0}",
    # Keys and values.
    "unknown key (expected one of: {keys})": "неизвестный ключ (допустимы: {keys})",
    "missing key": "ключ не задан",
    "expected {kind}, got {value}": "ожидается {kind}, а задано {value}",
    "must not be empty": "не может быть пустым",
    "must be at least {minimum}, got {value}": "должно быть не меньше {minimum}, а задано {value}",
    'a time as "HH:MM"': "время в виде «ЧЧ:ММ»",
    'expected "HH:MM", got {value}': "ожидается «ЧЧ:ММ», а задано {value}",
    'roubles like "1500.00"': "рубли, например «1500.00»",
    "must not be negative, got {value}": "не может быть отрицательным, а задано {value}",
    "must be less than {cap} roubles, got {value}":
        "должно быть меньше {cap} руб., а задано {value}",
    "more than 2 decimals (whole kopecks only), got {value}":
        "больше двух знаков после точки (только целые копейки), а задано {value}",
    "a table": "таблица",
    "a string": "строка",
    "true or false": "true или false",
    "an integer": "целое число",
    "an array": "массив",
    "boolean {value}": "логическое значение {value}",
    "integer {value}": "целое число {value}",
    "number {value}": "число {value}",
    "date {value}": "дата {value}",
    "date-time {value}": "дата и время {value}",
    # What the files must hold.
    "unknown {what} {value} (known: {known})": "неизвестный {what} {value} (известны: {known})",
    "task type": "вид работ",
    "price item": "пункт прейскуранта",
    "priority class": "класс приоритета",
    "item {item} is not in {file}": "пункта {item} нет в {file}",
    "unknown time zone {zone}": "неизвестный часовой пояс {zone}",
    "must be later than open ({open}), got {value}":
        "должно быть позже открытия ({open}), а задано {value}",
    "must be later than start ({start}), got {value}":
        "должно быть позже начала ({start}), а задано {value}",
    "whole hours": "целое число часов",
    "must be less than call_limit_min ({limit}), got {value}":
        "должно быть меньше call_limit_min ({limit}), а задано {value}",
    "at least one contact is needed": "нужен хотя бы один контакт",
    'expected an item number like "2.1", got {value}':
        "ожидается номер пункта, например «2.1», а задано {value}",
    "duplicate code {value}": "код {value} повторяется",
    "duplicate level {value}": "уровень {value} повторяется",
    "expected a lower-case ASCII slug like 'node_outage', got {value}":
        "ожидается код из строчных латинских букв, цифр и «_», например 'node_outage', "
        "а задано {value}",
    "unknown priority class {value} (known: {known})":
        "неизвестный класс приоритета {value} (известны: {known})",
    "a visit of {minutes} min does not fit the visit window "
    "({window} min, policy.toml hours.visit)":
        "выезд на {minutes} мин не помещается в окно выездов "
        "({window} мин, policy.toml hours.visit)",
    "unknown price item {value}": "неизвестный пункт прейскуранта {value}",
    "a billable type lists its Price List No. 3 items (R12)":
        "у платного вида работ должны быть указаны пункты Прейскуранта № 3 (R12)",
    "must be empty for a type that is not billable (R12)":
        "должно быть пустым для бесплатного вида работ (R12)",
    "at least {minimum} task types are needed, got {value}":
        "нужно не меньше {minimum} видов работ, а задано {value}",
    "a TOML date like 2026-12-31 (no quotes)": "дата TOML, например 2026-12-31 (без кавычек)",
    "{day} is listed twice": "{day} указан дважды",
    "{day} is also in days_off": "{day} есть и в days_off",
}
