"""Russian for the F3 queue and notify list day fixes, help, palette and footer."""

from __future__ import annotations

RU: dict[str, str] = {
    "Filter: contract, №ticket, phone, surname, address, technician":
        "Фильтр: договор, №заявки, телефон, фамилия, адрес, техник",
}

RU.update({
    "{h} h {m} min": "{h} ч {m} мин",
})

RU.update({
    "Nothing matches the filter «{text}». Esc clears the filter.":
        "По фильтру «{text}» ничего не найдено. Esc — сбросить фильтр.",
    "The queue is empty: there are no open tickets.": "Очередь пуста: открытых заявок нет.",
})

RU.update({
    # Audited changes (screens/changes.py)
    "priority {from} → {to}": "приоритет {from} → {to}",
    "visit time pinned": "время визита закреплено",
    "visit time unpinned": "время визита откреплено",
    "technician assigned": "назначен техник",
    "cancelled": "отменена",
    "technician on site": "техник на месте",
    "visit finished": "выезд завершён",
    "arrival time told to the client": "клиенту сообщено время",
    "created": "создана",
    "late cancellation charged": "поздняя отмена начислена",
    "late cancellation charge waived": "начисление за позднюю отмену снято",
    "called, agreed": "дозвонились, согласовано",
    "client cancels": "клиент отменяет",
    "the ticket was closed": "заявка закрыта",
    "told we will call back with a time": "обещали перезвонить с временем",
    "the visit came back to the time told": "визит вернулся к сообщённому времени",
})

RU.update({
    # The notify list (items 17, 19)
    "answered: {who}": "отвечено: {who}",
    "answered elsewhere": "отвечено на другой консоли",
    "This client was answered on another console. Move to the next one.":
        "Этому клиенту уже ответили на другой консоли. Перейдите к следующему.",
    "This client was answered on another console: {what} ({who}). Move to the next one.":
        "Этому клиенту уже ответили на другой консоли: {what} ({who}). "
        "Перейдите к следующему.",
    "{client} cancels the visit: cancel ticket №{ticket}?":
        "{client} отменяет визит: отменить заявку №{ticket}?",
    "Yes, the client cancels: cancel the ticket": "Да, клиент отменяет: отменить заявку",
    "Yes, the responsible person cancels: cancel the ticket":
        "Да, отменяет ответственное лицо: отменить заявку",
    "No, back to the list": "Нет, вернуться к списку",
})

RU.update({
    # Stale F3 actions (item 18)
    "no longer open": "уже закрыта",
    "{ticket} was changed on another console: {changes}. Nothing was done; the queue shows it "
    "as it is now: repeat the action if still needed.":
        "{ticket} изменили на другой консоли: {changes}. Ничего не сделано; очередь показывает "
        "заявку как она есть сейчас — повторите действие, если оно ещё нужно.",
    "{ticket} was changed on another console ({fields}). Nothing was done; the queue shows it "
    "as it is now: repeat the action if still needed.":
        "{ticket} изменили на другой консоли ({fields}). Ничего не сделано; очередь показывает "
        "заявку как она есть сейчас — повторите действие, если оно ещё нужно.",
})

RU.update({
    "{ticket} is no longer in the queue: {change}. Move to another ticket.":
        "{ticket} больше нет в очереди: {change}. Перейдите к другой заявке.",
    "{ticket} is no longer in the queue. Move to another ticket.":
        "{ticket} больше нет в очереди. Перейдите к другой заявке.",
})

RU.update({
    # Palette and footer (item 24)
    "Every key, the rules in short, contact numbers": "Все клавиши, правила кратко, телефоны",
    "The incoming call: verify the caller, take a ticket or a callback":
        "Входящий звонок: проверка звонящего, заявка или обратный звонок",
    "Open tickets in priority order with their arrival times":
        "Открытые заявки по приоритету и время прихода техника",
    "The technicians' visits, day by day": "Выезды техников по дням",
    "Written claims and their deadlines": "Письменные претензии и их сроки",
    "Web-cabinet questions and their deadlines": "Вопросы из личного кабинета и их сроки",
    "The day's figures: calls, tickets, visits": "Итоги дня: звонки, заявки, выезды",
    "The client was called and agreed to the new time":
        "Клиенту позвонили, новое время согласовано",
    "The new time was sent to the client by SMS": "Новое время отправлено клиенту по SMS",
    "No answer: the client comes back on the list in 15 minutes":
        "Не дозвонились: клиент вернётся в список через 15 минут",
    "The client cancels the visit: cancel the ticket (asks first; R8)":
        "Клиент отменяет визит: отменить заявку (с подтверждением; R8)",
    "Copy the client's phone number": "Скопировать телефон клиента",
    "Close the list; unanswered clients stay on it":
        "Закрыть список; неотвеченные клиенты остаются в нём",
    "Clear the filter and show the whole queue": "Сбросить фильтр и показать всю очередь",
    "Close the ticket form (asks whether to keep what was typed)":
        "Закрыть форму заявки (спросит, сохранить ли введённое)",
    "Start a new call on the call screen": "Начать новый звонок на экране звонка",
    "Moscow time and the Russian production calendar (holidays, moved days off), with local "
    "changes.":
        "Московское время и производственный календарь РФ (праздники, переносы выходных) "
        "с местными поправками.",
})

RU.update({
    "Rules in short (in full: docs/RULES.md in the console's folder)":
        "Правила кратко (полностью — docs/RULES.md в папке консоли)",
})

RU.update({
    "The demo database was built for {built}, not for {today}: its visits and times are that "
    "day's. To build it for this clock: support-console demo --replace{clock}":
        "Демо-база построена на {built}, а не на {today}: визиты и время в ней — того дня. "
        "Построить её для этих часов: support-console demo --replace{clock}",
})
