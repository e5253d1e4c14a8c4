"""Reading a scanned file safely: regular files only, a size cap checked before reading,
and one decoding (UTF-8, or UTF-16/UTF-32 when a byte order mark says so)."""

from __future__ import annotations

import os
import stat

from .sha import sha256

# Byte order marks, longest first (the UTF-32 LE mark starts with the UTF-16 LE one).
_BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)

# Control bytes that text files do not hold (tab, line breaks, form feed and escape excepted):
# more than one in 32 bytes at the start, one of them a NUL, is a binary file.
_CONTROL = bytes(c for c in range(32) if c not in (9, 10, 11, 12, 13, 27))


class Unreadable(Exception):
    """Why a file is not scanned; the message names no content. `head`: the file's first bytes,
    when it is text that cannot be read (not UTF-8, too large), to tell its kind by."""

    def __init__(self, message: str, level: str = "warning", head: bytes | None = None) -> None:
        super().__init__(message)
        self.level = level
        self.head = head


class NotText(Unreadable):
    """An image, archive, font, compiled file ...: not ours to scan, counted rather than reported."""

    def __init__(self) -> None:
        super().__init__("binary file; skipped", level="note")


class NotUtf8(Unreadable):
    """Text in another 8-bit encoding (Latin-1, a legacy code page): not decoded as UTF-8, but it
    can be read byte for byte (`data`), every ASCII character where it is written."""

    def __init__(self, start: int, head: bytes, data: bytes) -> None:
        super().__init__(f"not UTF-8 text (byte {start}); skipped", head=head)
        self.start = start
        self.data = data


# Signatures of files that are not text. The short ones (MZ, BM) need a NUL as well.
_MAGIC = (
    b"\x89PNG", b"GIF87a", b"GIF89a", b"\xff\xd8\xff", b"%PDF-", b"PK\x03\x04", b"PK\x05\x06",
    b"\x1f\x8b", b"BZh91", b"\xfd7zXZ\x00", b"7z\xbc\xaf", b"\x28\xb5\x2f\xfd", b"!<arch>\n",
    b"\x7fELF", b"\xca\xfe\xba\xbe", b"\xcf\xfa\xed\xfe", b"\x00asm", b"wOFF", b"wOF2",
    b"SQLite format 3\x00", b"\xd0\xcf\x11\xe0", b"OggS", b"fLaC", b"\x1aE\xdf\xa3",
)
_WEAK_MAGIC = (b"MZ", b"BM", b"RIFF", b"ID3", b"II*\x00", b"MM\x00*", b"\x00\x01\x00\x00", b"OTTO")


def is_binary(head: bytes) -> bool:
    """Content sniffing on the first bytes: a file signature (PNG, gzip, zip, ELF ...), or a
    NUL among many control bytes. Text with a byte order mark is text."""
    if any(head.startswith(bom) for bom, _ in _BOMS):
        return False
    if head.startswith(_MAGIC) or head[257:262] == b"ustar":
        return True
    controls = len(head) - len(head.translate(None, _CONTROL))  # one pass, in C
    if b"\0" not in head:
        return len(head) < 10 * controls  # serialized data (protobuf ...): more than 1 in 10
    return head.startswith(_WEAK_MAGIC) or len(head) < 32 * controls


def _head(path: str) -> bytes:
    try:
        with open(path, "rb") as fh:
            return fh.read(8192)
    except OSError:
        return b""


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "is a directory"
    if stat.S_ISFIFO(mode):
        return "is a named pipe"
    if stat.S_ISSOCK(mode):
        return "is a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "is a device"
    return "is not a regular file"


def read_bytes(path: str, limit: int) -> bytes:
    """The bytes of a regular file of at most `limit` bytes. A named pipe or a device is
    never opened for a blocking read, and a file is never read past the limit."""
    try:
        st = os.stat(path)
        if not stat.S_ISREG(st.st_mode):
            raise Unreadable(f"{_kind(st.st_mode)}; skipped")
        if st.st_size > limit:
            head = _head(path)
            if is_binary(head):
                raise NotText
            raise Unreadable(f"larger than {limit} bytes; skipped", head=head)
        # O_NONBLOCK: should the file be swapped for a pipe after the stat, open does not wait.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
        try:
            st = os.fstat(fd)
            if not stat.S_ISREG(st.st_mode):
                raise Unreadable(f"{_kind(st.st_mode)}; skipped")
            data = _read_fd(fd, limit + 1, st.st_size)
        finally:
            os.close(fd)
    except OSError as e:
        raise Unreadable(f"cannot read ({e.strerror or type(e).__name__}); skipped") from None
    if len(data) > limit:
        raise Unreadable(f"larger than {limit} bytes; skipped", head=data[:8192])
    return data


def _read_fd(fd: int, most: int, size: int) -> bytes:
    """Up to `most` bytes of an open file, to its end (`size`: what stat said it holds)."""
    first = os.read(fd, min(most, size + 1))  # a regular file gives it all in one read
    if len(first) > size or len(first) >= most:
        return first
    parts = [first]
    got = len(first)
    while got < most:
        more = os.read(fd, min(most - got, 1 << 20))
        if not more:
            break
        parts.append(more)
        got += len(more)
    return b"".join(parts)


def decode(data: bytes) -> tuple[str, str]:
    """Text and encoding: a byte order mark decides, else UTF-8. The mark is not part of the
    text. A file that is not text raises Unreadable; a stray NUL in UTF-8 text does not."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(encoding), encoding
            except UnicodeDecodeError as e:
                raise Unreadable(f"not {encoding.upper()} text (byte {e.start + len(bom)}); skipped") from None
    head = data[:8192]
    if is_binary(head):
        raise NotText
    try:
        return data.decode("utf-8"), ""
    except UnicodeDecodeError as e:
        if b"\0" in head:
            raise NotText from None
        raise NotUtf8(e.start, head, data) from None


# Settings, baselines, policies, .gitignore files: read whole, but never a pipe or a device.
AUX_LIMIT = 50_000_000


def read_text(path: str | os.PathLike[str], limit: int = AUX_LIMIT) -> str:
    """A regular text file of at most `limit` bytes, decoded as decode() does."""
    return decode(read_bytes(os.fspath(path), limit))[0]


def encode(text: str, encoding: str) -> bytes:
    """The inverse of decode: `encoding` is what decode returned ("" for UTF-8 without BOM)."""
    if not encoding:
        return text.encode("utf-8", "surrogatepass")
    bom = next(b for b, e in _BOMS if e == encoding)
    return bom + text.encode(encoding, "surrogatepass")


def digest(text: str) -> str:
    """What --fix compares to know that a file is still the one the scan read."""
    return sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
