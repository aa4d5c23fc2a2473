"""Pictures of the main screens for the README, made from the seeded demo at a frozen clock.

    .venv/bin/python docs/make_screenshots.py      (or: make screenshots)

Writes docs/screenshots/<screen>.svg (160x48). The same code and seed give the same pictures,
so running it again after a change to a screen shows the change in the diff.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from console.app import ConsoleApp  # noqa: E402
from console.config import build_context  # noqa: E402
from console.launch import prepare  # noqa: E402
from console.services.demo.builder import build_demo  # noqa: E402

NOW = "2026-11-24 11:00"  # a Tuesday morning: the service is open
SIZE = (160, 48)
SHOTS = [("call", "f2"), ("queue", "f3"), ("visits", "f4"), ("claims", "f5"),
         ("helpdesk", "f6"), ("summary", "f7"), ("help", "f1")]


async def shoot(db: str, out: Path) -> list[Path]:
    ctx = build_context(db_target=db, now=NOW, operator="ivanova", frozen=True)
    prepare(ctx)
    app = ConsoleApp(ctx)
    written = []
    async with app.run_test(size=SIZE) as pilot:
        for name, key in SHOTS:
            await pilot.press(key)
            for _ in range(4):  # let the screen's workers land their data
                await pilot.pause(0.2)
                await app.workers.wait_for_complete()
            written.append(Path(app.save_screenshot(f"{name}.svg", str(out))))
    return written


def main() -> int:
    out = ROOT / "docs" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        db = str(Path(tmp) / "demo.db")
        ctx = build_context(db_target=db, now=NOW, operator="ivanova", frozen=True)
        build_demo(db, contracts=300, seed=1, now=ctx.clock.now())
        for path in asyncio.run(shoot(db, out)):
            print(path.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
