"""Russian for every UI string (the key is the English text). A test keeps this complete.

Each screen area keeps its strings in its own `ru_<area>.py` (a dict named `RU`); they are merged
here, so areas are translated side by side without touching one shared file.
"""

from __future__ import annotations

import importlib
import os
from pathlib import Path

RU: dict[str, str] = {
    # Screens and keys
    "Help": "Справка",
    "Call": "Звонок",
    "Queue": "Очередь",
    "Visits": "Выезды",
    "Claims": "Претензии",
    "HelpDesk": "HelpDesk",
    "Quit": "Выход",
    "Keys, rules, contacts": "Клавиши, правила, контакты",
    "Incoming call": "Входящий звонок",
    "Priority queue": "Очередь по приоритету",
    "Technicians' day": "День техников",
    "Claims register": "Реестр претензий",
    "HelpDesk questions": "Вопросы HelpDesk",
    "Leave the console": "Выйти из консоли",
    "Go to: {screen} ({key})": "Перейти: {screen} ({key})",
    "Switch to this screen": "Открыть этот экран",
    "palette": "Команды",
    "Open the command palette": "Открыть палитру команд",
    # Textual's own screen bindings, shown in the footer and on the help screen
    "Focus Next": "Следующее поле",
    "Focus Previous": "Предыдущее поле",
    "Copy selected text": "Копировать выделенное",
    "Search for commands…": "Поиск команды…",
    "Leave support-console": "Выйти из консоли",
    # Status bar
    "INTAKE OPEN": "ПРИЁМ ОТКРЫТ",
    "TICKET INTAKE ONLY": "ТОЛЬКО ПРИЁМ ЗАЯВОК",
    "MSK": "МСК",
    "Mon": "Пн",
    "Tue": "Вт",
    "Wed": "Ср",
    "Thu": "Чт",
    "Fri": "Пт",
    "Sat": "Сб",
    "Sun": "Вс",
    "Operator: {name}": "Оператор: {name}",
    "Tickets: {n}": "Заявок: {n}",
    "To notify: {n}": "Оповестить: {n}",
    "HelpDesk overdue: {n}": "HelpDesk просрочено: {n}",
    "Claims overdue: {n}": "Претензий просрочено: {n}",
    "Tickets {n}": "Заявок {n}",
    "Notify {n}": "Опов. {n}",
    "HD late {n}": "HD {n}",
    "Claims late {n}": "Прет. {n}",
    # Errors
    "Error": "Ошибка",
    "The database did not answer: {error}. Nothing typed was lost; try again.":
        "База данных не ответила: {error}. Введённое не потеряно; повторите.",
    # Help screen
    "Keys": "Клавиши",
    "Key": "Клавиша",
    "Action": "Действие",
    "Where": "Где",
    "everywhere": "везде",
    "lists": "списки",
    "Rules": "Правила",
    "Rule": "Правило",
    "Contacts (R19)": "Контакты (R19)",
    "Claims are addressed to the general director: {name}":
        "Претензии адресуются генеральному директору: {name}",
    # Planned screens
    "The live priority queue: every open ticket in priority order with its ETA (±1 h), "
    "reprioritise, pin, assign, cancel; the list of clients to notify when visits move.":
        "Живая очередь по приоритету: все открытые заявки по порядку с ожидаемым временем "
        "(±1 ч), смена приоритета, закрепление, назначение, отмена; список клиентов, которых "
        "нужно оповестить о переносе визита.",
    "The technicians' day: technicians by time of day (10:30-17:00), day by day; "
    "book, move, cancel a visit, close it with the signed act.":
        "День техников: техники по времени суток (10:30-17:00), по дням; записать, перенести, "
        "отменить выезд, закрыть его подписанным актом.",
    "The claims register: written claims to the general director, their 14-working-day "
    "deadlines, statuses and replies; incomplete claims show what is missing.":
        "Реестр претензий: письменные претензии на имя генерального директора, их сроки "
        "(14 рабочих дней), статусы и ответы; у неполных видно, чего не хватает.",
    "HelpDesk questions from the clients' web cabinet, each with its deadline of one "
    "working day of service time; overdue ones first.":
        "Вопросы HelpDesk из личного кабинета клиента, у каждого срок — один рабочий день "
        "службы; просроченные первыми.",
    "The incoming call: contract lookup, verification by number and surname, the balance "
    "verdict, scripts, the 15-minute timer and the ticket form with the R7 checklist.":
        "Входящий звонок: поиск договора, проверка по номеру и фамилии, решение по балансу, "
        "речевые подсказки, 15-минутный таймер и форма заявки с памяткой R7.",
    "The database holds no contracts yet. Import them from billing: "
    "support-console import-contracts FILE.csv (see README), "
    "or try the demo: support-console --demo.":
        "В базе ещё нет договоров. Загрузите их из биллинга: "
        "support-console import-contracts ФАЙЛ.csv (см. README) "
        "или попробуйте демо: support-console --demo.",
    'No technicians yet. Add them: support-console technician add "Full Name" --phone +7...':
        'Техников ещё нет. Добавьте: support-console technician add "ФИО" --phone +7...',
    # Rules in short (help screen)
    "Consultations and ticket intake 10:00-18:00 on working days, Moscow time.":
        "Консультации и приём заявок 10:00-18:00 по рабочим дням, время московское.",
    "Technical network problems only: no finances, no service on credit, no bank payment checks.":
        "Только технические вопросы сети: не финансы, не включение «в долг», "
        "не проверка безналичных платежей.",
    "Technician visits only 10:30-17:00 on working days; a visit starts and ends inside.":
        "Выезды только 10:30-17:00 в рабочие дни; визит начинается и заканчивается в этом окне.",
    "18:00-10:00, weekends and holidays: ticket intake only, no consultation.":
        "С 18:00 до 10:00, в выходные и праздники: только приём заявок, без консультаций.",
    "Questions without a visit go to HelpDesk in the web cabinet: answer within one working day.":
        "Вопросы без выезда — через HelpDesk в личном кабинете: ответ в течение рабочего дня.",
    "A ticket needs the responsible person, a contact phone (mobile preferred), date and time, "
    "intercom code.":
        "Для заявки нужны: ответственное лицо, контактный телефон (лучше мобильный), "
        "дата и время, код домофона.",
    "Read out what the responsible person must know, give access to, and that they sign the act.":
        "Зачитать, что ответственное лицо должно знать, к чему обеспечить доступ, "
        "и что оно подписывает акт.",
    "Cancel at least 1 hour before the visit, or it is charged (Price List No. 3, item 1.1).":
        "Отмена не позднее чем за 1 час до визита, иначе он оплачивается "
        "(Прейскурант №3, п. 1.1).",
    "The administrator sets the task type, creates the ticket and queues it by priority "
    "(Appendix No. 4).":
        "Администратор определяет вид задачи, создаёт заявку и ставит её в очередь "
        "по приоритету (Приложение №4).",
    "Tell the client an approximate time, accurate to within one hour.":
        "Клиенту сообщается приблизительное время, с точностью до часа.",
    "Higher priority goes ahead; clients with booked visits are notified.":
        "Задача с более высоким приоритетом встаёт впереди; клиенты с вызовами оповещаются.",
    "Price List No. 3 works are paid separately and may be refused.":
        "Работы по Прейскуранту №3 оплачиваются отдельно, от них можно отказаться.",
    "Phone support only after the contract number and the holder's surname.":
        "Поддержка по телефону — только после номера договора и фамилии владельца.",
    "Phone support only with a positive balance.":
        "Поддержка по телефону — только при положительном балансе.",
    "Not solved in 15 minutes: offer a technician visit and continue later.":
        "Не решено за 15 минут: предложить выезд мастера и продолжить разговор позже.",
    "Calls are recorded for quality control.": "Разговоры записываются для контроля качества.",
    "Claims in writing with all required fields, including the holder's signature.":
        "Претензии — письменно, со всеми обязательными полями и подписью владельца договора.",
    "Claims go to the general director, reviewed within 14 working days.":
        "Претензии — на имя генерального директора, срок рассмотрения до 14 рабочих дней.",
    "Contacts: main line and mobile (below).": "Контакты: основной и мобильный телефоны (ниже).",
    "Moscow time and the Russian production calendar, with local overrides; --now for tests.":
        "Московское время и производственный календарь РФ с местными поправками; "
        "--now для проверок.",
    "The service mode is shown at all times; intake only means no consultation.":
        "Режим службы виден всегда; «только приём заявок» — без консультаций.",
    "Nothing of a contract is shown until number and surname match (ё = е, any case).":
        "Данные договора не показываются, пока не совпали номер и фамилия (ё = е, регистр любой).",
    "Balance zero or below: consultation and visits refused; supervisor override with a reason.":
        "Баланс ноль или меньше: консультация и выезд — отказ; "
        "исключение — старший смены с причиной.",
    "One key records an out-of-scope call and shows the referral script.":
        "Одна клавиша отмечает звонок «не по адресу» и показывает, куда обратиться.",
    "Call timer: amber at 12:00, at 15:00 offer a visit or book a callback.":
        "Таймер звонка: жёлтый с 12:00, на 15:00 — предложить выезд или обратный звонок.",
    "Priorities, durations and billing of task types come from data/priorities.toml.":
        "Приоритеты, длительность и платность видов задач — из data/priorities.toml.",
    "The schedule is derived from the queue; in-progress and pinned visits do not move.":
        "Расписание строится из очереди; начатые и закреплённые визиты не сдвигаются.",
    "A visit moved by more than 1 hour or to another day puts the client on the notify list.":
        "Визит сдвинулся больше чем на час или на другой день — клиент в списке оповещения.",
    "Late cancellation creates the item 1.1 charge after confirmation; a waiver needs a reason.":
        "Поздняя отмена — начисление по п. 1.1 после подтверждения; списание — с причиной.",
    "HelpDesk due after one working day of service time; claims after 14 working days.":
        "Срок HelpDesk — один рабочий день службы; претензии — 14 рабочих дней.",
    "A claim missing a required field is registered as incomplete; its deadline still runs.":
        "Претензия без обязательного поля регистрируется как неполная; срок всё равно идёт.",
    "No passwords to client computers are stored anywhere.":
        "Пароли от компьютеров клиентов нигде не хранятся.",
    "Every change is audited with its operator; typed forms survive as drafts.":
        "Каждое изменение записывается с оператором; введённое сохраняется как черновик.",
    "The client is told the arrival window and how long the work takes; both are stored.":
        "Клиенту называют окно приезда и длительность работ; оба записываются.",
    "Answering-machine messages become tickets later, each confirmed by a call.":
        "Сообщения автоответчика оформляются заявками позже, каждая — со звонком-подтверждением.",
    "A priority raised or lowered off its class needs a reason, audited and shown.":
        "Приоритет выше или ниже класса — только с причиной; она видна и записана.",
    "A no-show without timely cancellation is charged item 1.1 after confirmation.":
        "Неявка без своевременной отмены — начисление по п. 1.1 после подтверждения.",
}


def _merge_areas() -> None:
    # The folder listed by os.listdir, not pkgutil (whose import alone costs the start more).
    names = sorted(name[:-3] for name in os.listdir(Path(__file__).parent)
                   if name.startswith("ru_") and name.endswith(".py"))
    for name in names:
        area = importlib.import_module(f"console.i18n.{name}")
        clash = {k for k, v in area.RU.items() if RU.get(k, v) != v}
        if clash:  # the same English text must not mean two things
            raise RuntimeError(f"{name}: duplicate translations for {sorted(clash)}")
        RU.update(area.RU)


_merge_areas()
