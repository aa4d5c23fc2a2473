"""Russian for several consoles on one database: presence, sync, saving, database trouble."""

from __future__ import annotations

RU: dict[str, str] = {
    "Also online: {names}": "Также в сети: {names}",
    "+{n} online": "+{n} в сети",
    "Open at {name}'s console since {time}": "открыто у {name} с {time}",
}
RU.update({
    "Open elsewhere": "Открыто на другом пульте",
})
RU.update({
    "Database unavailable: {problem}. Everything typed stays on screen; retrying by itself.":
        "База данных недоступна: {problem}. Всё введённое остаётся на экране; повторяю сам.",
    "the disk is full": "диск заполнен",
    "the database file was deleted or moved": "файл базы удалён или перемещён",
    "the database is locked by another program": "база занята другой программой",
    "no permission to write the database": "нет прав на запись в базу",
    "the database file is missing or cannot be opened": "файла базы нет или он не открывается",
    "the database file cannot be read": "файл базы не читается",
    "the database server cannot be reached": "сервер базы недоступен",
    "the database failed": "ошибка базы данных",
    "The ticket is being saved: wait for the answer.":
        "Заявка сохраняется: дождитесь ответа.",
    "Saving the ticket…": "Сохраняю заявку…",
    "Not saved: {problem}. The form is kept: press Ctrl+S again.":
        "Не сохранено: {problem}. Форма на месте: нажмите Ctrl+S ещё раз.",
    "Not saved yet: {problem}. The form is kept; trying again in {n} s.":
        "Пока не сохранено: {problem}. Форма на месте; повтор через {n} с.",
})
RU.update({
    "This looks like a password: passwords are not recorded (D13). Remove it; the client "
    "keeps it ready for the technician":
        "Похоже на пароль: пароли не записываем (D13). Удалите его — клиент держит пароль "
        "наготове для техника",
})
RU.update({
    "Unsaved text waits in: {places}. Open the same window: it comes back.":
        "Несохранённый текст ждёт: {places}. Откройте то же окно — текст вернётся.",
    "a new claim (F5, n)": "новая претензия (F5, n)",
    "“{title}”": "«{title}»",
})
RU.update({
    "Last change: {what} ({who}, {time}).": "Последнее изменение: {what} ({who}, {time}).",
    "claim registered": "претензия зарегистрирована",
    "sent to the director": "передана директору",
    "claim answered": "дан ответ на претензию",
    "claim rejected": "претензия отклонена",
    "claim deleted": "претензия удалена",
    "question answered": "дан ответ на вопрос",
    "a ticket was made of it": "по нему создана заявка",
    "referred (R2)": "перенаправлен (R2)",
})
