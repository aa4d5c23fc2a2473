"""The ticket form's fields (R6), the R7 checklist read out at intake, and no passwords (D13).

Pure: each check takes the typed text and returns the cleaned value and an error key, or None
when the value is fine. Error keys are English sentences the UI translates through
`console.i18n.t` (Russian in `console/i18n/ru_rules.py`). The desired visit time is parsed in
`console.rules.when`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Iterable
from typing import NamedTuple

from console.rules.normalize import clean_text, is_mobile, phone_e164
from console.rules.secrets import looks_like_password

NAME_MIN, NAME_MAX = 2, 100
INTERCOM_MAX = 20
PHONE_MAX = 32  # longer is junk (parse_phone would read only its head)
DESCRIPTION_MAX = 2000
REASON_MIN, REASON_MAX = 5, 500

ERR_REQUIRED = "Required"
ERR_CONTROL = "Control characters are not allowed"
ERR_NAME_CHARS = "Only letters, spaces, hyphens, apostrophes and dots"
ERR_NAME_LENGTH = "From 2 to 100 characters, at least 2 letters"
ERR_PHONE_INVALID = "Not a valid phone number, e.g. +7 903 969-14-45"
# R6: not an error: the form asks and the dispatcher accepts the landline explicitly.
CONFIRM_LANDLINE = "A mobile number is preferred. Accept the landline?"
ERR_INTERCOM_REQUIRED = "Give the intercom code or tick 'no intercom'"
ERR_INTERCOM_BOTH = "Clear the intercom code or untick 'no intercom'"
ERR_INTERCOM_CHARS = "Only digits, Latin or Cyrillic letters, #, *, -, / and spaces"
ERR_INTERCOM_LENGTH = "At most 20 characters"
ERR_DESCRIPTION_LENGTH = "At most 2000 characters"
ERR_PASSWORD = ("This looks like a password: passwords are not recorded (D13). Remove it; "
                "the client keeps it ready for the technician")
ERR_REASON_LENGTH = "Give a reason of 5 to 500 characters"

_SPACES = re.compile(r"\s+")
# Hyphen-like and apostrophe-like characters people type in names, folded to one each.
_HYPHENS = str.maketrans({c: "-" for c in "‐‑‒–—―"})
_APOSTROPHES = str.maketrans({c: "'" for c in "’‘ʼ`´"})
_NAME_PUNCT = frozenset(" -'.")
_INTERCOM = re.compile(r"[0-9A-Za-zА-Яа-яЁё#*\-/ ]+")
_INTERCOM_ALNUM = re.compile(r"[0-9A-Za-zА-Яа-яЁё]")

Checked = tuple[str, str | None]


def has_control(text: str) -> bool:
    """True when `text` holds a control, format or unassigned character (Unicode category C)."""
    return any(unicodedata.category(ch)[0] == "C" for ch in text)


def _one_line(text: str) -> str | None:
    """NFC, trimmed, runs of spaces collapsed; None when a control character remains inside."""
    text = unicodedata.normalize("NFC", text).strip()
    if has_control(text):  # a tab or newline inside a one-line field counts too
        return None
    return _SPACES.sub(" ", text)


def responsible_name(text: str) -> Checked:
    """The responsible person's name (R6): letters, spaces, hyphens, apostrophes, dots.

    Typographic dashes and apostrophes are folded to ASCII so the name is searchable.
    """
    value = _one_line(text)
    if value is None:
        return "", ERR_CONTROL
    value = value.translate(_HYPHENS).translate(_APOSTROPHES)
    if not value:
        return "", ERR_REQUIRED
    # Combining marks stay allowed: a few letters have no precomposed NFC form.
    if any(not (ch.isalpha() or ch in _NAME_PUNCT or unicodedata.category(ch)[0] == "M")
           for ch in value):
        return value, ERR_NAME_CHARS
    letters = sum(ch.isalpha() for ch in value)
    if not NAME_MIN <= len(value) <= NAME_MAX or letters < 2:
        return value, ERR_NAME_LENGTH
    return value, None


class PhoneCheck(NamedTuple):
    """The contact phone (R6): E.164, whether it is mobile, and the error key if invalid."""

    e164: str
    is_mobile: bool
    error_key: str | None

    @property
    def needs_mobile_confirmation(self) -> bool:
        """A valid landline: the form asks CONFIRM_LANDLINE before accepting it (R6)."""
        return self.error_key is None and not self.is_mobile


def contact_phone(text: str) -> PhoneCheck:
    """The responsible person's contact phone (R6: mobile preferred, a landline is confirmed)."""
    value = _one_line(text)
    if value is None:
        return PhoneCheck("", False, ERR_CONTROL)
    if not value:
        return PhoneCheck("", False, ERR_REQUIRED)
    e164 = phone_e164(value) if len(value) <= PHONE_MAX else None
    if e164 is None:
        return PhoneCheck("", False, ERR_PHONE_INVALID)
    return PhoneCheck(e164, is_mobile(e164), None)


