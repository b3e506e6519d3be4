"""Sharing keys in files and in the environment: made owner-only, used only when safe.

A key file holds the key's bytes as they are (a final line break is not part of it). It is
refused if others may read it (any of the POSIX mode bits 0o077), unless the caller allows a
shared key file, and, like a key from :data:`KEY_VARIABLE`, if the key is easy to guess
(:func:`fosterkit.analysis.sharing.key_weakness`). :func:`write_new_key` makes a good key in a
new owner-only file and never replaces one.
"""

from __future__ import annotations

import os
import secrets
import stat
from collections.abc import Mapping
from pathlib import Path

from fosterkit.analysis.sharing import NEW_KEY_BYTES, SharingError, key_weakness

__all__ = [
    "KEY_VARIABLE",
    "MAX_KEY_FILE_BYTES",
    "key_from_environment",
    "new_key",
    "read_key_file",
    "write_new_key",
]

#: The environment variable a sharing key may come from, as text, when no key file is given.
KEY_VARIABLE = "FOSTERKIT_SHARING_KEY"
#: A key file larger than this is not a key file (a records file given by mistake, say).
MAX_KEY_FILE_BYTES = 1024
_LINE_BREAK = (b"\n", b"\r")


def new_key() -> bytes:
    """A new random key of :data:`~fosterkit.analysis.sharing.NEW_KEY_BYTES` bytes that sharing accepts.

    The key never ends in a line-break byte, so it reads back whole from a key file.
    """
    while True:
        key = secrets.token_bytes(NEW_KEY_BYTES)
        if key_weakness(key) is None and key[-1:] not in _LINE_BREAK:
            return key


def write_new_key(path: str | os.PathLike[str]) -> None:
    """Write a :func:`new_key` to a new file at ``path``, readable and writable by its owner only.

    An existing file (or link) at ``path`` is never replaced: a new key gives new pseudonyms, so
    extracts made with the old one could no longer be matched.
    """
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
    try:
        handle = os.open(path, flags, 0o600)
    except FileExistsError:
        raise SharingError(
            f"{os.fspath(path)} already exists; a new key is never written over a file (the old key "
            "may be needed to match earlier extracts): choose another name"
        ) from None
    try:
        if os.name == "posix":
            os.fchmod(handle, 0o600)
        key = new_key()
        written = 0
        while written < len(key):
            written += os.write(handle, key[written:])
        os.fsync(handle)
    except BaseException:
        os.close(handle)
        Path(path).unlink(missing_ok=True)
        raise
    os.close(handle)


def _shared_mode(mode: int) -> bool:
    return os.name == "posix" and bool(stat.S_IMODE(mode) & 0o077)


def read_key_file(path: str | os.PathLike[str], *, allow_shared: bool = False) -> bytes:
    """The key held in the file at ``path``, without a final line break.

    Raises :class:`~fosterkit.analysis.sharing.SharingError` naming the file if it is missing,
    not a small regular file, readable by others (unless ``allow_shared``), or holds a weak key.
    """
    name = os.fspath(path)
    try:
        # non-blocking, so a named pipe given by mistake is refused rather than waited on
        handle = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except FileNotFoundError:
        raise SharingError(
            f"{name}: there is no such key file; make a new key with 'fosterkit share --new-key {name}'"
        ) from None
    try:
        status = os.fstat(handle)
        if not stat.S_ISREG(status.st_mode):
            raise SharingError(f"{name}: a key file must be a regular file")
        if _shared_mode(status.st_mode) and not allow_shared:
            raise SharingError(
                f"{name}: the key file can be read by other users (mode {stat.S_IMODE(status.st_mode):04o}); "
                f"make it owner-only with 'chmod 600 {name}', or give --allow-shared-key-file if it is "
                "shared on purpose"
            )
        data = b""
        while len(data) <= MAX_KEY_FILE_BYTES:
            chunk = os.read(handle, MAX_KEY_FILE_BYTES + 1 - len(data))
            if not chunk:
                break
            data += chunk
    finally:
        os.close(handle)
    if len(data) > MAX_KEY_FILE_BYTES:
        raise SharingError(f"{name}: this is not a key file (more than {MAX_KEY_FILE_BYTES} bytes)")
    key = data.removesuffix(b"\n").removesuffix(b"\r")
    weakness = key_weakness(key)
    if weakness is not None:
        raise SharingError(f"{name}: this key is refused: {weakness}")
    return key


def key_from_environment(environ: Mapping[str, str] | None = None) -> bytes | None:
    """The key in :data:`KEY_VARIABLE` (its text as UTF-8 bytes), or ``None`` if it is unset or empty.

    A variable holds text, so a good key there is a long random hex string (64 digits or more,
    ``secrets.token_hex(32)``); a weak key raises :class:`~fosterkit.analysis.sharing.SharingError`.
    """
    text = (os.environ if environ is None else environ).get(KEY_VARIABLE, "")
    if not text:
        return None
    key = text.encode("utf-8", "surrogateescape")
    weakness = key_weakness(key)
    if weakness is not None:
        raise SharingError(
            f"{KEY_VARIABLE}: this key is refused: {weakness}; a key in the variable is best 64 random "
            'hex digits (python -c "import secrets; print(secrets.token_hex(32))")'
        )
    return key
