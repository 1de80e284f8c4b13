"""Unit tests of the app's parts that need no running app: rendering, tags, config, keys."""

from __future__ import annotations

from pathlib import Path

from reader.dates import PartialDate
from reader.model import Hit
from reader.ui.commands import COMMANDS, bindings, display_key
from reader.ui.config import Config, config_path, load_config, save_config
from reader.ui.dialogs.tag_input import LastTokenSuggester, parse_tags
from reader.ui.render import date_label, highlighted, hit_row


def make_hit(text: str, date: PartialDate | None = None, **kw) -> Hit:
    return Hit(
        "a",
        1,
        text,
        date,
        kw.get("title"),
        None,
        tuple(kw.get("tags", ())),
        1.0,
        tuple(kw.get("highlights", ())),
    )


def test_dates_keep_precision_and_undated_says_so() -> None:
    assert date_label(PartialDate.parse("2023-05")) == "2023-05"
    assert date_label(None) == "undated"


def test_hit_row_shows_date_title_highlight_and_tags() -> None:
    row = hit_row(
        make_hit(
            "John Kirby said",
            PartialDate.parse("2023-04-26"),
            title="T",
            tags=["b", "a/x"],
            highlights=[(5, 10)],
        )
    )
    assert row.plain.splitlines()[0].startswith("2023-04-26  T  #1  #a/x #b")
    assert row.plain.splitlines()[1] == "  John Kirby said"
    styled = [row.plain[s.start : s.end] for s in row.spans if "reverse" in str(s.style)]
    assert styled == ["Kirby"]


def test_row_text_is_never_markup_or_escapes() -> None:
    row = hit_row(make_hit("[bold]x[/bold] \x1b[31m", title="[link=http://e]t"))
    assert "[bold]x[/bold] \\x1b[31m" in row.plain
    assert "[link=http://e]t" in row.plain
    assert "\x1b" not in row.plain


def test_long_passages_are_cut_around_the_first_match() -> None:
    text = "word " * 200 + "needle " + "word " * 200
    start = text.index("needle")
    shown = highlighted(text, [(start, start + 6)], limit=100)
    assert "needle" in shown.plain and len(shown.plain) <= 102
    assert shown.plain.startswith("…") and shown.plain.endswith("…")


def test_parse_tags_splits_on_commas_and_spaces() -> None:
    assert parse_tags(" a, b/c  d,,a ") == ["a", "b/c", "d"]
    assert parse_tags("") == []


async def test_completion_works_on_the_last_tag() -> None:
    suggester = LastTokenSuggester(["actor/china", "actor/us", "topic/peace"])
    assert await suggester.get_suggestion("topic/peace, actor/c") == "topic/peace, actor/china"
    assert await suggester.get_suggestion("to") == "topic/peace"
    assert await suggester.get_suggestion("x, ") is None


def test_commands_feed_bindings_with_ids() -> None:
    ids = {c.id for c in COMMANDS}
    assert len(ids) == len(COMMANDS)
    main = {b.id: b for b in bindings("main")}
    assert main["tag"].key == "t" and main["search"].key == "slash"
    assert {b.id for b in bindings("app")} >= {"quit", "help"}
    assert display_key("j,down") == "j / down" and display_key("question_mark") == "?"


def test_config_round_trips_and_survives_a_broken_file(tmp_path: Path) -> None:
    path = tmp_path / "config.yaml"
    save_config(Config(theme="nord", keymap={"tag": "ctrl+t"}), path)
    assert load_config(path) == (Config(theme="nord", keymap={"tag": "ctrl+t"}), None)
    path.write_text("theme: [unclosed\n")
    config, problem = load_config(path)
    assert config == Config() and problem and str(path) in problem
    path.write_text("!!python/object:os.system {}\n")
    config, problem = load_config(path)
    assert config == Config() and problem


def test_config_lives_in_the_config_folder(tmp_path: Path) -> None:
    assert config_path().name == "config.yaml"
    assert "config" in str(config_path().parent)


def test_watcher_sees_new_articles_and_annotation_changes(seeds_copy: Path) -> None:
    from reader.annotations.store import AnnotationStore
    from reader.ui.watch import Watcher
    from reader.workspace import Workspace

    ws = Workspace(seeds_copy)
    watcher = Watcher(ws, interval=0.0)
    assert not watcher.look()  # the first look records
    assert not watcher.look()
    (seeds_copy / "new.txt").write_text("A new article.\n")
    assert watcher.look().files
    other = AnnotationStore(ws.annotations, resolve=ws.article)
    other.tag("004_8d05e1ad106699d0", 1, ["x"])
    changes = watcher.look()
    assert changes.articles == {"004_8d05e1ad106699d0"} and not changes.files


def test_watcher_lists_a_big_corpus_less_often(seeds_copy: Path) -> None:
    from reader.ui.watch import Watcher
    from reader.workspace import Workspace

    watcher = Watcher(Workspace(seeds_copy), interval=0.0)
    watcher.look()
    watcher.scan_cost = 60.0  # as if listing the corpus took a minute
    (seeds_copy / "new.txt").write_text("A new article.\n")
    assert not watcher.look().files  # not listed again yet


def test_highlights_stay_on_the_word_after_control_characters() -> None:
    text = "a\x1b[31m b Kirby c"
    start = text.index("Kirby")
    shown = highlighted(text, [(start, start + 5)])
    styled = [shown.plain[s.start : s.end] for s in shown.spans if "reverse" in str(s.style)]
    assert styled == ["Kirby"] and "\\x1b[31m" in shown.plain
