"""Russian for the rules' gates (issue 7): refusals, the supervisor override, call outcomes."""

from __future__ import annotations

RU: dict[str, str] = {
    # D4: the balance gate and its override
    "Only a supervisor can lift the balance gate (D4)":
        "Снять ограничение по балансу может только старший смены (D4)",
    "Only a supervisor can answer an override request (D4)":
        "Ответить на запрос исключения может только старший смены (D4)",
    "The balance is positive: no override is needed":
        "Баланс положительный: исключение не нужно",
    "Verify the caller first: an override is for one verified contract (D4)":
        "Сначала проверьте звонящего: исключение даётся для одного проверенного договора (D4)",
    "This request has already been answered": "На этот запрос уже ответили",
    "No such override request": "Такого запроса исключения нет",
    "Ask a supervisor for an override (D4)": "Запросить исключение у старшего смены (D4)",
    "Waiting for the supervisor's answer…": "Ждём ответа старшего смены…",
    "Supervisor {name} approved the override.": "Старший смены {name} разрешил исключение.",
    "Supervisor {name} refused the override: read the balance sentence.":
        "Старший смены {name} отказал в исключении: прочитайте фразу о балансе.",
    "Override requests (D4)": "Запросы исключений (D4)",
    "A: approve · R: refuse · Esc: close": "A: разрешить · R: отказать · Esc: закрыть",
    "No requests are waiting.": "Запросов нет.",
    "Override approved.": "Исключение разрешено.",
    "Override refused.": "В исключении отказано.",
    "Answer the balance-gate requests of other consoles":
        "Ответить на запросы исключений по балансу с других рабочих мест",
    "{operator} asks for contract {number} ({holder}), balance {balance}: ":
        "{operator} просит по договору {number} ({holder}), баланс {balance}: ",
    "Ctrl+P → Override requests: A approves, R refuses.":
        "Ctrl+P → Запросы исключений: A — разрешить, R — отказать.",
    "Override request (D4)": "Запрос исключения (D4)",
    "Approve": "Разрешить",
    "Refuse": "Отказать",
    # R6, R7: what a ticket needs
    "The ticket needs the responsible person's name (R6)":
        "В заявке нужно имя ответственного лица (R6)",
    "The ticket needs the responsible person's contact phone (R6)":
        "В заявке нужен контактный телефон ответственного лица (R6)",
    "The ticket needs the desired date and time of the visit (R6)":
        "В заявке нужны желаемые дата и время прихода специалиста (R6)",
    "The ticket needs the intercom code, or 'no intercom' ticked (R6)":
        "В заявке нужен код домофона или отметка «нет домофона» (R6)",
    "The ticket needs a description of what is wrong":
        "В заявке нужно описание неисправности",
    # R4, R13, R14: how a call may end
    "An unverified caller gets no consultation (R13): choose another outcome":
        "Непроверенный звонящий не консультируется (R13): выберите другой итог",
    "No consultation outside service hours (R4): choose another outcome":
        "Вне часов работы консультаций нет (R4): выберите другой итог",
    "No consultation with a balance that is not positive (R14)":
        "При неположительном балансе консультаций нет (R14)",
    "No ticket was saved in this call": "В этом звонке заявка не сохранена",
    "No callback was booked in this call": "В этом звонке обратный звонок не назначен",
    "That refusal reason does not fit the facts of this call":
        "Эта причина отказа не соответствует этому звонку",
    "The call has already ended": "Звонок уже завершён",
    # R8, D10: who cancelled
    "Who asks to cancel?": "Кто отменяет?",
    "The client": "Клиент",
    "The responsible person": "Ответственное лицо",
    "Who cancelled: the client or the responsible person?":
        "Кто отменил: клиент или ответственное лицо?",
    # R4: the mode changes during a call
    "Service hours are over: from now on intake only, no consultation (R4).":
        "Часы работы закончились: дальше только приём заявок, без консультаций (R4).",
    "Service hours have begun: consultation is allowed now (R1).":
        "Часы работы начались: теперь можно консультировать (R1).",
    # R10, D15: what the client is told
    "Say: the technician will come on {day} between {start} and {end}; "
    "the work will take about {duration}.":
        "Скажите: специалист придёт {day} с {start} до {end}, работа займёт около {duration}.",
    "Say: the technician will come on {day} at {start}; the work will take about {duration}.":
        "Скажите: специалист придёт {day} в {start}, работа займёт около {duration}.",
    "Say: your request will be handled by {due}.":
        "Скажите: ваша заявка будет обработана до {due}.",
    "Say: we will call you back on {due}.": "Скажите: мы перезвоним вам {due}.",
    "Say honestly: no technician is free yet for your time; we will call you "
    "as soon as a visit time is found.":
        "Скажите честно: свободного специалиста на ваше время пока нет; мы позвоним, "
        "как только найдётся время визита.",
    "{h} h {m} min": "{h} ч {m} мин",
    "{h} h": "{h} ч",
    "{time} ±{n} min": "{time} ±{n} мин",
    "time found": "время найдено",
    "confirm message": "подтвердить сообщение",
    "confirm web question": "подтвердить вопрос с сайта",
    "Hello, this is technical support, about your question on our website. "
    "The technician can come on {new}; the responsible person must know the details, "
    "give access and sign the act (R7). Is that convenient for you?":
        "Здравствуйте, это техническая поддержка, по вашему вопросу на сайте. "
        "Специалист может прийти {new}; ответственное лицо должно знать подробности, "
        "обеспечить доступ и подписать акт (R7). Вам удобно?",
    "Hello, this is technical support. A technician can now come on {new}. "
    "Is that convenient for you?":
        "Здравствуйте, это техническая поддержка. Специалист может прийти {new}. "
        "Вам удобно?",
    "Hello, this is technical support, about your message on the answering machine. "
    "The technician can come on {new}; the responsible person must know the details, "
    "give access and sign the act (R7). Is that convenient for you?":
        "Здравствуйте, это техническая поддержка, по вашему сообщению на автоответчике. "
        "Специалист может прийти {new}; ответственное лицо должно знать подробности, "
        "обеспечить доступ и подписать акт (R7). Вам удобно?",
    # R16: a call left open by a killed terminal
    "interrupted": "прерван",
    "Interrupted: the console was closed mid-call": "Прерван: консоль закрылась во время звонка",
    "Call №{id} of {time} was left open when the console closed; "
    "it is recorded as interrupted at {end}.":
        "Звонок №{id} от {time} остался открытым, когда консоль закрылась; "
        "он записан как прерванный в {end}.",
    # D14: a ticket's history
    "History": "История",
    "{n} events": "событий: {n}",
    "created: {task}, priority {priority}, channel {channel}":
        "создана: {task}, приоритет {priority}, канал {channel}",
    "told: no technician free yet": "сообщено: свободного специалиста пока нет",
    "told: arrival {start}-{end}, about {minutes} min of work":
        "сообщено: приход {start}-{end}, работа около {minutes} мин",
    "told: handled by {due}": "сообщено: обработаем до {due}",
    "told: {time}": "сообщено: {time}",
    "priority {old} → {new}: {reason}": "приоритет {old} → {new}: {reason}",
    "the client": "клиент",
    "the responsible person": "ответственное лицо",
    "not recorded": "не записано",
    "cancelled, asked by {who}: {reason}": "отменена, попросил(а) {who}: {reason}",
    "moved by a re-plan: {old} → {new}": "перенесена при перепланировании: {old} → {new}",
    "put on the notify list": "в списке на оповещение",
    "notify item withdrawn: the visit is back near the told time":
        "оповещение снято: визит вернулся к сообщённому времени",
    "notified: {result}": "оповещение: {result}",
    "the client cancels": "клиент отменяет",
    "told we will call back": "сказали, что перезвоним",
    "the technician is on site": "специалист на месте",
    "the visit did not happen: back to the planner": "выезд не состоялся: снова в плане",
    "visit pinned": "выезд закреплён",
    "visit unpinned: the planner may move it": "выезд откреплён: план может его сдвигать",
    "technician chosen": "выбран специалист",
    "visit booked by the dispatcher": "выезд записан диспетчером",
    "visit moved by the dispatcher": "выезд перенесён диспетчером",
    "entered from the answering machine": "введена с автоответчика",
    "phone call": "звонок",
    "answering machine": "автоответчик",
    "added in a call: {text}": "дописано в звонке: {text}",
    "visit finished, the act signed by {who}": "выезд завершён, акт подписал(а) {who}",
    "act {act}: {total}": "акт {act}: {total}",
    "no-show (D18): item 1.1 charged, {amount}": "неявка (D18): начислена позиция 1.1, {amount}",
    "no-show (D18) not charged: {reason}": "неявка (D18) без начисления: {reason}",
    "callback: {result}": "обратный звонок: {result}",
    "a ticket taken": "оформлена заявка",
    "booked again": "перенесён",
    "late cancellation charged (R8)": "поздняя отмена оплачивается (R8)",
    "late cancellation waived: {reason}": "поздняя отмена без оплаты: {reason}",
    # D17: priority moves
    "priority {new} instead of class {old}: ": "приоритет {new} вместо класса {old}: ",
    # D16: answering-machine intake
    "Machine": "Автоответчик",
    "Enter the answering machine's messages (D16)": "Ввести сообщения автоответчика (D16)",
    "Enter the message": "Ввести сообщение",
    "Answering machine: enter the messages (D16)": "Автоответчик: ввод сообщений (D16)",
    "Messages on the machine": "Сообщений на автоответчике",
    "how many; Enter": "сколько; Enter",
    "Left at": "Оставлено в",
    "07:40 or 30.11 22:15": "07:40 или 30.11 22:15",
    "as heard": "как услышано",
    "Phone": "Телефон",
    "as the message says": "как в сообщении",
    "25.11 14:30, tomorrow 11": "25.11 14:30, завтра 11",
    "Task type": "Вид задачи",
    "Ctrl+S: enter the message · Esc: close": "Ctrl+S: ввести сообщение · Esc: закрыть",
    "Noted: {n} messages on the machine.": "Записано: на автоответчике {n} сообщений.",
    "The message is kept with its phone for a callback.":
        "Сообщение сохранено с телефоном для обратного звонка.",
    "Ticket №{id} is queued ({eta}); a confirmation call waits on the notify list.":
        "Заявка №{id} в очереди ({eta}); звонок для подтверждения ждёт в списке оповещения.",
    "Keep it for a callback": "Сохранить для обратного звонка",
    "Back to the message": "Вернуться к сообщению",
    "The number and surname from the message do not match a contract: "
    "keep it as unidentified for a callback?":
        "Номер и фамилия из сообщения не совпадают с договором: "
        "сохранить как неопознанное для обратного звонка?",
    "The message cannot have been left in the future":
        "Сообщение не может быть оставлено в будущем",
    "Give the phone the message came from, e.g. +7 903 969-14-45":
        "Укажите телефон, с которого пришло сообщение, например +7 903 969-14-45",
    "Give the number of messages on the machine (0-999)":
        "Укажите число сообщений на автоответчике (0-999)",
    "Type when the message was left, e.g. 07:40 or 30.11 22:15":
        "Укажите, когда оставлено сообщение, например 07:40 или 30.11 22:15",
    "Machine {n}": "АО {n}",
    "On the machine: {n}": "На автоответчике: {n}",
    "+7 903 969-14-45": "+7 903 969-14-45",
    "A visit starts only inside the visit window of a working day (R3)":
        "Визит начинается только в окне выездов рабочего дня (R3)",
    "Kept for a callback (not identified), Ctrl+O: called back:":
        "Сохранены для обратного звонка (не опознаны), Ctrl+O — перезвонили:",
    "Called back": "Перезвонили",
    "A callback is a call: 10:00-18:00 on a working day (R1)":
        "Обратный звонок — это звонок: с 10:00 до 18:00 в рабочий день (R1)",
}
