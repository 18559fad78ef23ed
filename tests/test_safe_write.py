"""Writing outputs: whole or not at all, never through a link, never outside the named folder, and a clear
OutputError (exit 2) for every path that cannot be written."""

from __future__ import annotations

import errno
import os
import re
from pathlib import Path

import pytest

from ictarch import safe_write
from ictarch.errors import OutputError
from ictarch.safe_write import MANIFEST, open_text, write_bytes, write_folder, write_text


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob("*.tmp"))


def test_a_file_is_written_and_replaced_whole(tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    write_text(target, "one")
    write_text(target, "two")
    assert target.read_text(encoding="utf-8") == "two"
    assert oct(target.stat().st_mode & 0o777) == oct(0o666 & ~_umask())
    assert _leftovers(tmp_path) == []


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: p.mkdir(), "it is a folder"),
        (lambda p: p.symlink_to(p.parent / "elsewhere.txt"), "it is a symbolic link"),
    ],
    ids=["folder", "symlink"],
)
def test_a_target_of_the_wrong_kind_is_refused_and_left_alone(tmp_path: Path, make: object, message: str) -> None:
    target = tmp_path / "out.txt"
    make(target)  # type: ignore[operator]
    with pytest.raises(OutputError, match=re.escape(message)):
        write_text(target, "x")
    assert not (tmp_path / "elsewhere.txt").exists(), "nothing written through the link"
    assert _leftovers(tmp_path) == []


def test_a_file_where_a_folder_must_be_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "plain").write_text("x", encoding="utf-8")
    with pytest.raises(OutputError, match=r"a file stands in its path|not a folder"):
        write_text(tmp_path / "plain" / "sub" / "out.txt", "x")


def test_a_missing_folder_is_refused_when_it_may_not_be_created(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="the folder does not exist"):
        write_text(tmp_path / "missing" / "out.txt", "x", create_folder=False)
    write_text(tmp_path / "missing" / "out.txt", "x")
    assert (tmp_path / "missing" / "out.txt").read_text(encoding="utf-8") == "x"


def test_a_full_disk_leaves_the_old_file_and_no_temporary_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "out.txt"
    target.write_text("old", encoding="utf-8")
    real_write = os.write
    calls = []

    def full(fd: int, data: object) -> int:
        calls.append(fd)
        if len(calls) > 1:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_write(fd, bytes(data)[:3])  # type: ignore[call-overload]

    monkeypatch.setattr(safe_write.os, "write", full)
    with pytest.raises(OutputError, match="no space left on the device"):
        write_bytes(target, b"new content")
    assert target.read_text(encoding="utf-8") == "old"
    assert _leftovers(tmp_path) == []


def test_an_unwritable_folder_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def denied(*_args: object, **_kwargs: object) -> int:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(safe_write.os, "open", denied)
    with pytest.raises(OutputError, match=r"cannot write .*out.txt: permission denied"):
        write_text(tmp_path / "out.txt", "x")


def _site(pages: dict[str, str]) -> dict[str, bytes]:
    return {k: v.encode() for k, v in pages.items()}


def test_force_replaces_and_removes_only_what_ictarch_wrote(tmp_path: Path) -> None:
    site = tmp_path / "site"
    write_folder(
        site, _site({"index.html": "1", "a/index.html": "a", "a/x/p.html": "ax", "b/index.html": "b"}), force=False
    )
    (site / "a" / "notes.txt").write_text("the user's", encoding="utf-8")
    (site / "mine.css").write_text("the user's", encoding="utf-8")
    with pytest.raises(OutputError, match="already holds files; pass --force"):
        write_folder(site, _site({"index.html": "2"}), force=False)
    removed = write_folder(site, _site({"index.html": "2", "b/index.html": "b2"}), force=True)
    assert removed == ["a/index.html", "a/x/p.html"]
    assert (site / "index.html").read_text(encoding="utf-8") == "2"
    assert not (site / "a" / "x").exists(), "a folder left empty by the removal is removed"
    assert (site / "a" / "notes.txt").read_text(encoding="utf-8") == "the user's"
    assert (site / "mine.css").read_text(encoding="utf-8") == "the user's"
    assert (site / MANIFEST).is_file()


