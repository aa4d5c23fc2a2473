"""Russian for F5 (the claims register) and F6 (HelpDesk questions)."""

from __future__ import annotations

RU: dict[str, str] = {
    # Claim rules and service refusals
    "The incident period ends before it starts": "Период инцидента заканчивается раньше начала",
    "The incident date lies after the day the claim was received":
        "Дата инцидента позже дня получения претензии",
    "The claim cannot be received in the future": "Претензия не может быть получена в будущем",
    "A claim by e-mail carries no handwritten signature: record it with s "
    "when the signed original or a fax arrives":
        "В претензии по e-mail нет собственноручной подписи: отметьте её клавишей s, "
        "когда придёт подписанный оригинал или факс",
    "Unknown channel": "Неизвестный канал",
    "Unknown reply channel": "Неизвестный способ ответа",
    "Hand the claim to the director first (d): the director answers or rejects it (R18)":
        "Сначала передайте претензию директору (d): отвечает или отклоняет её директор (R18)",
    "The claim cannot move to that status from where it is":
        "Из текущего статуса претензию нельзя перевести в этот",
    "The reply date is before the claim was received": "Дата ответа раньше получения претензии",
    "The reply date is in the future": "Дата ответа в будущем",
    "Give the reply text or the outgoing letter number":
        "Укажите текст ответа или исходящий номер письма",
    "Give the reason for the rejection": "Укажите причину отказа",
    "The signature is already recorded": "Подпись уже отмечена",
    "An answered or rejected claim stays as it was answered":
        "Отвеченная или отклонённая претензия не изменяется",
    "Complete": "Дополнить",
    "Complete or correct the claim's R17 fields": "Дополнить или исправить поля претензии (R17)",
    "Discard changes": "Отменить правки",
    "Missing (R17): {fields}. It stays incomplete (D12).":
        "Не хватает (R17): {fields}. Претензия останется неполной (D12).",
    "{number} saved.": "{number} сохранена.",
    "Claim {number}: complete or correct (R17)":
        "Претензия {number}: дополнить или исправить (R17)",
    "Ctrl+S: save · Esc: close, the draft is kept · Ctrl+D: back to what is stored":
        "Ctrl+S: сохранить · Esc: закрыть, черновик сохранится · Ctrl+D: вернуть сохранённое",
    "The claim was changed on another console: look again and repeat":
        "Претензию изменили на другом рабочем месте: посмотрите ещё раз и повторите",
    "No such claim": "Такой претензии нет",
    "A field is too long": "Слишком длинное значение поля",
    "An answered or rejected claim stays in the register":
        "Отвеченная или отклонённая претензия остаётся в реестре",
}

