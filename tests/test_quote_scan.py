"""The quick quote test (``quotes_are_plain``) never passes a file the exact one (``quote_fault``) faults, however
the bytes fall into blocks, and passes every file a CSV writer writes; run in a child process for a large file, it
gives the verdict it gives in-process, and the checks use that verdict only for the very file it was given."""

from __future__ import annotations

import csv
import io
import subprocess
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from moroccous_data.cli import cli
from moroccous_data.validation import quotescan, tablecheck

from moroccous_data.validation.quotescan import quotes_are_plain
from moroccous_data.validation.seedfile import quote_fault
from conftest import SEEDS


def _blocks(data: bytes, cuts: list[int]) -> list[bytes]:
    points = sorted({min(c, len(data)) for c in cuts})
    return [data[a:b] for a, b in zip([0, *points], [*points, len(data)]) if data[a:b]]


@settings(max_examples=1500, deadline=None)
@given(st.text(alphabet='",\n\ra', max_size=24).map(str.encode), st.lists(st.integers(0, 24), max_size=8))
def test_plain_only_when_the_exact_reader_finds_nothing(data: bytes, cuts: list[int]) -> None:
    """Plain exactly when no stray quote is found and no field is left open (an even number of quotes)."""
    plain = quotes_are_plain(_blocks(data, cuts))
    assert plain == (quote_fault(_blocks(data, cuts)) is None and data.count(b'"') % 2 == 0)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.text(alphabet='ab",\n ', max_size=6), min_size=1, max_size=4), min_size=1, max_size=4),
       st.lists(st.integers(0, 200), max_size=5))
def test_what_a_csv_writer_writes_is_plain(rows: list[list[str]], cuts: list[int]) -> None:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    assert quotes_are_plain(_blocks(buffer.getvalue().encode(), cuts))


# Files as the scan meets them: a CSV writer's output, with a stray quote, a CR or a byte-order mark put in.
FILES = [b'id,name\nx,"a, b"\ny,"say ""hi"""\n', b'id,name\nx,"Nasser" Bourita\n', b'id,name\r\nx,y\r\n',
         b'\xef\xbb\xbfid,name\nx,y\n', b'id,name\nx,"a\nb"\n', b'id,name\nx,a"b\n', b'id,name\nx,"open\n', b"id\n"]


@pytest.fixture
def children(monkeypatch: pytest.MonkeyPatch) -> None:
    """A child process for any file, however small."""
    monkeypatch.setattr(quotescan, "CHILD_BYTES", 0)


@pytest.mark.parametrize("content", FILES)
def test_the_child_process_gives_the_in_process_verdict(content: bytes, tmp_path: Path, children: None) -> None:
    path = tmp_path / "t.csv"
    path.write_bytes(content)
    quotescan.start(path)
    assert quotescan.result(path) == quotescan.scan(path)
    assert quotescan.result(path) is None  # a verdict is collected once


def test_the_checks_take_the_childs_verdict_and_scan_only_what_it_cannot_clear(
        tmp_path: Path, children: None, monkeypatch: pytest.MonkeyPatch) -> None:
    clear, stray = tmp_path / "clear.csv", tmp_path / "stray.csv"
    clear.write_bytes(FILES[0])
    stray.write_bytes(FILES[1])
    scanned: list[Path] = []
    in_process = quotescan.scan
    monkeypatch.setattr(quotescan, "scan", lambda path: scanned.append(path) or quotescan.UNSURE)
    quotescan.start(clear)
    quotescan.start(stray)  # one child at a time: this one is scanned in-process
    assert tablecheck._plain(clear) and scanned == []
    assert not tablecheck._plain(stray) and scanned == [stray]
    monkeypatch.setattr(quotescan, "scan", in_process)
    quotescan.start(stray)
    monkeypatch.setattr(quotescan, "scan", lambda path: scanned.append(path) or quotescan.UNSURE)
    assert not tablecheck._plain(stray) and scanned == [stray]  # the child's 'unsure' goes straight to the exact scan


def test_a_file_changed_after_the_child_started_is_scanned_again(tmp_path: Path, children: None) -> None:
    path = tmp_path / "t.csv"
    path.write_bytes(FILES[0])
    quotescan.start(path)
    path.write_bytes(FILES[1] + b"x,y\n")
    assert quotescan.result(path) is None
    assert not tablecheck._plain(path)


def test_validate_still_names_a_stray_quote_when_a_child_scanned_the_file(tmp_path: Path, children: None) -> None:
    rows = list(csv.reader((SEEDS / "entities.csv").open(encoding="utf-8", newline="")))
    path = tmp_path / "entities.csv"
    text = io.StringIO(newline="")
    csv.writer(text, lineterminator="\n").writerows(rows)
    path.write_text(text.getvalue().replace(f"\n{rows[1][0]},", f"\n{rows[1][0]}x\"y,", 1), encoding="utf-8")
    result = CliRunner().invoke(cli, ["validate", str(path)])
    assert result.exit_code == 1 and "[stray-quote]" in result.output, result.output
    assert not quotescan._children


def test_a_verdict_nobody_collects_does_not_outlive_the_command(tmp_path: Path, children: None) -> None:
    path = tmp_path / "t.csv"
    path.write_bytes(FILES[0])
    quotescan.start(path)
    (_, child), = quotescan._children.values()
    quotescan._reap()
    assert child.returncode is not None and not quotescan._children


def test_a_file_named_twice_gets_one_child(tmp_path: Path, children: None) -> None:
    path = tmp_path / "t.csv"
    path.write_bytes(FILES[0])
    quotescan.start(path)
    (_, first), = quotescan._children.values()
    quotescan.start(tmp_path / "." / "t.csv")
    (_, kept), = quotescan._children.values()
    assert kept is first  # not a second child, whose first would be left for no one to wait on
    assert quotescan.result(path) == quotescan.CLEAR


def test_a_parent_ignoring_sigchld_still_gets_the_childs_verdict(tmp_path: Path, children: None) -> None:
    """With SIGCHLD ignored the kernel reaps the child and Python reports exit status 0, whatever the child
    found: the verdict travels on the child's output instead."""
    import signal

    path = tmp_path / "t.csv"
    path.write_bytes(FILES[1])
    before = signal.signal(signal.SIGCHLD, signal.SIG_IGN)
    try:
        quotescan.start(path)
        assert quotescan.result(path) == quotescan.UNSURE
    finally:
        signal.signal(signal.SIGCHLD, before)


@pytest.mark.parametrize("stop", [KeyboardInterrupt, lambda: subprocess.TimeoutExpired("scan", 120)])
def test_a_wait_cut_short_leaves_no_child_running(stop: Any, tmp_path: Path, children: None,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "t.csv"
    path.write_bytes(FILES[0])
    quotescan.start(path)
    (_, child), = quotescan._children.values()

    def cut(*args: Any, **kwargs: Any) -> None:
        raise stop()

    monkeypatch.setattr(child, "communicate", cut)
    if stop is KeyboardInterrupt:
        with pytest.raises(KeyboardInterrupt):
            quotescan.result(path)
    else:
        assert quotescan.result(path) is None
    assert child.returncode is not None and not quotescan._children
