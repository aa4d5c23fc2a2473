"""Russian for the F2 working day: error reports, callbacks as work, the call's fixes."""

from __future__ import annotations

RU: dict[str, str] = {
    # The app's error handler
    "Unexpected error: {error}. It is logged in {path}; the console goes on "
    "and nothing typed was lost.":
        "Непредвиденная ошибка: {error}. Она записана в {path}; консоль работает дальше, "
        "ничего из набранного не потеряно.",
    # Calls: start, quit, out of scope
    "No call. Ctrl+N or typing a contract number starts one.":
        "Звонка нет. Ctrl+N или набор номера договора — начать.",
    "The call screen (Ctrl+N or typing a number starts a call)":
        "Экран звонка (Ctrl+N или набор номера начинает звонок)",
    "Start a call first: Ctrl+N or type the contract number.":
        "Сначала начните звонок: Ctrl+N или наберите номер договора.",
    "The call is being logged: try again in a moment.":
        "Звонок записывается в журнал: повторите через мгновение.",
    "The call could not be logged: {error}. Try again.":
        "Звонок не удалось записать: {error}. Повторите.",
    "Nothing was typed: the call is not logged.":
        "Ничего не набрано: звонок не записывается в журнал.",
    "A call is running. Quit the console?": "Идёт звонок. Выйти из консоли?",
    "Back to the call": "Вернуться к звонку",
    "End the call with its outcome, then quit": "Завершить звонок с итогом и выйти",
    "End the call as interrupted and quit": "Завершить звонок как прерванный и выйти",
    "Interrupted": "Прерван",
    "interrupted": "прерван",
    "Out of scope (R2): read this out": "Не по адресу (R2): прочитайте звонящему",
    "Enter: read out, end the call · Esc: back to the call":
        "Enter: прочитано, завершить звонок · Esc: вернуться к звонку",
    "Read out": "Прочитано",
    # Drafts
    "The draft is for contract {number}: restore it after this call.":
        "Черновик относится к договору {number}: восстановите его после этого звонка.",
    # Callbacks
    "Book": "Назначить",
    "Which phone?": "На какой телефон?",
    "What to discuss": "О чём поговорить",
    "e.g. check the speed after the fix": "например, проверить скорость после ремонта",
    "Enter: next · Ctrl+S: book · Esc: back": "Enter: далее · Ctrl+S: назначить · Esc: назад",
    "The contract has no phone: a callback is impossible":
        "У договора нет телефона: перезвонить невозможно",
    "Say what the callback is about": "Укажите, о чём перезвонить",
    "Callbacks are made 10:00-18:00 on working days (R1)":
        "Перезваниваем с 10:00 до 18:00 в рабочие дни (R1)",
    "The callback time has passed": "Время обратного звонка уже прошло",
    "Choose one of the contract's phones": "Выберите один из телефонов договора",
    "This callback is already closed": "Этот обратный звонок уже закрыт",
    "Another console is calling this client now": "Этому клиенту сейчас звонят с другой консоли",
    "This call is not a callback": "Этот звонок не обратный",
    "This call has already ended": "Этот звонок уже завершён",
    "Unknown outcome": "Неизвестный итог",
    "Callback due ({time}): {client}, {phone}. About: {topic}. F3, then O starts the call.":
        "Пора перезвонить ({time}): {client}, {phone}. Тема: {topic}. F3, затем O — позвонить.",
    "Callbacks due: {n}": "Перезвонить: {n}",
    "Call back {n}": "Перезв. {n}",
    "Call back": "Позвонить",
    "Start the callback under the cursor": "Начать обратный звонок под курсором",
    "Put the cursor on a callback (its time shows as ☎)":
        "Поставьте курсор на обратный звонок (его время отмечено ☎)",
    "Callback to {phone} ({client}). About: ": "Обратный звонок на {phone} ({client}). Тема: ",
    "attempt {n}": "попытка {n}",
    "How did the callback end?": "Чем закончился обратный звонок?",
    "Done: talked it through": "Выполнен: поговорили",
    "Re-book: call again at another time": "Перенести: позвонить в другое время",
    "Unreachable: try again in 15 minutes": "Не дозвонились: повторить через 15 минут",
    "Re-book the callback": "Перенести обратный звонок",
    "Callback closed.": "Обратный звонок закрыт.",
    "The callback comes back at {time}.": "Обратный звонок вернётся в {time}.",
    # Fields
    "No more than {n} characters: the rest was not taken":
        "Не больше {n} символов: остальное не принято",
    # Contract card: charges, cancelled tickets, the balance's age (R8, R14, D10)
    "Charges:": "Начисления:",
    "item": "п.",
    "waived: {reason}": "не взималось: {reason}",
    "Cancelled tickets:": "Отменённые заявки:",
    "balance date unknown: check billing": "дата баланса неизвестна: проверьте в биллинге",
    "{n} d old: check billing": "данные {n} дн. назад: проверьте в биллинге",
    "{n} h old: check billing": "данные {n} ч назад: проверьте в биллинге",
    "the balance is {age}": "баланс — {age}",
    # Ticket form
    "Types with “{text}”: {n}. Enter picks the highlighted one":
        "Видов работ с «{text}»: {n}. Enter — выбрать выделенный",
    "Choose the task type: type part of its name or use the arrows, then Enter":
        "Выберите вид работ: наберите часть названия или стрелками, затем Enter",
    # A second ticket of the same type (item 15)
    "This contract already has an open ticket of this type":
        "У договора уже есть открытая заявка этого вида",
    "Ticket №{id} of this type is already open (since {time}).":
        "Заявка №{id} этого вида уже открыта (с {time}).",
    "Add what was said to №{id}": "Дописать сказанное в №{id}",
    "Save a separate ticket": "Сохранить отдельную заявку",
    "Added to ticket №{id}.": "Дописано в заявку №{id}.",
    "Ask the caller's surname (R13): once verified, Ctrl+D brings the form back.":
        "Спросите фамилию звонящего (R13): после проверки Ctrl+D вернёт форму.",
    "The desired time {time} was not put in №{id}; its visit stays as said. To change it, "
    "move the visit in F4.":
        "Желаемое время {time} в №{id} не записано: её выезд остаётся, как сказано. Чтобы "
        "изменить его, перенесите выезд в F4.",
}
