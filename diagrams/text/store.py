"""Results worth keeping between processes (typeset formulas, a font's character map), as small files in a build's
``.cache`` folder: a worker that rebuilds one figure reads them instead of importing matplotlib and parsing again.

Records are plain bytes (zlib-compressed, never pickled: the folder is as trusted as the build output), named by a
hash of what they were made from, written to a temporary file and renamed (workers writing the same record at once
leave one whole file). A record that is missing, unreadable, too large or malformed is simply made again.
"""
from __future__ import annotations

import hashlib
import os
import tempfile
import zlib
from pathlib import Path

MAX_RECORD_BYTES = 16 << 20     # after decompression: the largest formula of the book is ~100 kB

_directory: Path | None = None


def use(directory: Path | None) -> None:
    """Keep records under ``directory`` from now on (None: keep nothing between processes)."""
    global _directory
    _directory = Path(directory) if directory is not None else None


def key(*parts: str | bytes) -> str:
    h = hashlib.sha256()
    for p in parts:
        h.update(p if isinstance(p, bytes) else p.encode("utf-8"))
        h.update(b"\0")
    return h.hexdigest()


def read(kind: str, name: str) -> bytes | None:
    if _directory is None:
        return None
    try:
        data = (_directory / kind / f"{name}.z").read_bytes()
        inflate = zlib.decompressobj()
        raw = inflate.decompress(data, MAX_RECORD_BYTES)
        return raw if inflate.eof and not inflate.unconsumed_tail else None
    except (OSError, zlib.error):
        return None


def write(kind: str, name: str, data: bytes) -> None:
    """Best effort: a read-only or full disk only means the record is made again next time."""
    if _directory is None or len(data) > MAX_RECORD_BYTES:
        return
    folder = _directory / kind
    tmp = None
    try:
        folder.mkdir(exist_ok=True)      # not its parents: a folder that is gone stays gone
        if folder.is_symlink() or _directory.is_symlink():
            return          # written only inside the build's own folder
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{name}.", suffix=".tmp")   # the build's stale-temporary
        # sweep (.*.tmp) removes it if the process is killed here
        with os.fdopen(fd, "wb") as f:
            f.write(zlib.compress(data, 1))
        os.replace(tmp, folder / f"{name}.z")
        tmp = None
    except OSError:
        pass
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass

