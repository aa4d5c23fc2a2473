"""Russian for the F3 queue, the notify list and the dialogs."""

from __future__ import annotations

RU: dict[str, str] = {
    "{time} ±1 h": "{time} ±1 ч",
    "{n} min": "{n} мин",
    "{n} h": "{n} ч",
    "{n} d": "{n} д",
    "no slot": "нет слота",
    # Dialogs
    "Back": "Назад",
    "Reason": "Причина",
    "Give a reason": "Укажите причину",
    "Enter: confirm · Esc: back": "Enter — подтвердить · Esc — назад",
    "Enter: choose · Esc: back": "Enter — выбрать · Esc — назад",
    "Charge": "Начислить",
    "Waive": "Не начислять",
    "Late cancellation (R8)": "Поздняя отмена (R8)",
    "Enter: charge · W: waive with a reason · Esc: do not cancel":
        "Enter — начислить · W — не начислять (с причиной) · Esc — не отменять",
    "Why is the charge waived?": "Почему не начисляем?",
}

RU.update({
    # F3 columns and details
    "Pri.": "Прио",
    "Ticket": "Заявка",
    "Task": "Вид работ",
    "Address": "Адрес",
    "Client": "Клиент",
    "Status": "Статус",
    "Technician": "Техник",
    "ETA": "Ожидаемое время",
    "Told": "Сообщено",
    "Moved": "Сдвиг",
    "Age": "Ждёт",
    "queued": "в очереди",
    "on site": "на выезде",
    "pinned": "закреплено",
    "no visit": "без выезда",
    "Contract": "Договор",
    "Priority": "Приоритет",
    "What is wrong": "Что случилось",
    "Contact phone": "Контактный телефон",
    "Desired time": "Желаемое время",
    "Assigned": "Назначен",
    "Pinned": "Закреплено",
    "yes": "да",
    "no": "нет",
    "Ticket {ticket}": "Заявка {ticket}",
    "contract {number}": "договор {number}",
    "desired {time}": "желает {time}",
    "The queue is empty.": "Очередь пуста.",
    "Filter: number, surname, address, technician": "Фильтр: номер, фамилия, адрес, техник",
    "Esc: close": "Esc — закрыть",
    # F3 keys
    "Raise": "Выше",
    "Raise the priority (asks a reason)": "Повысить приоритет (с причиной)",
    "Lower": "Ниже",
    "Lower the priority (asks a reason)": "Понизить приоритет (с причиной)",
    "Pin": "Закрепить",
    "Pin or unpin the visit time": "Закрепить или открепить время визита",
    "Assign": "Назначить",
    "Assign a technician": "Назначить техника",
    "Cancel": "Отменить",
    "Cancel the ticket": "Отменить заявку",
    "Filter": "Фильтр",
    "Filter by any text": "Фильтр по любому тексту",
    "Notify": "Оповестить",
    "Clients to notify": "Клиенты для оповещения",
    "Clear filter": "Сбросить фильтр",
    "Up": "Вверх",
    "Down": "Вниз",
    "Page up": "Страница вверх",
    "Page down": "Страница вниз",
    "First": "В начало",
    "Last": "В конец",
    "Open": "Открыть",
    "Close": "Закрыть",
    # F3 dialogs and messages
    "Priority of {ticket}: {old} → {new}": "Приоритет {ticket}: {old} → {new}",
    "Why?": "Почему?",
    "The priority cannot go further": "Дальше менять приоритет некуда",
    "Any technician": "Любой техник",
    "Technician for {ticket}": "Техник для {ticket}",
    "Cancel {ticket}": "Отмена {ticket}",
    "Why is it cancelled?": "Почему отменяется?",
    "Less than an hour is left before {time}, the time the client was told. "
    "Charge {price} (Price List No. 3, item 1.1)?":
        "До {time} (время, сообщённое клиенту) меньше часа. "
        "Начислить {price} (Прейскурант №3, п. 1.1)?",
    "The ticket was changed on another console ({fields}). "
    "The queue now shows its current state: repeat the action if still needed.":
        "Заявку изменили на другой консоли ({fields}). В очереди теперь её текущее состояние: "
        "повторите действие, если оно ещё нужно.",
    "The ticket was changed on another console. "
    "The queue now shows its current state: repeat the action if still needed.":
        "Заявку изменили на другой консоли. В очереди теперь её текущее состояние: "
        "повторите действие, если оно ещё нужно.",
    # Notify list
    "Clients to notify (D9)": "Кого оповестить (D9)",
    "Phone": "Телефон",
    "Was": "Было",
    "Now": "Стало",
    "Why": "Причина",
    "Tries": "Попыток",
    "moved": "сдвиг",
    "another day": "другой день",
    "to call": "позвонить",
    "unreachable": "недоступен",
    "again {time}": "снова в {time}",
    "Called, agreed": "Позвонил, согласовано",
    "SMS sent": "SMS отправлено",
    "Unreachable": "Недоступен",
    "Client cancels": "Клиент отменяет",
    "Copy phone": "Копировать телефон",
    "Copied: {phone}": "Скопировано: {phone}",
    "Nobody to notify.": "Оповещать некого.",
    "{day} between {start} and {end}": "{day} с {start} до {end}",
    "{day} at {start}": "{day} в {start}",
    "Everyone on the list has been answered.": "Все клиенты из списка оповещены.",
    "Hello, this is technical support. The technician's visit moves from {old} to {new}; "
    "the work will take about {duration}. Is that convenient for you?":
        "Здравствуйте, это техническая поддержка. Визит специалиста переносится с {old} "
        "на {new}, работа займёт около {duration}. Вам удобно?",
    "Hello, this is technical support. Your visit on {old} has to be moved; we will call you "
    "back with a new time. Is that convenient?":
        "Здравствуйте, это техническая поддержка. Визит {old} придётся перенести; мы перезвоним "
        "и назовём новое время. Вам удобно?",
    # Service refusals (TicketError messages)
    "No such ticket": "Такой заявки нет",
    "The ticket was changed on another console": "Заявку изменили на другой консоли",
    "Late cancellation: confirm the charge or waive it with a reason":
        "Поздняя отмена: подтвердите начисление или отмените его с причиной",
    "Unknown task type": "Неизвестный вид работ",
    "No such contract": "Такого договора нет",
    "Billable work needs the client's agreement to the prices":
        "Платные работы — только с согласия клиента с ценами",
    "No such priority class": "Такого класса приоритета нет",
    "Only a ticket with a planned visit can be pinned":
        "Закрепить можно только заявку с запланированным визитом",
    "No such technician": "Такого техника нет",
    "A waiver needs a reason": "Для отказа от начисления нужна причина",
    "The ticket is already closed": "Заявка уже закрыта",
    "The ticket has no planned visit": "У заявки нет запланированного визита",
    "The visit has not started": "Визит ещё не начат",
    "Who signed the act?": "Кто подписал акт?",
    "The technician is already booked at that time": "Техник уже занят в это время",
    "Unknown answer": "Неизвестный ответ",
    "No such notification": "Такого оповещения нет",
    "The visit moved again: read the list again before calling":
        "Визит снова сдвинулся: посмотрите список ещё раз перед звонком",
    "Already answered on another console": "Уже отмечено на другой консоли",
    "The visit has already started: it cannot be moved or reassigned":
        "Визит уже начат: его нельзя перенести или передать другому технику",
    "The desired time is not a valid visit time (R3)":
        "Желаемое время не подходит для выезда (R3)",
})