RU.update({
    # F5: the register
    "Number": "Номер",
    "Received": "Получена",
    "Due date": "Срок",
    "Left": "Осталось",
    "Came by": "Канал",
    "Holder": "Владелец",
    "What happened": "Что произошло",
    "{n} w.d.": "{n} р.д.",
    "open": "открытые",
    "all": "все",
    "any channel": "любой канал",
    "Text: number, holder, what happened": "Текст: номер, владелец, что произошло",
    "No claims.": "Претензий нет.",
    "no such contract": "нет такого договора",
    "Missing (R17)": "Не хватает (R17)",
    "registered": "зарегистрирована",
    "incomplete": "неполная",
    "with the director": "у директора",
    "answered": "отвечена",
    "rejected": "отклонена",
    "Post": "Почта",
    "Fax": "Факс",
    "In person": "Лично",
    "E-mail (scanned letter)": "E-mail (скан письма)",
    "Official letter": "Официальное письмо",
    "E-mail": "E-mail",
    "Phone call": "Телефонный звонок",
    # F5 keys
    "New claim": "Новая претензия",
    "Register a claim": "Зарегистрировать претензию",
    "Signed": "Подписана",
    "The signed original or a fax arrived": "Пришёл подписанный оригинал или факс",
    "To director": "Директору",
    "Hand the claim to the general director": "Передать претензию генеральному директору",
    "Answer": "Ответ",
    "Record the director's answer": "Записать ответ директора",
    "Reject": "Отклонить",
    "Record a rejection with reason": "Записать отказ с причиной",
    "Letter": "Письмо",
    "Write the reply letter (PDF)": "Сформировать письмо-ответ (PDF)",
    "Delete": "Удалить",
    "Delete a claim registered by mistake": "Удалить ошибочно зарегистрированную претензию",
    "Filter the register": "Фильтр реестра",
    "Register": "Зарегистрировать",
    # F5 form
    "New claim (R17)": "Новая претензия (R17)",
    "Received (date, time)": "Получена (дата, время)",
    "empty: now; 24.11.2026 10:30": "пусто — сейчас; 24.11.2026 10:30",
    "Holder's full name": "ФИО владельца договора",
    "Address for the reply": "Адрес для ответа",
    "empty: the contract's address": "пусто — адрес из договора",
    "What happened, with any detail": "Что произошло, с подробностями",
    "Incident date (from)": "Дата инцидента (с)",
    "Incident until (a period)": "Инцидент по (период)",
    "empty: one day": "пусто — один день",
    "Company specialist": "Специалист компании",
    "Reply by": "Способ ответа",
    "not stated": "не указан",
    "Signed by the holder": "Подписана владельцем",
    "Missing (R17): {fields}. It will be registered as incomplete (D12).":
        "Не хватает (R17): {fields}. Претензия будет зарегистрирована как неполная (D12).",
    "All R17 fields are given.": "Все поля R17 заполнены.",
    "Ctrl+S: register · Esc: close without saving":
        "Ctrl+S — зарегистрировать · Esc — закрыть без сохранения",
    "holder's full name": "ФИО владельца",
    "contract number": "номер договора",
    "contact phone": "контактный телефон",
    "what happened": "что произошло",
    "incident date or period": "дата или период инцидента",
    "company specialist": "специалист компании",
    "reply channel": "способ ответа",
    "holder's signature": "подпись владельца",
    # F5 messages
    "Registered {number}; due {due}.": "Зарегистрирована {number}; срок {due}.",
    "Incomplete: {fields}.": "Неполная: {fields}.",
    "No such contract: kept as typed.": "Такого договора нет: номер сохранён как введён.",
    "Signature recorded for {number}": "Подпись отмечена: {number}",
    "{number} is with the director": "{number} передана директору",
    "{number} answered": "{number}: ответ записан",
    "{number} rejected": "{number} отклонена",
    "{number} deleted; the number is not reused":
        "{number} удалена; номер больше не используется",
    "Reject claim {number}": "Отклонить претензию {number}",
    "The director's reason": "Причина, указанная директором",
    "Delete claim {number}": "Удалить претензию {number}",
    "Why (e.g. registered twice)?": "Почему (например, зарегистрирована дважды)?",
    "The reply letter is written for an answered claim":
        "Письмо-ответ формируется для отвеченной претензии",
    "Reply letter written: {path}": "Письмо-ответ сохранено: {path}",
    # F5 dialogs
    "Claim {number}": "Претензия {number}",
    "Incident": "Инцидент",
    "Answered": "Дата ответа",
    "Answered by": "Кто ответил",
    "Letter number": "Исходящий номер",
    "Reply": "Ответ",
    "Rejected": "Отклонена",
    "History": "История",
    "signature recorded": "подпись отмечена",
    "corrected": "исправлена",
    "channel": "канал",
    "deleted": "удалена",
    "holder": "владелец",
    "contract": "договор",
    "phone": "телефон",
    "incident": "дата инцидента",
    "specialist": "специалист",
    "reply by": "способ ответа",
    "signature": "подпись",
    "address": "адрес",
    "handed to the director": "передана директору",
    "reply letter written": "сформировано письмо-ответ",
    "Answer to claim {number}": "Ответ на претензию {number}",
    "Reply date": "Дата ответа",
    "Sent by": "Отправлен через",
    "e.g. 123/П": "например, 123/П",
    "Reply text": "Текст ответа",
    "Ctrl+S: save the answer · Esc: back": "Ctrl+S — сохранить ответ · Esc — назад",
    "Type a date as 24.11.2026 (or 24.11 for this year)":
        "Введите дату как 24.11.2026 (или 24.11 для текущего года)",
    "Type the date and time as 24.11.2026 10:30 (empty: now)":
        "Введите дату и время как 24.11.2026 10:30 (пусто — сейчас)",
})


