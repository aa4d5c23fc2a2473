"""Russian for the sentences of the pure rules: call scripts, form errors, the R7 checklist.

Keys are the English constants of `console.rules.eligibility`, `console.rules.validation` and
`console.rules.when`; a unit test keeps this dict complete.
"""

from __future__ import annotations

RU: dict[str, str] = {
    # Call scripts (R1, R2, R4, R13-R16)
    "Please tell me the contract number and the surname of the contract holder.":
        "Назовите, пожалуйста, номер договора и фамилию, на кого он заключён.",
    "The contract number and the surname do not match our records. "
    "Please check them and tell me again.":
        "Номер договора и фамилия не совпадают с нашими данными. "
        "Проверьте, пожалуйста, и назовите ещё раз.",
    "Phone support is given with a positive balance only. Please settle the balance "
    "through billing, and we will gladly help you after that.":
        "Техническая поддержка по телефону оказывается только при положительном балансе. "
        "Пожалуйста, пополните баланс через биллинг — после этого мы с радостью поможем.",
    "Consultations are given 10:00-18:00 on working days; now we can only take your ticket.":
        "Консультации — с 10:00 до 18:00 в рабочие дни; сейчас мы можем только принять заявку.",
    "Thank you, the contract is confirmed. How can I help you?":
        "Спасибо, договор подтверждён. Чем могу помочь?",
    "This call is recorded for quality control.":
        "Разговор записывается для контроля качества.",
    "We have not solved the problem in 15 minutes. I can book a technician visit "
    "or call you back later to continue.":
        "За 15 минут решить проблему не удалось. Могу оформить выезд специалиста "
        "или перезвонить вам позже и продолжить.",
    "Technical support handles technical network problems only. For payments, "
    "switching the service on on credit and checking bank transfers, please contact "
    "the accounts (billing) department.":
        "Техническая поддержка решает только технические вопросы работы сети. По оплате, "
        "включению «в долг» и проверке безналичных платежей обратитесь, пожалуйста, "
        "в абонентский (расчётный) отдел.",
    "Financial question": "Финансовый вопрос",
    "Switch on on credit": "Включить «в долг»",
    "Check a bank payment": "Проверить безналичный платёж",
    "Another non-technical question": "Другой нетехнический вопрос",
    "Technical support handles technical network problems only; for other questions "
    "please call the main line (499) 245 6777 (R19).":
        "Техническая поддержка решает только технические проблемы сети; по другим вопросам "
        "звоните на основной номер (499) 245 6777 (R19).",
    "Technical support does not handle financial questions; "
    "please contact the accounts (billing) department.":
        "Техническая поддержка не решает финансовые вопросы; "
        "обратитесь, пожалуйста, в абонентский (расчётный) отдел.",
    "Technical support cannot switch the service on on credit; please settle the balance "
    "or contact the accounts (billing) department.":
        "Техническая поддержка не включает услуги «в долг»; пополните, пожалуйста, баланс "
        "или обратитесь в абонентский (расчётный) отдел.",
    "Technical support does not check whether bank payments have arrived; "
    "please contact the accounts (billing) department.":
        "Техническая поддержка не проверяет прохождение безналичных платежей; "
        "обратитесь, пожалуйста, в абонентский (расчётный) отдел.",
    # Ticket form (R6, D4)
    "Required": "Обязательное поле",
    "Control characters are not allowed": "Управляющие символы недопустимы",
    "Only letters, spaces, hyphens, apostrophes and dots":
        "Только буквы, пробелы, дефисы, апострофы и точки",
    "From 2 to 100 characters, at least 2 letters": "От 2 до 100 символов, минимум 2 буквы",
    "Not a valid phone number, e.g. +7 903 969-14-45":
        "Неверный номер телефона, пример: +7 903 969-14-45",
    "A mobile number is preferred. Accept the landline?":
        "Предпочтителен мобильный номер. Принять городской?",
    "Give the intercom code or tick 'no intercom'":
        "Укажите код домофона или отметьте «нет домофона»",
    "Clear the intercom code or untick 'no intercom'":
        "Сотрите код домофона или снимите отметку «нет домофона»",
    "Only digits, Latin or Cyrillic letters, #, *, -, / and spaces":
        "Только цифры, латинские или русские буквы, #, *, -, / и пробелы",
    "At most 20 characters": "Не больше 20 символов",
    "At most 2000 characters": "Не больше 2000 символов",
    "Give a reason of 5 to 500 characters": "Укажите причину: от 5 до 500 символов",
    # R7 checklist (D13: passwords are never told to us)
    "Know the details: which computer is faulty, where the LAN cables run and where the "
    "central device (gateway) is; have the passwords to boot it ready for the technician "
    "(do not tell them to us)":
        "Знать подробности: на каком компьютере неисправность, где проходят кабели ЛВС и где "
        "центральное устройство (шлюз); подготовить для специалиста пароли для загрузки "
        "компьютера (нам их не сообщать)",
    "Give access to the entrance, the premises, the computer, the central device "
    "and the floor panel, and provide a 220 V socket for the equipment":
        "Обеспечить доступ в подъезд, в помещение, к компьютеру, к центральному устройству "
        "и к этажному щитку, предоставить розетку 220 В для оборудования",
    "Have the authority to accept the work and sign the completion act":
        "Иметь право принять работу и подписать акт",
    # Desired visit time (R3, R6)
    "Give the desired date and time of the visit": "Укажите желаемые дату и время выезда",
    "Not understood: type e.g. 25.11 14:30, tomorrow 11 or fri 10:30":
        "Не понял: введите, например, 25.11 14:30, завтра 11 или пт 10:30",
    "Give a time too, e.g. 25.11 14:30": "Укажите и время, например 25.11 14:30",
    "Write the time with a colon (14:30), or put the date or day first":
        "Время пишите через двоеточие (14:30) или укажите сначала дату или день",
    "No such date": "Такой даты нет",
    "No such time": "Такого времени нет",
    "That time has already passed": "Это время уже прошло",
    "That is more than a year ahead": "Это больше чем через год",
    "{date} is a day off": "{date} — выходной день",
    "{date} is a day off: {name}": "{date} — нерабочий день: {name}",
    "Calls are made from {start} to {end}: call at {start} at the earliest":
        "Звонки — с {start} до {end}: позвонить не раньше {start}",
    "A {minutes}-minute call must end by {end}: call at {latest} at the latest":
        "Звонок на {minutes} мин должен закончиться к {end}: позвонить не позже {latest}",
    "A {minutes}-minute call does not fit the phone hours {start}-{end}":
        "Звонок на {minutes} мин не помещается в часы звонков {start}-{end}",
    "Technicians visit from {start} to {end}: start at {start} at the earliest":
        "Специалисты выезжают с {start} до {end}: начало не раньше {start}",
    "A {minutes}-minute visit must end by {end}: start at {latest} at the latest":
        "Выезд на {minutes} мин должен закончиться к {end}: начало не позже {latest}",
    "A {minutes}-minute visit does not fit the visit window {start}-{end}":
        "Выезд на {minutes} мин не помещается в окно выездов {start}-{end}",
}
