"""Issue 12: the reference data a start validated are read back by the next start
(console/reference_cache.py) only while their files and the code reading them are byte for byte
the same; an edited file is loaded and validated again, a typo stops the start as before."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path
from types import MappingProxyType

import pytest

from console import reference_cache
from console.reference import FILES, ReferenceError, default_data_dir, load_reference
from console.reference_cache import load_cached

pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture
def data(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    shutil.copytree(default_data_dir(), folder)
    return folder


@pytest.fixture
def parses(monkeypatch) -> list[Path]:
    """The data folders load_reference parsed (it runs, recorded)."""
    seen: list[Path] = []

    def recording(data_dir):
        seen.append(data_dir)
        return load_reference(data_dir)

    monkeypatch.setattr(reference_cache, "load_reference", recording)
    return seen


def test_a_second_start_reads_back_what_the_first_validated(data, tmp_path, parses):
    cache = tmp_path / "cache"
    first = load_cached(data, cache)
    again = load_cached(data, cache)
    assert parses == [data]  # parsed once
    assert again == first == load_reference(data)
    assert (cache / reference_cache.FILE).stat().st_mode & 0o777 == 0o600
    # The overrides stay read-only mappings (they are pickled as dicts).
    assert isinstance(again.overrides.days_off, MappingProxyType)


def test_an_edited_file_is_loaded_again(data, tmp_path, parses):
    cache = tmp_path / "cache"
    load_cached(data, cache)
    policy = data / "policy.toml"
    policy.write_text(policy.read_text(encoding="utf-8").replace('open = "10:00"',
                                                                 'open = "09:00"'),
                      encoding="utf-8")
    edited = load_cached(data, cache)
    assert len(parses) == 2 and edited.policy.service_open.hour == 9
    assert load_cached(data, cache) == edited and len(parses) == 2  # and kept


def test_a_typo_after_a_cached_start_stops_the_start_with_its_line(data, tmp_path):
    cache = tmp_path / "cache"
    load_cached(data, cache)
    held = (cache / reference_cache.FILE).read_bytes()
    policy = data / "policy.toml"
    policy.write_text(policy.read_text(encoding="utf-8").replace('open = "10:00"',
                                                                 'open = "25:00"'),
                      encoding="utf-8")
    with pytest.raises(ReferenceError, match=r'policy\.toml: hours\.service\.open: .*"HH:MM"'):
        load_cached(data, cache)
    with pytest.raises(ReferenceError, match=r"policy\.toml"):  # every time, never cached
        load_cached(data, cache)
    assert (cache / reference_cache.FILE).read_bytes() == held  # only a valid one is written


def test_a_missing_file_is_named_by_the_loader(data, tmp_path):
    (data / "priorities.toml").unlink()
    with pytest.raises(ReferenceError, match=r"priorities\.toml: file not found"):
        load_cached(data, tmp_path / "cache")


def test_changed_code_loads_again(data, tmp_path, parses, monkeypatch):
    cache = tmp_path / "cache"
    load_cached(data, cache)
    code = tmp_path / "reference.py"
    code.write_text("# another version of the code\n", encoding="utf-8")
    monkeypatch.setattr(reference_cache, "_CODE", (code,))
    load_cached(data, cache)
    assert len(parses) == 2


def test_a_cache_file_others_may_write_is_not_read(data, tmp_path, parses):
    cache = tmp_path / "cache"
    load_cached(data, cache)
    (cache / reference_cache.FILE).chmod(0o666)
    load_cached(data, cache)
    assert len(parses) == 2


@pytest.mark.parametrize("junk", [b"", b"not a pickle", b"\x80\x05K\x01."])
def test_a_corrupt_cache_is_loaded_over(data, tmp_path, parses, junk):
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / reference_cache.FILE).write_bytes(junk)
    (cache / reference_cache.FILE).chmod(0o600)
    assert load_cached(data, cache) == load_reference(data) and len(parses) == 1


def test_the_key_holds_every_file_load_reference_reads(data, monkeypatch):
    import console.reference as reference

    read: list[str] = []
    parse = reference.read_toml
    monkeypatch.setattr(reference, "read_toml", lambda path: (read.append(path.name),
                                                              parse(path))[1])
    load_reference(data)
    assert sorted(read) == sorted(FILES)


def test_a_read_only_cache_folder_still_starts(data, tmp_path):
    cache = tmp_path / "cache"
    cache.mkdir()
    cache.chmod(0o500)
    try:
        assert load_cached(data, cache).overrides.days_off.get(date(2000, 1, 1)) is None
    finally:
        cache.chmod(0o700)