def intercom_code(text: str, no_intercom: bool) -> Checked:
    """The intercom (домофон) code (R6): required unless the dispatcher ticked 'no intercom'.

    A code with 'no intercom' ticked is refused rather than silently dropped.
    """
    value = _one_line(text)
    if value is None:
        return "", ERR_CONTROL
    if no_intercom:
        return ("", None) if not value else (value, ERR_INTERCOM_BOTH)
    if not value:
        return "", ERR_INTERCOM_REQUIRED
    if not _INTERCOM.fullmatch(value) or not _INTERCOM_ALNUM.search(value):
        return value, ERR_INTERCOM_CHARS
    if len(value) > INTERCOM_MAX:
        return value, ERR_INTERCOM_LENGTH
    return value, None


def description(text: str) -> Checked:
    """What is wrong, as the caller tells it: 1-2000 characters; line breaks kept."""
    value = clean_text(text)  # drops control characters other than tab and newline
    if not value:
        return "", ERR_REQUIRED
    if len(value) > DESCRIPTION_MAX:
        return value, ERR_DESCRIPTION_LENGTH
    if looks_like_password(value):  # D13
        return value, ERR_PASSWORD
    return value, None


def override_reason(text: str) -> Checked:
    """The reason a supervisor gives for a balance override (D4); it goes to the audit trail."""
    value = clean_text(text)
    if not value:
        return "", ERR_REQUIRED
    if not REASON_MIN <= len(value) <= REASON_MAX:
        return value, ERR_REASON_LENGTH
    return value, None


# R7: read out at intake; the dispatcher ticks each item as the caller confirms it.
# D13: the passwords are to be ready for the technician, never told to us.
# R7 has three requirements; each is one tick, read out as one sentence.
R7_CHECKLIST: tuple[str, ...] = (
    "Know the details: which computer is faulty, where the LAN cables run and where the "
    "central device (gateway) is; have the passwords to boot it ready for the technician "
    "(do not tell them to us)",
    "Give access to the entrance, the premises, the computer, the central device "
    "and the floor panel, and provide a 220 V socket for the equipment",
    "Have the authority to accept the work and sign the completion act",
)


def checklist_complete(ticked: Collection[int]) -> bool:
    """True when every R7 item has been read out and ticked; unknown indices are ignored."""
    return set(range(len(R7_CHECKLIST))) <= set(ticked)


# D13: no field of any form or table is about passwords.
FORBIDDEN_FIELD_NAMES = ("password", "пароль")


def contains_password_field(names: Iterable[str]) -> bool:
    """True when any of `names` mentions a password (case-insensitive substring, D13)."""
    return any(
        word in unicodedata.normalize("NFC", name).casefold()
        for name in names
        for word in FORBIDDEN_FIELD_NAMES
    )


# Every message key of this module, for the translation test.
MESSAGES: tuple[str, ...] = (
    ERR_REQUIRED,
    ERR_CONTROL,
    ERR_NAME_CHARS,
    ERR_NAME_LENGTH,
    ERR_PHONE_INVALID,
    CONFIRM_LANDLINE,
    ERR_INTERCOM_REQUIRED,
    ERR_INTERCOM_BOTH,
    ERR_INTERCOM_CHARS,
    ERR_INTERCOM_LENGTH,
    ERR_DESCRIPTION_LENGTH,
    ERR_REASON_LENGTH,
    *R7_CHECKLIST,
)
