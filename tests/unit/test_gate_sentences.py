"""Every refusal sentence of the gates has Russian: the screen and the service say the same."""

from __future__ import annotations

from console.i18n.ru import RU
from console.rules import gates, told
from console.screens.machine import FIELDS
from console.services import machine


def test_d04_r06_r14_every_gate_sentence_is_translated():
    keys = {*gates.MESSAGES, *told.MESSAGES, *machine.MESSAGES}
    keys |= {label for _id, label, _ph in FIELDS} | {ph for _id, _label, ph in FIELDS}
    missing = sorted(k for k in keys if k not in RU)
    assert not missing, f"no Russian for: {missing}"
