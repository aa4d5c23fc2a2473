"""D13: no passwords to client computers are stored. Text that looks like one is flagged.

The R7 checklist tells the client to have the passwords ready for the technician; a dispatcher
who types one into the description anyway ("пароль 1234", "pass: qwerty", "пароль от роутера
admin123") is stopped at once, next to the field, and the service refuses it too. Words about a
password without a value ("пароль клиент знает", "забыл пароль") pass.
"""

from __future__ import annotations

import re

_KEYWORD = r"(?:парол\w*|пасс?ворд\w*|pass(?:word|wd)?|pwd|пин(?:-?код)?|pin(?:[- ]?code)?)"
# keyword, up to three short words (от роутера, для wifi), then ":"/"=" and a value, or a value
# with a digit in it.
_PASSWORD = re.compile(
    rf"(?<![\w]){_KEYWORD}(?![\w])"
    r"(?:\s+(?:\w{1,12}\s+){0,3}?)?"
    r"(?:\s*[:=]\s*\S{2,}|\s*[-–—]?\s*\S*\d\S*)",
    re.IGNORECASE,
)


def looks_like_password(text: str) -> bool:
    return bool(_PASSWORD.search(text or ""))
