"""Display formats shared by the screens: Moscow times, ETA windows (R10), ages, shifts."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from console.i18n import t

MSK = ZoneInfo("Europe/Moscow")
NBSP = "\u00a0"  # a no-break space: a number and its unit never part at a line end


def hm(value: datetime | None, tz: ZoneInfo = MSK) -> str:
    """'25.11 13:00' in Moscow time, '' for nothing."""
    return value.astimezone(tz).strftime("%d.%m %H:%M") if value is not None else ""


# R10/D9: policy.toml's eta_accuracy_min; the app sets it at start (`set_eta_accuracy`).
_ACCURACY = {"minutes": 60}


def set_eta_accuracy(minutes: int) -> None:
    _ACCURACY["minutes"] = minutes


def eta_window(value: datetime | None, tz: ZoneInfo = MSK) -> str:
    """R10: the ETA told to a client is accurate to within the policy's accuracy (one hour):
    '25.11 13:00 ±1 h'. No-break spaces: the '±1 h' never wraps away from its time."""
    if value is None:
        return ""
    minutes = _ACCURACY["minutes"]
    if minutes == 60:
        text = t("{time} ±1 h", time=hm(value, tz))
    else:
        text = t("{time} ±{n} min", time=hm(value, tz), n=minutes)
    head, sep, tail = text.partition(" ±")
    return head + NBSP + "±" + tail.replace(" ", NBSP) if sep else text


def age(created: datetime, now: datetime) -> str:
    """How long a ticket has waited: '45 min', '3 h', '2 d'."""
    minutes = max(0, int((now - created).total_seconds() // 60))
    if minutes < 60:
        return t("{n} min", n=minutes)
    if minutes < 48 * 60:
        return t("{n} h", n=minutes // 60)
    return t("{n} d", n=minutes // (24 * 60))


def shift(delta: timedelta | None) -> str:
    """How far a reshuffle moved a visit: '+1:30', '-0:15', or 'no slot'."""
    if delta is None:
        return t("no slot")
    sign = "-" if delta < timedelta(0) else "+"
    minutes = abs(int(delta.total_seconds() // 60))
    return f"{sign}{minutes // 60}:{minutes % 60:02d}"
