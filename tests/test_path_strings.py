"""Paths as strings spell and read as ``pathlib`` does (``pathlib`` is the reference): the check command keeps
its paths as strings so that a cold start imports no ``pathlib``, and every path it prints is as before."""

from __future__ import annotations

import os
from pathlib import Path, PurePosixPath

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from mmsvalidate.files import child, is_file, parent, pure, stat_or_none
from mmsvalidate.settings.patterns import absolute, relative_parts

posix_only = pytest.mark.skipif(os.name == "nt", reason="on Windows the strings are pathlib's own")

PIECES = st.sampled_from(["/", "//", "///", ".", "..", "./", "a", "b.xml", "~", " ", "é", "-"])
PATHS = st.lists(PIECES, max_size=10).map("".join)


@posix_only
@given(PATHS)
@settings(max_examples=2000)
@example("")
@example("//")
@example("///a//b/./")
@example("//a/../b")
@example("./.")
def test_pure_spells_a_path_as_pathlib_does(path: str) -> None:
    spelt = pure(path)
    assert spelt == str(PurePosixPath(path))
    assert pure(spelt) == spelt
    assert parent(spelt) == str(PurePosixPath(path).parent)


@posix_only
@given(PATHS, st.sampled_from(["x.xml", "b", "..x", "~", "é.txt"]))
def test_child_joins_a_name_as_pathlib_does(folder: str, name: str) -> None:
    assert child(pure(folder), name) == str(PurePosixPath(folder) / name)


@posix_only
@given(PATHS, PATHS)
@settings(max_examples=2000)
@example("/a/b", "/a")
@example("/a", "/a")
@example("/ab", "/a")
@example("//a", "/")
@example("/a", "//")
@example("//a/b", "//a")
@example("/", "/")
def test_relative_parts_are_pathlibs(path: str, root: str) -> None:
    path, root = absolute("/" + path), absolute("/" + root)
    try:
        expected: tuple[str, ...] | None = PurePosixPath(path).relative_to(root).parts
    except ValueError:
        expected = None
    assert relative_parts(path, root) == expected


def test_what_is_there_is_read_as_pathlib_reads_it(tmp_path: Path) -> None:
    (tmp_path / "folder").mkdir()
    (tmp_path / "file.xml").write_text("<REQUEST/>")
    (tmp_path / "loop").symlink_to(tmp_path / "loop")
    (tmp_path / "to-file").symlink_to(tmp_path / "file.xml")
    (tmp_path / "dangling").symlink_to(tmp_path / "nowhere")
    names = ["folder", "file.xml", "loop", "to-file", "dangling", "nowhere", "file.xml/inside", "a\0b", "folder/."]
    for name in names:
        path = Path(tmp_path, name)
        assert (stat_or_none(str(path)) is not None, is_file(str(path))) == (path.exists(), path.is_file()), name


def test_a_folder_that_cant_be_searched_is_an_error_not_a_missing_path(  # as Python 3.11's pathlib reads it
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = os.stat

    def stat(path: object, *args: object, **kwargs: object) -> os.stat_result:  # EACCES, even for root
        if "locked" in str(path):
            raise PermissionError(13, "Permission denied", str(path))
        return real(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "stat", stat)
    locked = str(tmp_path / "locked" / "file.xml")
    with pytest.raises(PermissionError):
        stat_or_none(locked)
    with pytest.raises(PermissionError):
        is_file(locked)
