"""Which widgets take typed text (an `Input`, a `TextArea`), asked without importing TextArea.

Textual's TextArea module (with its document, wrapping and syntax-highlighting parts) costs
~10 ms to import, and the first screen has no TextArea: only the dialogs and forms opened later
do. The typeahead gate and the dialog drafts ask of every focused widget whether it is one; a
widget can only be a TextArea once that module is loaded, so until then the answer is no.
"""

from __future__ import annotations

import sys
from typing import Any

from textual.widgets import Input

_TEXT_AREA_MODULE = "textual.widgets._text_area"


def is_text_area(widget: object) -> bool:
    module = sys.modules.get(_TEXT_AREA_MODULE)
    return module is not None and isinstance(widget, module.TextArea)


def is_text_field(widget: object) -> bool:
    """Printable keys and pastes go into it, and nothing else happens."""
    return isinstance(widget, Input) or is_text_area(widget)


def field_value(widget: Any) -> str:
    """What is typed in an Input or a TextArea."""
    return str(widget.text if is_text_area(widget) else widget.value)
