"""Russian for F4, the technicians' day: the grid, visits, acts, technicians, days off."""

from __future__ import annotations

RU: dict[str, str] = {
    # Days (R4, D1)
    "Monday": "Понедельник",
    "Tuesday": "Вторник",
    "Wednesday": "Среда",
    "Thursday": "Четверг",
    "Friday": "Пятница",
    "Saturday": "Суббота",
    "Sunday": "Воскресенье",
    "working day": "рабочий день",
    "working Saturday (transferred)": "рабочая суббота (перенос)",
    "day off: weekend": "выходной",
    "day off: {name}": "нерабочий день: {name}",
    "working day: {name}": "рабочий день: {name}",
    "No visits on a day off (R4).": "В нерабочий день выездов нет (R4).",
    # Grid
    "day off: {reason}": "не работает: {reason}",
    "◼ booked ◻ free": "◼ занято ◻ свободно",
    "planned": "план",
    "done": "выполнен",
    "no-show": "неявка",
    "follow-up needed": "нужен повторный",
    "refused (R12)": "отказ (R12)",
    "free: Enter books a queued ticket here": "свободно: Enter — записать сюда заявку из очереди",
    "No active technicians: add one with w.": "Нет активных техников: добавьте клавишей w.",
    # Keys
    "Prev. day": "Пред. день",
    "The previous day": "Предыдущий день",
    "Next day": "След. день",
    "The next day": "Следующий день",
    "Today": "Сегодня",
    "Back to today": "Вернуться к сегодняшнему дню",
    "Go to date": "Перейти к дате",
    "A date as in the ticket form: 25.12, пн, завтра":
        "Дата как в форме заявки: 25.12, пн, завтра",
    "25.12, 25.12.2026, пн, завтра": "25.12, 25.12.2026, пн, завтра",
    "Date": "Дата",
    # Details
    "Visit": "Выезд",
    "What was told": "Что сообщено клиенту",
    "{time}, told {when}": "{time}, сообщено {when}",
    "not told yet": "ещё не сообщалось",
    "On site since": "На месте с",
    # Placement refusals (rules/visits.py)
    "The visit cannot start in the past": "Выезд не может начинаться в прошлом",
    "That day is a day off: no visits": "Это нерабочий день: выездов нет",
    "A visit must start and end inside the visit window {start}-{end} (R3)":
        "Выезд должен начаться и закончиться в окне выездов {start}-{end} (R3)",
    "The technician does not work that day: {reason}": "Техник в этот день не работает: {reason}",
    "The technician is deactivated": "Техник отключён",
    "The technician already has a visit then: {ticket} {start}-{end}":
        "У техника в это время уже есть выезд: {ticket} {start}-{end}",
    # Booking, moving, on site
    "Move": "Перенести",
    "Move the visit: pick a technician and time, Enter":
        "Перенести выезд: выберите техника и время, Enter",
    "On site": "На месте",
    "The technician is on site: the visit runs from now":
        "Техник на месте: выезд идёт с этой минуты",
    "Stop moving": "Отменить перенос",
    "No queued ticket needs a visit.": "В очереди нет заявок, которым нужен выезд.",
    "Book {tech} at {time}: which ticket?": "Записать к {tech} на {time}: какую заявку?",
    "Put the cursor on a visit first.": "Сначала поставьте курсор на выезд.",
    "Moving №{ticket}: put the cursor on a technician and time, Enter to place it, "
    "Esc to leave it where it is.":
        "Перенос №{ticket}: поставьте курсор на техника и время, Enter — перенести, "
        "Esc — оставить как есть.",
    "This ticket needs no visit": "Этой заявке выезд не нужен",
    "The visit's time has not come yet": "Время выезда ещё не наступило",
    "The visit is planned for {day}: move it to today first":
        "Выезд запланирован на {day}: сначала перенесите его на сегодня",
    "The client was never told this visit's time: no charge (D18). Reschedule it and tell "
    "the client the new time":
        "Клиенту не сообщали время этого выезда: без начисления (D18). Перенесите выезд "
        "и сообщите клиенту новое время",
    "No such price item": "Нет такой позиции прейскуранта",
    "Only a visit that has not started can be rescheduled":
        "Перенести можно только не начатый выезд",
    # Grid keys
    "Earlier": "Раньше",
    "Later": "Позже",
    "First cell": "Начало дня",
    "Last cell": "Конец дня",
    "Next visit": "Следующий выезд",
    "Previous visit": "Предыдущий выезд",
    # Closing: the act (R7, R12), no-show (D18), cancel (R8)
    "Close": "Закрыть",
    "Close the visit with the act (R7), or a no-show (D18)":
        "Закрыть выезд актом (R7) или как неявку (D18)",
    "Act": "Акт",
    "Open (re-write) the act's PDF": "Открыть (перезаписать) PDF акта",
    "Cancel": "Отменить",
    "The client cancels (R8: less than an hour before asks about 1.1)":
        "Клиент отменяет (R8: менее чем за час — вопрос о п. 1.1)",
    "Done: the act is signed": "Выполнено: акт подписан",
    "Not solved: a follow-up visit is needed": "Не решено: нужен повторный выезд",
    "Refused as impossible or impractical (R12)": "Отказ: невозможно или нецелесообразно (R12)",
    "Client absent or no access (D18)": "Клиента нет или нет доступа (D18)",
    "Close №{ticket}: the outcome": "Закрыть №{ticket}: итог выезда",
    "Act {number} written: {path}": "Акт {number} записан: {path}",
    "Act for №{ticket} · {client} · {address}": "Акт по №{ticket} · {client} · {address}",
    "Nobody at {time}, or no access (D18). Charge {price} (Price List No. 3, item 1.1)?":
        "Клиента не было в {time} или нет доступа (D18). Начислить {price} "
        "(Прейскурант № 3, п. 1.1)?",
    "Put the cursor on a closed visit: only it has an act.":
        "Поставьте курсор на закрытый выезд: акт есть только у него.",
    "Put the cursor on a planned visit first.": "Сначала поставьте курсор на плановый выезд.",
    "Who asks to cancel №{ticket}?": "Кто отменяет №{ticket}?",
    "The client (the contract holder)": "Клиент (владелец договора)",
    "The responsible person: {name}": "Ответственное лицо: {name}",
    "This visit has no act": "У этого выезда нет акта",
    "The time on site cannot be in the future": "Время прибытия не может быть в будущем",
    # The act form
    "Outcome: {what}": "Итог: {what}",
    "Done": "Выполнено",
    "Signed by": "Акт подписал(а)",
    "Not the responsible person (give the role)": "Не ответственное лицо (укажите, кто)",
    "Signer's role": "Кто подписал",
    "e.g. the flat's owner, the office manager": "например, собственник, офис-менеджер",
    "Work done": "Что сделано",
    "Price List No. 3 items": "Позиции Прейскуранта № 3",
    "2.1, 2.5x4 (item number x quantity)": "2.1, 2.5x4 (номер позиции x количество)",
    "Why refused (R12)": "Причина отказа (R12)",
    "Ctrl+S: save the act · Esc: back": "Ctrl+S — сохранить акт · Esc — назад",
    "Total: {sum}": "Итого: {sum}",
    "Save the act": "Сохранить акт",
    "Choose the visit's outcome": "Выберите итог выезда",
    "Who signed the act?": "Кто подписал акт?",
    "Give the signer's role (e.g. the flat's owner, the office manager)":
        "Укажите, кто подписал (например, собственник, офис-менеджер)",
    "Give the reason the work was refused (R12)": "Укажите причину отказа (R12)",
    "Describe the work done": "Опишите выполненные работы",
    "Write items as 2.1, 2.5x4: an item number, then x and a quantity":
        "Пишите позиции так: 2.1, 2.5x4 — номер позиции, затем x и количество",
    "No such item in Price List No. 3: {code}": "В Прейскуранте № 3 нет позиции {code}",
    "A quantity must be a whole number from 1 to {max}: {code}":
        "Количество — целое число от 1 до {max}: {code}",
    "Item {code} is charged by its own decision (a no-show or a late cancellation, R8), not "
    "in an act":
        "Позиция {code} начисляется отдельным решением (неявка или поздняя отмена, R8), "
        "не в акте",
    "Paid work (Price List No. 3, R12): list the items done, or choose another outcome":
        "Платная работа (Прейскурант № 3, R12): укажите выполненные позиции или выберите "
        "другой итог",
    "Item {code} is listed twice: give one quantity":
        "Позиция {code} указана дважды: укажите одно количество",
    # The day close
    "Day close": "Закрытие дня",
    "past: no visit starts here": "прошло: выезд здесь не начать",
    "No queued ticket fits here: a visit must end by {end} (R3).":
        "Сюда не помещается ни одна заявка: выезд должен закончиться к {end} (R3).",
    "That time has passed: choose a later cell.": "Это время прошло: выберите клетку позже.",
    "Today's visits nobody settled (after the visit window)":
        "Выезды сегодняшнего дня без итога (после окна выездов)",
    "The day close: visits nobody settled": "Закрытие дня: выезды без итога",
    "Nothing left from earlier days. Today's visits are listed here once the visit window "
    "closes ({end}).":
        "С прошлых дней ничего не осталось. Сегодняшние выезды появятся здесь, когда окно "
        "выездов закроется ({end}).",
    "never started": "не начат",
    "on site, not closed": "на месте, не закрыт",
    "Done (act)": "Выполнен (акт)",
    "No-show": "Неявка",
    "Reschedule": "Перенести",
    "d: done, write the act · n: no-show (D18) · r: reschedule · Esc: close":
        "d — выполнен, акт · n — неявка (D18) · r — перенести · Esc — закрыть",
    "Everything is settled.": "Все выезды закрыты.",
    "Unsettled {n}": "Без итога {n}",
    "Visits to settle: {n}": "Выезды без итога: {n}",
    # Technicians
    "Technicians": "Техники",
    "Add, rename, deactivate technicians; days off":
        "Добавить, переименовать, отключить техников; выходные",
    "Add": "Добавить",
    "Rename": "Переименовать",
    "Deactivate / back": "Отключить / вернуть",
    "Days off": "Выходные",
    "Days on": "Снова работает",
    "Phone": "Телефон",
    "a: add · r: rename · d: deactivate or bring back · o: days off · n: days on · Esc: close":
        "a — добавить · r — переименовать · d — отключить или вернуть · o — выходные · "
        "n — снова работает · Esc — закрыть",
    "works": "работает",
    "deactivated": "отключён",
    "New technician": "Новый техник",
    "Full name": "ФИО",
    "Rename {name}": "Переименовать: {name}",
    "01.12.2026..05.12.2026, or one day": "01.12.2026..05.12.2026 или один день",
    "Days": "Дни",
    "{name}: off {first}..{last}": "{name}: не работает {first}..{last}",
    "Why (leave, sickness)?": "Причина (отпуск, больничный)?",
    "Days off of {name}": "Выходные: {name}",
    "{name} works again on": "{name} снова работает",
    "Give the days as 01.12.2026..05.12.2026 (or one day)":
        "Укажите дни так: 01.12.2026..05.12.2026 (или один день)",
    "The range ends before it starts": "Период заканчивается раньше, чем начинается",
    "A range of days off is at most a year": "Период выходных — не больше года",
    "Give the reason for the days off (leave, sickness)":
        "Укажите причину (отпуск, больничный)",
    "The technician is on site: close that visit first":
        "Техник на выезде: сначала закройте этот выезд",
    "The technician is on site that day: close that visit first":
        "Техник в этот день на выезде: сначала закройте этот выезд",
    "name: longer than {limit} characters": "имя: длиннее {limit} символов",
    "technician #{id} {name} already has this name; give another one":
        "это имя уже у техника №{id} {name}; укажите другое",
    "name: give the technician's full name on one line":
        "Укажите ФИО техника одной строкой",
    "Contract phones": "Телефоны договора",
    "Enter: charge · W: waive with a reason · Esc: back":
        "Enter — начислить · W — не начислять (с причиной) · Esc — назад",
    "No follow-up ticket was queued: {why}": "Повторная заявка не создана: {why}",
}