def test_force_leaves_a_file_that_already_holds_the_same_bytes_as_it_is(tmp_path: Path) -> None:
    site = tmp_path / "site"
    write_folder(
        site, _site({"same.html": "s", "changed.html": "c", "grown.html": "g", "linked.html": "l"}), force=False
    )
    os.link(site / "linked.html", tmp_path / "elsewhere.html")
    (site / "grown.html").write_text("g" * 2, encoding="utf-8")  # one more byte than would be written
    before = {p.name: (p.stat().st_ino, p.stat().st_mtime_ns) for p in site.iterdir()}
    os.utime(site / "same.html", ns=(1, 1))  # an old time: kept only if the file is left alone
    write_folder(
        site, _site({"same.html": "s", "changed.html": "c2", "grown.html": "g", "linked.html": "l"}), force=True
    )
    assert (site / "same.html").stat().st_mtime_ns == 1
    assert (site / "same.html").stat().st_ino == before["same.html"][0]
    for name, text in (("changed.html", "c2"), ("grown.html", "g"), ("linked.html", "l")):
        assert (site / name).read_text(encoding="utf-8") == text
        assert (site / name).stat().st_ino != before[name][0], f"{name} is written again"
    assert (tmp_path / "elsewhere.html").read_text(encoding="utf-8") == "l"
    assert _leftovers(site) == []


def test_force_never_writes_through_a_link_or_outside_the_folder(tmp_path: Path) -> None:
    site, outside = tmp_path / "site", tmp_path / "outside"
    outside.mkdir()
    (outside / "index.html").write_text("precious", encoding="utf-8")
    write_folder(site, _site({"index.html": "1", "p/index.html": "p"}), force=False)
    (site / "index.html").unlink()
    (site / "index.html").symlink_to(outside / "index.html")
    with pytest.raises(OutputError, match="is a symbolic link"):
        write_folder(site, _site({"index.html": "2", "p/index.html": "p2"}), force=True)
    assert (outside / "index.html").read_text(encoding="utf-8") == "precious"
    assert (site / "p" / "index.html").read_text(encoding="utf-8") == "p", "refused before anything was written"
    (site / "index.html").unlink()
    (site / "p" / "index.html").unlink()
    (site / "p").rmdir()
    (site / "p").symlink_to(outside, target_is_directory=True)
    with pytest.raises(OutputError, match="is a symbolic link"):
        write_folder(site, _site({"index.html": "2", "p/index.html": "p2"}), force=True)
    assert sorted(p.name for p in outside.iterdir()) == ["index.html"]
    assert (outside / "index.html").read_text(encoding="utf-8") == "precious"


def test_a_stale_file_replaced_by_a_link_is_not_followed_when_removing(tmp_path: Path) -> None:
    site, outside = tmp_path / "site", tmp_path / "outside"
    outside.mkdir()
    (outside / "old.html").write_text("precious", encoding="utf-8")
    write_folder(site, _site({"index.html": "1", "old.html": "o"}), force=False)
    (site / "old.html").unlink()
    (site / "old.html").symlink_to(outside / "old.html")
    assert write_folder(site, _site({"index.html": "2"}), force=True) == []
    assert (outside / "old.html").read_text(encoding="utf-8") == "precious"


@pytest.mark.parametrize("rel", ["../escape.html", "/etc/passwd", "a/../../b", ""])
def test_paths_that_leave_the_folder_are_refused(tmp_path: Path, rel: str) -> None:
    with pytest.raises(OutputError, match="not a path inside"):
        write_folder(tmp_path / "site", {rel: b"x"}, force=False)


def test_a_stream_the_user_names_is_written_as_it_is(tmp_path: Path) -> None:
    import threading

    write_text(Path("/dev/null"), "discarded")
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    with pytest.raises(OutputError, match="no process reads the pipe"):
        write_text(pipe, "nobody listens")
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(pipe.read_bytes()))
    reader.start()
    for _ in range(200):  # until the reader has opened its end
        try:
            write_text(pipe, "streamed")
            break
        except OutputError:
            threading.Event().wait(0.01)
    reader.join(timeout=10)
    assert received == [b"streamed"]
    assert pipe.exists() and not pipe.is_file(), "the pipe is not replaced by a file"


