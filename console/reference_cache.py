"""The reference data as the last start validated them, so a start need not parse them again.

Every start parsed and validated the four reference files (console/reference.py), tomllib's
import included: ~20 M instructions of the ~1,300 M to the console's first frame (issue 12),
for files edited a few times a year. The Reference they gave is kept in the data folder's
.cache/ beside the exact bytes of the four files and of the code that reads them; a start that
finds those same bytes takes the Reference back. Any other start, an edited file above all,
loads and validates as before, so a typo stops the console with its one clear line; only a
Reference that passed is ever written. The file is private (console/private_pickle.py).
"""

from __future__ import annotations

from pathlib import Path

from console import private_pickle
from console.reference import FILES, Reference, load_reference

FILE = "reference.pickle"
# The code that turns the files into a Reference: a change to it is a change to the Reference.
_CODE = tuple(Path(__file__).with_name(name) for name in ("reference.py", "_toml.py"))


def _sources(data_dir: Path) -> tuple[bytes, ...] | None:
    """The bytes the Reference is made from, or None when one cannot be read (the loader
    then says what is wrong with it)."""
    try:
        return tuple(path.read_bytes() for path in (*(data_dir / n for n in FILES), *_CODE))
    except OSError:
        return None


def load_cached(data_dir: Path, cache_dir: Path) -> Reference:
    """`load_reference(data_dir)`, read back from `cache_dir` when nothing changed since."""
    sources = _sources(data_dir)
    if sources is None:
        return load_reference(data_dir)
    path = cache_dir / FILE
    held = private_pickle.load(path)
    if (isinstance(held, tuple) and len(held) == 2 and held[0] == sources
            and isinstance(held[1], Reference)):
        return held[1]
    reference = load_reference(data_dir)  # a fault raises here: nothing is written
    private_pickle.dump(path, (sources, reference))
    return reference
