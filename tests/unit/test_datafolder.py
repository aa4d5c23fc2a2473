"""The data folder: which one is used, and the shipped defaults copied into it for editing."""

from __future__ import annotations

import json
from pathlib import Path

from console import datafolder
from console.datafolder import (
    ENV_VAR,
    STAMP,
    default_files,
    defaults_dir,
    install_defaults,
    resolve_data_dir,
)
from console.reference import load_reference

FOUR = ["calendar_overrides.toml", "policy.toml", "pricelist3.toml", "priorities.toml"]


def test_the_four_reference_files_ship_in_the_package_and_load() -> None:
    assert default_files() == FOUR
    ref = load_reference(defaults_dir())
    assert ref.task_types and ref.price_items


def test_option_wins_over_environment_and_checkout(tmp_path: Path) -> None:
    chosen = tmp_path / "mine"
    assert resolve_data_dir(chosen, {ENV_VAR: str(tmp_path / "env")}) == chosen


def test_environment_wins_over_checkout(tmp_path: Path) -> None:
    assert resolve_data_dir(None, {ENV_VAR: str(tmp_path / "env")}) == tmp_path / "env"


def test_checkout_uses_its_data_folder() -> None:
    folder = resolve_data_dir(None, {})
    assert folder == Path(__file__).resolve().parents[2] / "data"


def test_installed_package_uses_the_user_data_directory(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setattr(datafolder, "_CHECKOUT", tmp_path / "site-packages")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert resolve_data_dir(None, {}) == tmp_path / "xdg" / "support-console"


def test_first_start_copies_the_defaults_for_editing(tmp_path: Path) -> None:
    folder = tmp_path / "a" / "b"
    assert install_defaults(folder) == FOUR
    for name in FOUR:
        assert (folder / name).read_bytes() == (defaults_dir() / name).read_bytes()
    assert install_defaults(folder) == []  # second start: nothing to do
    load_reference(folder)


def test_an_edited_copy_is_kept_and_a_deleted_one_comes_back(tmp_path: Path) -> None:
    install_defaults(tmp_path)
    policy = tmp_path / "policy.toml"
    policy.write_text(policy.read_text(encoding="utf-8") + "\n# ours\n", encoding="utf-8")
    (tmp_path / "priorities.toml").unlink()
    assert install_defaults(tmp_path) == ["priorities.toml"]
    assert policy.read_text(encoding="utf-8").endswith("# ours\n")


def test_an_unedited_copy_follows_a_newer_shipped_default(tmp_path: Path) -> None:
    install_defaults(tmp_path)
    old = b"# the previous version's file\n"
    (tmp_path / "pricelist3.toml").write_bytes(old)
    stamps = json.loads((tmp_path / STAMP).read_text(encoding="utf-8"))
    stamps["pricelist3.toml"] = datafolder._digest(old)  # as if the console had written it
    (tmp_path / STAMP).write_text(json.dumps(stamps), encoding="utf-8")
    assert install_defaults(tmp_path) == ["pricelist3.toml"]
    shipped = (defaults_dir() / "pricelist3.toml").read_bytes()
    assert (tmp_path / "pricelist3.toml").read_bytes() == shipped


def test_a_folder_of_foreign_files_is_never_overwritten(tmp_path: Path) -> None:
    (tmp_path / "policy.toml").write_text("# someone's own\n", encoding="utf-8")
    written = install_defaults(tmp_path)
    assert "policy.toml" not in written
    assert (tmp_path / "policy.toml").read_text(encoding="utf-8") == "# someone's own\n"
