"""Issue 12: the CSS parsed by one start is read back by the next (console/css_cache.py) and
gives exactly the rules a parse gives; a file that is not the user's own, a corrupt one, or one
for other CSS variables is never used."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import textual.css.stylesheet
from textual.app import App
from textual.css.stylesheet import Stylesheet
from textual.widgets import Input, Label, Static

from console.css_cache import CssCache, cache_path

APP_TCSS = Path(__file__).resolve().parents[2] / "console" / "app.tcss"


def sheet(variables: dict[str, str] | None = None) -> Stylesheet:
    """A stylesheet with the sources of a start: app.tcss and some widgets' DEFAULT_CSS."""
    made = Stylesheet(variables=variables or App().get_css_variables())
    made.add_source(APP_TCSS.read_text(encoding="utf-8"), read_from=(str(APP_TCSS), ""))
    for widget in (App, Static, Label, Input):
        made.add_source(widget.DEFAULT_CSS, read_from=(widget.__name__, "DEFAULT_CSS"),
                        is_default_css=True)
    return made


def rules(made: Stylesheet) -> list[tuple[str, list[str], bool]]:
    return [(rule.selectors, rule.styles.css_lines, rule.is_default_rules) for rule in made.rules]


def test_the_cached_css_gives_the_rules_a_parse_gives_without_parsing(tmp_path, monkeypatch):
    first = sheet()
    assert CssCache(tmp_path).preload(first) == 0  # nothing cached yet: parsed
    expected = rules(first)
    cache = CssCache(tmp_path)
    cache.preload(first)
    assert cache.save(first)
    path = cache_path(tmp_path, first._variables)
    assert path.exists() and path.stat().st_mode & 0o777 == 0o600

    def no_parse(*_args, **_kwargs):
        raise AssertionError("parsed although cached")

    monkeypatch.setattr(textual.css.stylesheet, "parse", no_parse)
    again = sheet()
    assert CssCache(tmp_path).preload(again) == 5
    assert rules(again) == expected


def test_a_start_that_parsed_nothing_new_writes_nothing(tmp_path):
    made = sheet()
    cache = CssCache(tmp_path)
    cache.preload(made)
    made.parse()
    assert cache.save(made)
    again = sheet()
    cache = CssCache(tmp_path)
    cache.preload(again)
    again.parse()
    assert not cache.save(again)
    # A source added since (a screen built later) is parsed, and written with the rest.
    again.add_source("Static { color: red; }", read_from=("later", ""))
    again.parse()
    assert cache.save(again)
    assert CssCache(tmp_path).preload(sheet()) == 6


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="file ownership is a POSIX notion")
def test_a_cache_file_others_may_write_is_not_read(tmp_path):
    made = sheet()
    cache = CssCache(tmp_path)
    cache.preload(made)
    made.parse()
    cache.save(made)
    path = cache_path(tmp_path, made._variables)
    path.chmod(0o666)
    assert CssCache(tmp_path).preload(sheet()) == 0
    path.chmod(0o600)
    assert CssCache(tmp_path).preload(sheet()) == 5


def test_a_corrupt_cache_is_parsed_again_and_rewritten(tmp_path):
    made = sheet()
    path = cache_path(tmp_path, made._variables)
    path.write_bytes(b"not a pickle")
    path.chmod(0o600)
    cache = CssCache(tmp_path)
    assert cache.preload(made) == 0
    expected = rules(made)
    assert cache.save(made)
    again = sheet()
    assert CssCache(tmp_path).preload(again) == 5 and rules(again) == expected


def test_other_css_variables_read_another_file(tmp_path):
    made = sheet()
    cache = CssCache(tmp_path)
    cache.preload(made)
    made.parse()
    cache.save(made)
    other = dict(made._variables, primary="#ff0000")
    assert cache_path(tmp_path, other) != cache_path(tmp_path, made._variables)
    assert CssCache(tmp_path).preload(sheet(other)) == 0
    # Variables changed on a stylesheet (a theme picked): its rules are not written as these.
    made.set_variables(other)
    made.reparse()
    assert not cache.save(made)


def test_a_folder_it_cannot_write_only_costs_the_parse(tmp_path):
    folder = tmp_path / "not-a-folder"
    folder.write_text("a file where the cache folder would be")
    made = sheet()
    cache = CssCache(folder)
    assert cache.preload(made) == 0
    assert rules(made) and not cache.save(made)


def test_a_cache_of_another_layout_is_parsed_again(tmp_path):
    """A file another version of the console wrote (here: each entry pickled on its own) is
    not taken for rules: the CSS is parsed, and the file written again."""
    import pickle

    made = sheet()
    path = cache_path(tmp_path, made._variables)
    path.write_bytes(pickle.dumps({("css", ("x", ""), False, 0, ""): b"\x80\x05rules"}))
    path.chmod(0o600)
    cache = CssCache(tmp_path)
    assert cache.preload(made) == 0
    expected = rules(made)
    assert cache.save(made)
    again = sheet()
    assert CssCache(tmp_path).preload(again) == 5 and rules(again) == expected
