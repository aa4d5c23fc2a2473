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
}
