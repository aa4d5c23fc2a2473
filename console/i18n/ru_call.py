"""Russian for the F2 call screen, the contract card and the ticket form."""

from __future__ import annotations

RU: dict[str, str] = {
    # Keys
    "New call": "Новый звонок",
    "Incoming call: starts it if none runs": "Входящий звонок: начать, если нет текущего",
    "Take a ticket (R6)": "Оформить заявку (R6)",
    "Callback": "Перезвонить",
    "Book a callback (R15)": "Назначить обратный звонок (R15)",
    "Out of scope": "Не по адресу",
    "Financial question, on credit, bank payment, other (R2)":
        "Финансы, «в долг», безналичный платёж, другое (R2)",
    "Search for themes…": "Поиск темы…",
    "Override": "Исключение",
    "Supervisor override of the balance gate (D4)": "Исключение по балансу от старшего смены (D4)",
    "R7 read": "R7 прочитано",
    "Tick the next R7 item read out": "Отметить следующий прочитанный пункт R7",
    "Save": "Сохранить",
    "Save the ticket": "Сохранить заявку",
    "End call": "Завершить",
    "End the call with its outcome": "Завершить звонок с итогом",
    "Close form": "Закрыть форму",
    # Call screen
    "Contract number": "Номер договора",
    "Holder's surname": "Фамилия владельца договора",
    "e.g. 10000001": "например, 10000001",
    "as the caller says it": "как называет звонящий",
    "No call. F2 or Ctrl+N starts one.": "Звонка нет. F2 или Ctrl+N — начать.",
    "Call {time}": "Звонок {time}",
    "The call could not be logged: {error}. Press F2 again.":
        "Звонок не удалось записать: {error}. Нажмите F2 ещё раз.",
    "The call could not be closed: {error}. Press Ctrl+E again.":
        "Звонок не удалось завершить: {error}. Нажмите Ctrl+E ещё раз.",
    "Verified: number and surname match": "Проверен: номер и фамилия совпали",
    "No contract with this number: ask for it again":
        "Договора с таким номером нет: переспросите номер",
    "The surname does not match the contract holder: ask again":
        "Фамилия не совпадает с владельцем договора: переспросите",
    "Consultation allowed": "Консультация разрешена",
    "Refused: the balance is not positive (R14)": "Отказ: баланс не положительный (R14)",
    "{key}: ask a supervisor for an exception (D4)": "{key} — запросить исключение у старшего (D4)",
    "Intake only: no consultation now (R4)": "Только приём заявок: консультаций сейчас нет (R4)",
    "Not verified: ask for the contract number and surname (R13)":
        "Не проверен: спросите номер договора и фамилию (R13)",
    "Allowed by a supervisor override (D4)": "Разрешено старшим смены в виде исключения (D4)",
    "A call is already running: end it first (Ctrl+E).":
        "Звонок уже идёт: сначала завершите его (Ctrl+E).",
    "Start a call first: F2 or Ctrl+N.": "Сначала начните звонок: F2 или Ctrl+N.",
    "The caller is not verified": "Звонящий не проверен",
    "Close the ticket form?": "Закрыть форму заявки?",
    "Close, keep the draft": "Закрыть, сохранить черновик",
    "Discard what was typed": "Удалить введённое",
    "Back to the form": "Вернуться к форме",
    "Ticket №{id} is queued. Say: the technician will come on {eta}.":
        "Заявка №{id} в очереди. Скажите: специалист придёт {eta}.",
    "Ticket №{id} is queued.": "Заявка №{id} в очереди.",
    "Callback: continue the conversation": "Обратный звонок: продолжить разговор",
    "Book a callback": "Назначить обратный звонок",
    "When shall we call back?": "Когда перезвонить?",
    "e.g. tomorrow 11, 25.11 14:30": "например, завтра 11, 25.11 14:30",
    "Callback booked for {time}: tell the caller.":
        "Обратный звонок назначен на {time}: скажите звонящему.",
    "Visits of {n} clients moved: notify them from F3 (n).":
        "Сдвинулись визиты клиентов ({n}): оповестите их из F3 (n).",
    "Out of scope (R2): what is it about?": "Не по адресу (R2): о чём вопрос?",
    "Supervisor override (D4)": "Исключение от старшего смены (D4)",
    "Why may this caller be helped despite the balance?":
        "Почему звонящему можно помочь, несмотря на баланс?",
    "15 minutes (R15): offer a technician visit or a callback":
        "15 минут (R15): предложите выезд специалиста или обратный звонок",
    "Take a ticket with a visit": "Оформить заявку с выездом",
    "Continue the conversation": "Продолжить разговор",
    "How did the call end?": "Чем закончился звонок?",
    "Why was the caller refused?": "Почему отказано?",
    "Call ended: {outcome}": "Звонок завершён: {outcome}",
    "Restore draft": "Черновик",
    "Restore the unsaved ticket form (D14)": "Восстановить несохранённую заявку (D14)",
    "No draft to restore.": "Черновика нет.",
    "An unsaved ticket form is waiting (contract {number}, {time}): Ctrl+D restores it.":
        "Есть несохранённая заявка (договор {number}, {time}): Ctrl+D — восстановить.",
    # Outcomes and refusals
    "Solved by phone": "Решено по телефону",
    "Ticket taken": "Оформлена заявка",
    "Callback booked": "Назначен обратный звонок",
    "Refused": "Отказано",
    "Caller hung up": "Звонящий положил трубку",
    "Balance is zero or negative (R14)": "Баланс нулевой или отрицательный (R14)",
    "Outside consultation hours (R4)": "Вне часов консультаций (R4)",
    "Caller not verified (R13)": "Звонящий не прошёл проверку (R13)",
    "Price List No. 3 work refused (R12)": "Отказ в работах по Прейскуранту №3 (R12)",
    "Other reason": "Другая причина",
    "solved": "решено по телефону",
    "ticket": "заявка",
    "callback": "обратный звонок",
    "refused": "отказ",
    "out_of_scope": "не по адресу",
    "hung_up": "положил трубку",
    # Contract card
    "The contract is shown after the number and the surname match (R13).":
        "Договор показывается после совпадения номера и фамилии (R13).",
    "Contract {number}": "Договор {number}",
    "Representative: {name}": "Представитель: {name}",
    "mobile": "мобильный",
    "landline": "городской",
    "Balance: ": "Баланс: ",
    "as of {time}": "на {time}",
    "Contract status: {status}": "Статус договора: {status}",
    "active": "действует",
    "suspended": "приостановлен",
    "closed": "закрыт",
    "Open tickets:": "Открытые заявки:",
    "Last calls:": "Последние звонки:",
    # Ticket form
    "New ticket (R6)": "Новая заявка (R6)",
    "Desired date and time": "Желаемые дата и время",
    "25.11 14:30, tomorrow 11, mon 10:30": "25.11 14:30, завтра 11, пн 10:30",
    "e.g. no link since morning, router lights off":
        "например, с утра нет связи, на роутере не горят огни",
    "Intercom code": "Код домофона",
    "e.g. 45K1234": "например, 45К1234",
    "No intercom": "Домофона нет",
    "Responsible person": "Ответственное лицо",
    "Landline accepted": "Согласен на городской",
    "The client agrees to the prices (R12)": "Клиент согласен с ценами (R12)",
    "Read out to the client (R7), Ctrl+R ticks the next item:":
        "Зачитайте клиенту (R7), Ctrl+R отмечает следующий пункт:",
    "Ctrl+S: save the ticket · Esc: close the form":
        "Ctrl+S — сохранить заявку · Esc — закрыть форму",
    "visit": "выезд",
    "min": "мин",
    "paid (Price List No. 3)": "платно (Прейскурант №3)",
    "Task: {name}": "Вид работ: {name}",
    "Choose the task type with arrows and Enter": "Выберите вид работ стрелками и Enter",
    "Choose the task type": "Выберите вид работ",
    "Nearest: {times}": "Ближайшее: {times}",
    "Paid separately under Price List No. 3 (R12):":
        "Оплачивается отдельно по Прейскуранту №3 (R12):",
    "The client must agree to the Price List No. 3 prices, or refuse the work":
        "Клиент должен согласиться с ценами Прейскуранта №3, иначе — отказ от работ",
    "Read out the whole R7 checklist and tick every item":
        "Зачитайте всю памятку R7 и отметьте каждый пункт",
}
