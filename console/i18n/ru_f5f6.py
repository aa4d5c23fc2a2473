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
    "The claim cannot move to that status from where it is":
        "Из текущего статуса претензию нельзя перевести в этот",
    "The reply date is before the claim was received": "Дата ответа раньше получения претензии",
    "The reply date is in the future": "Дата ответа в будущем",
    "Give the reply text or the outgoing letter number":
        "Укажите текст ответа или исходящий номер письма",
    "Give the reason for the rejection": "Укажите причину отказа",
    "The signature is already recorded": "Подпись уже отмечена",
    "The claim was changed on another console: look again and repeat":
        "Претензию изменили на другом рабочем месте: посмотрите ещё раз и повторите",
    "No such claim": "Такой претензии нет",
    "A field is too long": "Слишком длинное значение поля",
    "An answered or rejected claim stays in the register":
        "Отвеченная или отклонённая претензия остаётся в реестре",
}
