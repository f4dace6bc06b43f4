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
MAX_RECORDS = 5_000             # per kind; past it a build removes the oldest half (the book has ~650 formulas:
                                # old records pile up as formulas and the engine change)

_directory: Path | None = None
_reading = True


def use(directory: Path | None, read: bool = True) -> None:
    """Keep records under ``directory`` from now on (None: keep nothing between processes); ``read=False`` makes
    everything again and only writes (a forced rebuild)."""
    global _directory, _reading
    _directory = Path(directory) if directory is not None else None
    _reading = read


def key(*parts: str | bytes) -> str:
    h = hashlib.sha256()
    for p in parts:
        h.update(p if isinstance(p, bytes) else p.encode("utf-8"))
        h.update(b"\0")
    return h.hexdigest()


def read(kind: str, name: str) -> bytes | None:
    if _directory is None or not _reading:
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



def trim(directory: Path, max_records: int = MAX_RECORDS) -> int:
    """Keep at most ``max_records`` records of each kind under ``directory``: past that, the oldest half (by the
    time they were written) go. Returns how many were removed."""
    removed = 0
    directory = Path(directory)
    folders = [p for p in directory.iterdir() if p.is_dir() and not p.is_symlink()] if directory.is_dir() else []
    for folder in folders:
        records = list(folder.glob("*.z"))
        if len(records) <= max_records:
            continue
        dated = []
        for r in records:
            try:
                dated.append((r.stat().st_mtime_ns, r.name, r))
            except OSError:
                pass
        dated.sort()
        for _, _, r in dated[:len(dated) - max_records // 2]:
            try:
                r.unlink()
                removed += 1
            except OSError:
                pass
    return removed