def test_a_streamed_file_replaces_the_old_one_only_when_whole(tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    target.write_text("old", encoding="utf-8")
    with open_text(target) as write:
        write("{\n")
        write('  "a": "Quảng Trị"\n' * 100_000)  # more than the buffer: some of it is on the disk already
        assert target.read_text(encoding="utf-8") == "old", "the old file stays until the stream ends"
        assert _leftovers(tmp_path) != []
        write("}\n")
    assert target.read_text(encoding="utf-8") == "{\n" + '  "a": "Quảng Trị"\n' * 100_000 + "}\n"
    assert oct(target.stat().st_mode & 0o777) == oct(0o666 & ~_umask())
    assert _leftovers(tmp_path) == []


def test_a_stream_that_fails_half_way_leaves_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(RuntimeError, match="a bug half-way"), open_text(target) as write:
        write("x" * 3_000_000)
        raise RuntimeError("a bug half-way")
    assert target.read_text(encoding="utf-8") == "old"
    assert _leftovers(tmp_path) == []


def test_a_full_disk_while_streaming_leaves_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "report.json"
    target.write_text("old", encoding="utf-8")
    real_write = os.write
    written = []

    def full(fd: int, data: object) -> int:
        if written:
            raise OSError(errno.ENOSPC, "No space left on device")
        written.append(fd)
        return real_write(fd, data)  # type: ignore[arg-type]

    monkeypatch.setattr(safe_write.os, "write", full)
    with pytest.raises(OutputError, match="no space left on the device"), open_text(target) as write:
        for _ in range(10):
            write("y" * 1_000_000)
    assert written, "the stream reached the disk before it was full"
    assert target.read_text(encoding="utf-8") == "old"
    assert _leftovers(tmp_path) == []


@pytest.mark.parametrize("kind", ["folder", "symlink"])
def test_a_stream_to_a_target_of_the_wrong_kind_is_refused_before_it_starts(tmp_path: Path, kind: str) -> None:
    target = tmp_path / "out.txt"
    if kind == "folder":
        target.mkdir()
    else:
        target.symlink_to(tmp_path / "elsewhere.txt")
    started = []
    what = "folder" if kind == "folder" else "symbolic link"
    with pytest.raises(OutputError, match=f"it is a {what}"), open_text(target) as write:
        started.append(write)
    assert not started and not (tmp_path / "elsewhere.txt").exists()
    assert _leftovers(tmp_path) == []


def test_a_stream_to_a_pipe_is_written_as_it_comes(tmp_path: Path) -> None:
    import threading

    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(pipe.read_bytes()))
    reader.start()
    for _ in range(200):  # until the reader has opened its end
        try:
            with open_text(pipe) as write:
                write("một ")
                write("hai")
            break
        except OutputError:
            threading.Event().wait(0.01)
    reader.join(timeout=10)
    assert received == ["một hai".encode()]
    assert pipe.exists() and not pipe.is_file()


def test_text_is_handed_on_as_utf8_a_megabyte_at_a_time(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(safe_write, "_BUFFER", 8)
    handed: list[bytes] = []
    with safe_write.encoding(handed.append) as write:
        write("Sở ")
        assert handed == []
        write("Khoa học ")
        assert handed == ["Sở Khoa học ".encode()]  # 12 characters gathered: handed on as one piece of bytes
        write("và ")
    assert handed == ["Sở Khoa học ".encode(), "và ".encode()], "the rest is handed on when the block ends"
    with pytest.raises(RuntimeError), safe_write.encoding(handed.append) as write:
        write("bỏ dở")
        raise RuntimeError
    assert len(handed) == 2, "nothing of a block that raised"


def test_bytes_are_handed_on_a_megabyte_at_a_time_as_they_came(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(safe_write, "_BUFFER", 8)
    handed: list[bytes] = []
    big = "một đoạn dài".encode()
    with safe_write.gathering(handed.append) as write:
        write("Sở ".encode())
        assert handed == []
        write(big)
        assert handed == ["Sở ".encode() + big]
        assert handed[0] is not big
        write(big)
        assert handed[1] is big, "a piece of a megabyte or more on its own is handed on without a copy"
        write(b"x")
    assert handed[2:] == [b"x"]
    with pytest.raises(RuntimeError), safe_write.gathering(handed.append) as write:
        write(b"half")
        raise RuntimeError
    assert len(handed) == 3, "nothing of a block that raised"
