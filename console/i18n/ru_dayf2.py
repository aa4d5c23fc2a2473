"""Russian for the F2 working day: error reports, callbacks as work, the call's fixes."""

from __future__ import annotations

RU: dict[str, str] = {
    # The app's error handler
    "Unexpected error: {error}. It is logged in {path}; the console goes on "
    "and nothing typed was lost.":
        "Непредвиденная ошибка: {error}. Она записана в {path}; консоль работает дальше, "
        "ничего из набранного не потеряно.",
}
