"""A contract found by the number as a person wrote or said it (D3): as typed, then without a
leading `№`/`N`/`дог.`; spaces and dashes never matter. Claims and HelpDesk questions link
their contract by it, as a call does."""

from __future__ import annotations

from console.models import Contract
from console.rules.normalize import spoken_contract_keys


def contract_by_number(number: str) -> Contract | None:
    """The contract with that number, or None (an empty number finds none)."""
    for key in spoken_contract_keys(number or ""):
        contract = Contract.get_or_none(Contract.number_key == key)
        if contract is not None:
            return contract
    return None
