"""Phone normalisation for the billing import: `phone_e164` + `is_mobile`, fast for RU formats.

`phonenumbers` costs ~80 us to parse a number and as much again for `is_mobile` (measured
here), so a million contracts with 1-2 phones each would spend minutes in it alone. Billing
exports write phones in a few Russian shapes (`+7 903 969-14-45`, `8 (903) 969-14-45`,
`79039691445`, `903 969 14 45`); for those the national number is plain to see, and only its
type must be decided. The type is decided with the library's own metadata patterns, walked in
the library's own order (`_number_type_helper` and `_region_code_for_number_from_list` in
phonenumbers): about 2 us. Anything else goes to `phone_e164` itself. A hypothesis test
(tests/integration/test_billing_import.py) proves the fast answers equal the library's.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from typing import Final

import phonenumbers
from phonenumbers import PhoneMetadata, PhoneNumberDesc

from console.rules.normalize import is_mobile, phone_e164


class Slow(Enum):
    """`fast_phone` cannot tell (an unusual shape, or a number it cannot vouch for): ask the
    library. A one-member enum, so a type checker knows what `is SLOW` leaves."""

    SLOW = "slow"


SLOW: Final = Slow.SLOW

# ASCII digits and the separators parse_phone accepts, starting with '+', '(' or a digit and
# ending with a digit; at most 32 characters so parse_phone's 64-character cut never matters.
_SHAPE = re.compile(r"\+?\(?[0-9][0-9 ()\-.]{8,29}[0-9]")
_COUNTRY_CODE = 7  # Russia and Kazakhstan share +7; the metadata tells them apart
_SPECIAL_TYPES = ("premium_rate", "toll_free", "shared_cost", "voip", "personal_number",
                  "pager", "uan", "voicemail")


def _pattern(desc: PhoneNumberDesc | None, length: int) -> str | None:
    """A PhoneNumberDesc's pattern if it can match a number of this length (else None)."""
    if desc is None or not desc.national_number_pattern:
        return None
    if desc.possible_length and length not in desc.possible_length:
        return None  # the library skips the pattern on a length mismatch; so do we
    return f"(?:{desc.national_number_pattern})"


@dataclass(frozen=True)
class _Region:
    """How phonenumbers places and types a +7 national number of one length in one region.

    The library checks the general pattern, then the special types (premium rate, toll free,
    ...), then fixed line (and mobile, for "fixed line or mobile"), then mobile, each pattern
    matched whole. One regex of alternatives in that order, matched whole, answers the same:
    its first alternative that matches the whole number is the type the library returns.
    """

    leading: Callable[[str], object] | None  # leading_digits; None: the number's type decides
    typed: Callable[[str], re.Match[str] | None] | None  # None: no type fits this length

    @classmethod
    def of(cls, code: str, length: int) -> _Region | None:
        """None when a pattern has capturing groups: then `lastgroup` below would not work."""
        md = PhoneMetadata.metadata_for_region(code)
        if md is None:  # a region the library has no metadata for: no fast path
            return None
        leading = re.compile(md.leading_digits).match if md.leading_digits is not None else None
        general = _pattern(md.general_desc, length)
        special = [p for p in (_pattern(getattr(md, t), length) for t in _SPECIAL_TYPES) if p]
        fixed, mobile = _pattern(md.fixed_line, length), _pattern(md.mobile, length)
        if any(re.compile(p).groups for p in (general, *special, fixed, mobile) if p):
            return None
        same = bool(md.same_mobile_and_fixed_line_pattern)
        branches = []
        if special:
            branches.append(f"(?P<other>{'|'.join(special)})")
        if fixed:
            if same:
                branches.append(f"(?P<mobile>{fixed})")
            else:
                if mobile:
                    branches.append(f"(?P<mobile>(?={fixed}\\Z){mobile})")
                branches.append(f"(?P<other_fixed>{fixed})")
        if mobile and not same:
            branches.append(f"(?P<mobile_only>{mobile})")
        if general is None or not branches:
            return cls(leading, None)
        return cls(leading, re.compile(f"(?={general}\\Z)(?:{'|'.join(branches)})").fullmatch)

    def kind(self, nsn: str) -> str | None:
        """None (not valid here), 'mobile' (mobile, or fixed line or mobile) or 'other'."""
        match = self.typed(nsn) if self.typed is not None else None
        if match is None:
            return None
        return "mobile" if match.lastgroup in ("mobile", "mobile_only") else "other"


_regions: tuple[_Region, ...] | None = None


def _plus7_regions() -> tuple[_Region, ...]:
    """The regions sharing +7 (Russia first) for 10-digit national numbers; () if unusable."""
    global _regions
    if _regions is None:  # built on first use: loading metadata costs a few ms
        codes = phonenumbers.COUNTRY_CODE_TO_REGION_CODE[_COUNTRY_CODE]
        regions = [_Region.of(code, 10) for code in codes]
        _regions = () if None in regions else tuple(r for r in regions if r is not None)
    return _regions


def _classify(nsn: str) -> tuple[str, bool] | Slow | None:
    """(E.164, mobile?) for a 10-digit +7 national number, None if invalid, SLOW if unsure."""
    regions = _plus7_regions()
    if not regions:
        return SLOW
    for region in regions:  # the first region that claims the number decides, as in the library
        if region.leading is not None:
            if region.leading(nsn) is None:
                continue
            kind = region.kind(nsn)
        else:
            kind = region.kind(nsn)
            if kind is None:
                continue
        return None if kind is None else ("+7" + nsn, kind == "mobile")
    return None


def fast_phone(text: str) -> tuple[str, bool] | Slow | None:
    """(E.164, mobile?), None (not a valid number) or SLOW (ask `phone_e164`).

    Only shapes whose national number phonenumbers would take as written are answered here:
    '+7' + 10 digits; '8' or '7' + 10 digits starting 3, 4, 7, 8 or 9 (so '8 10...' never
    meets Russia's international prefix 810); 10 digits starting 3, 4 or 9.
    """
    text = text.strip()
    if not _SHAPE.fullmatch(text):
        return SLOW
    # str.replace chained is ~2x faster than translate or re.sub for these five characters.
    digits = (text.replace(" ", "").replace("-", "").replace("(", "").replace(")", "")
              .replace(".", "").replace("+", ""))
    if text[0] == "+":
        if len(digits) != 11 or digits[0] != "7" or digits[1] not in "3456789":
            return SLOW
        return _classify(digits[1:])
    if len(digits) == 11 and digits[0] in "78" and digits[1] in "34789":
        return _classify(digits[1:])
    if len(digits) == 10 and digits[0] in "349":
        return _classify(digits)
    return SLOW


def normalise_phone(text: str) -> tuple[str, bool] | None:
    """(E.164, mobile?) exactly as `phone_e164` and `is_mobile` say, or None when invalid."""
    result = fast_phone(text)
    if result is not SLOW:
        return result
    e164 = phone_e164(text)
    return None if e164 is None else (e164, is_mobile(e164))
