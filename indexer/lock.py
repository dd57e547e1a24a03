"""One writer per index: an advisory lock held for the whole build."""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
from collections.abc import Iterator
from pathlib import Path


class IndexLocked(RuntimeError):
    """Another ``course-search index`` is building this index."""


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@contextlib.contextmanager
def build_lock(
    index_dir: Path, *, wait: bool = False, notes: list[str] | None = None
) -> Iterator[None]:
    """Hold the index's build lock. The kernel drops it when the holder dies, so a lock file left
    by a killed build never blocks the next one; that case is noted for the build summary."""
    index_dir.mkdir(parents=True, exist_ok=True)
    path = index_dir / ".lock"
    with path.open("a+", encoding="ascii") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except OSError as exc:
            if exc.errno not in (errno.EAGAIN, errno.EACCES):
                raise
            handle.seek(0)
            holder = handle.read().strip() or "unknown"
            raise IndexLocked(
                f"another build (pid {holder}) is writing {index_dir}; "
                "wait for it to finish or pass --wait"
            ) from None
        handle.seek(0)
        previous = handle.read().strip()
        if previous.isdigit() and int(previous) != os.getpid() and notes is not None:
            state = "still running but not building" if _alive(int(previous)) else "dead"
            notes.append(f"cleared a lock left by pid {previous} ({state})")
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        try:
            yield
        finally:
            handle.seek(0)
            handle.truncate()
            handle.flush()
            fcntl.flock(handle, fcntl.LOCK_UN)
