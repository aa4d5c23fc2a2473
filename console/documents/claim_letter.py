"""The reply letter to a claim (R18): A4, signed by the general director.

Always in Russian: it goes to the client, whatever language the console runs in. It carries
the outgoing number and date, the addressee (holder, address, contract), the claim's
registration number and date, the director's reply, and the director's signature line.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from console.documents.pdf import PdfDocument
from console.services.claims_view import ClaimDetail

MSK = ZoneInfo("Europe/Moscow")


def _day(at: datetime) -> str:
    return at.astimezone(MSK).strftime("%d.%m.%Y")


def reply_letter(claim: ClaimDetail, director: str) -> PdfDocument:
    """The letter for an answered claim (the caller checks that it is answered)."""
    if claim.replied_at is None:
        raise ValueError("the claim has no reply date")
    title = f"Ответ на претензию № {claim.number}"
    doc = PdfDocument(title, author=director, created=claim.replied_at)
    outgoing = claim.reply_letter_no or claim.number
    doc.paragraph(f"Исх. № {outgoing} от {_day(claim.replied_at)}")
    doc.spacer(4)
    addressee = [claim.holder_full_name or "Владельцу договора"]
    if claim.holder_address:
        addressee.append(claim.holder_address)
    if claim.contract_number:
        addressee.append(f"Договор № {claim.contract_number}")
    doc.paragraph("\n".join(addressee), align="R")
    doc.spacer(6)
    doc.heading(title)
    doc.paragraph(f"на претензию № {claim.number} от {_day(claim.received_at)}", align="C")
    doc.spacer(4)
    greeting = f"Уважаемый(ая) {claim.holder_full_name}!" if claim.holder_full_name else (
        "Уважаемый клиент!")
    doc.paragraph(greeting, bold=True)
    doc.spacer(2)
    doc.paragraph(f"Ваша претензия, полученная {_day(claim.received_at)}, рассмотрена "
                  "генеральным директором лично.")
    doc.spacer(2)
    doc.paragraph(claim.reply or f"Ответ направлен письмом исх. № {outgoing}.")
    doc.spacer(8)
    doc.signature("Генеральный директор", director)
    return doc
