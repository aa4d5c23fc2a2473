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