RU.update({
    # F6: importing questions (the command line and the inbox)
    "{file}: {added} added, {unchanged} already there, {refused} refused":
        "{file}: добавлено {added}, уже были {unchanged}, отклонено {refused}",
    "{file}: larger than 50 MB, not a HelpDesk export":
        "{file}: больше 50 МБ, это не выгрузка HelpDesk",
    "{file}: cannot read ({error})": "{file}: не читается ({error})",
    "{file}: not UTF-8 text": "{file}: не текст в UTF-8",
    "{file}: not JSON ({error})": "{file}: не JSON ({error})",
    "{file}: expected a JSON array of questions": "{file}: ожидается JSON-массив вопросов",
    "record {n}": "запись {n}",
    "the same id appears earlier in the file": "такой id уже был выше в файле",
    "not a JSON object": "не JSON-объект",
    "missing field {field}": "нет поля {field}",
    "field {field} is not text": "поле {field} не строка",
    "field {field} is empty": "поле {field} пустое",
    "field {field} is longer than {limit} characters": "поле {field} длиннее {limit} символов",
    "received_at {value!r} is not an ISO 8601 time with an offset":
        "received_at {value!r} — не время ISO 8601 со смещением",
    "received_at {value!r} is in the future": "received_at {value!r} — в будущем",
    "received_at {value!r} is before 2000": "received_at {value!r} — раньше 2000 года",
    "A question cannot be received in the future": "Вопрос не может быть получен в будущем",
    "Received: give a date from 2000 on": "Получен: укажите дату не раньше 2000 года",
    "{file}: not JSON (nested too deeply)": "{file}: не JSON (слишком глубокая вложенность)",
    # F6: refusals
    "The question was changed on another console: look again":
        "Вопрос изменили на другом рабочем месте: посмотрите ещё раз",
    "No such question": "Такого вопроса нет",
    "The question already has its reaction": "На вопрос уже есть реакция",
    "Unknown reaction": "Неизвестная реакция",
    "Write the reply to the client": "Напишите ответ клиенту",
    "The reply is too long": "Слишком длинный ответ",
    "A ticket needs a contract: this question has none":
        "Для заявки нужен договор: у этого вопроса его нет",
})

RU.update({
    # F6: time left (D11)
    "{m} min": "{m} мин",
    "{h} h {m} min": "{h} ч {m} мин",
    "{n} working day": "{n} раб. день",
    "{n} working days (2-4)": "{n} раб. дня",
    "{n} working days": "{n} раб. дней",
    "{time} left": "осталось {time}",
    "overdue by {time}": "просрочено на {time}",
    "overdue": "просрочено",
})

RU.update({
    # F6: the list
    "Time left": "Осталось",
    "Client": "Клиент",
    "Subject": "Тема",
    "waiting": "ждёт реакции",
    "answer given": "дан ответ",
    "ticket taken": "принята заявка",
    "out of scope (R2)": "не по адресу (R2)",
    "No questions waiting.": "Вопросов, ждущих реакции, нет.",
    "Filter: contract, client, subject, text": "Фильтр: договор, клиент, тема, текст",
    "HelpDesk question": "Вопрос HelpDesk",
    "Question": "Вопрос",
    # F6 keys
    "Answer the question": "Ответить на вопрос",
    "Ticket": "Заявка",
    "Take a ticket and reply that it is taken": "Принять заявку и ответить, что она принята",
    "Out of scope": "Не по адресу",
    "Not a technical question: refer the client (R2)":
        "Не технический вопрос: перенаправить клиента (R2)",
    "New": "Новый",
    "Type a question in by hand": "Ввести вопрос вручную",
    "All/waiting": "Все/ждущие",
    "Show answered questions too, or only those waiting":
        "Показать и отвеченные вопросы, или только ждущие",
    "Filter by any text": "Фильтр по любому тексту",
    "Send": "Отправить",
    "R7 read out": "R7 зачитано",
    # F6 dialogs and messages
    "Ctrl+S: send the reply · Esc: back": "Ctrl+S — отправить ответ · Esc — назад",
    "New HelpDesk question": "Новый вопрос HelpDesk",
    "Ctrl+S: save · Esc: back": "Ctrl+S — сохранить · Esc — назад",
    "Answer to the client": "Ответ клиенту",
    "Answer saved": "Ответ сохранён",
    "Out of scope (R2): referral to the client": "Не по адресу (R2): куда обратиться клиенту",
    "Referred as out of scope (R2)": "Отмечен как не по адресу (R2)",
    "Your question is taken as ticket {ticket}; we will contact you to agree the time.":
        "По вашему вопросу принята заявка {ticket}; мы свяжемся с вами, чтобы согласовать "
        "время.",
    "Ticket {ticket} taken; the reply is sent": "Заявка {ticket} принята; ответ отправлен",
    "Ticket from HelpDesk question, contract {number}":
        "Заявка по вопросу HelpDesk, договор {number}",
    "Question added": "Вопрос добавлен",
    "HelpDesk inbox": "Входящие HelpDesk",
})

RU.update({
    "Contract {number}: no such contract": "Договор {number}: такого договора нет",
})

RU.update({
    # F5: the claim form's draft (D14)
    "Discard draft": "Удалить черновик",
    "Ctrl+S: register · Esc: close, the draft is kept · Ctrl+D: discard the draft":
        "Ctrl+S — зарегистрировать · Esc — закрыть, черновик сохранится · "
        "Ctrl+D — удалить черновик",
    "Draft of {time} restored": "Восстановлен черновик от {time}",
    "Draft discarded": "Черновик удалён",
})
