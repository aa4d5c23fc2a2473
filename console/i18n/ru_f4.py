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
}
