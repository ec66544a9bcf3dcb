"""Files only their owner can read: the vault's folder 0700 and every file in it 0600, exports 0600.

Modes are set explicitly (``chmod`` after creating), so they hold whatever the process's umask is:
a umask of 000 would otherwise leave files readable and writable by everyone. SQLite creates a
database's ``-wal`` and ``-shm`` files with the database file's own permissions, so creating the
database file 0600 before SQLite first opens it keeps those private too.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

DIR_MODE = 0o700
FILE_MODE = 0o600


def private_dir(path: Path) -> Path:
    """Create ``path`` (and missing parents) if needed; make it 0700."""
    path.mkdir(parents=True, exist_ok=True, mode=DIR_MODE)
    os.chmod(path, DIR_MODE)
    return path


def private_file(path: Path) -> Path:
    """Create ``path`` empty if missing (never truncating it); make it 0600."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT, FILE_MODE)
    try:
        os.fchmod(fd, FILE_MODE)
    finally:
        os.close(fd)
    return path


def write_private(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` as a 0600 file: written beside it, flushed, then renamed into place."""
    tmp = path.with_name(f".{path.name}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
    try:
        os.fchmod(fd, FILE_MODE)
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(tmp, path)


def make_private(directory: Path) -> int:
    """Tighten a folder tree to 0700 folders and 0600 files (an older vault); returns how many changed."""
    changed = 0
    for root, dirs, files in os.walk(directory):
        for name, mode in [(root, DIR_MODE)] + [(os.path.join(root, f), FILE_MODE) for f in files]:
            try:
                st = os.lstat(name)
            except FileNotFoundError:
                continue
            if stat.S_ISLNK(st.st_mode):
                continue  # a link's target is not ours to change
            if stat.S_IMODE(st.st_mode) != mode:
                os.chmod(name, mode)
                changed += 1
        dirs[:] = [d for d in dirs if not os.path.islink(os.path.join(root, d))]
    return changed
