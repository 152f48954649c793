"""Run a function in a helper process that can be killed when it overruns its time limit.

trafilatura (lxml underneath) cannot be interrupted by a signal: a pathological page keeps the
C parser busy and SIGALRM never gets a chance to run Python code. So extraction runs in a
long-lived child process (started with subprocess, not multiprocessing, because batch workers
may be daemonic processes, which multiprocessing forbids from having children). On timeout the
child is killed and a fresh one is started on the next call. One child per calling process,
reused, so the import cost of trafilatura is paid once.

Protocol: length-prefixed pickles over the child's stdin/stdout, both trusted (our own code).
"""

from __future__ import annotations

import atexit
import importlib
import os
import pickle
import selectors
import struct
import subprocess
import sys
import threading
import time
import traceback
from typing import Any

# Memory cap for the child: an absurd page fails with MemoryError in the child instead of
# pushing the shared machine into swap.
CHILD_MEMORY_BYTES = 2 * 1024 ** 3
_HEADER = struct.Struct("!Q")


class SandboxTimeout(Exception):
    pass


class SandboxCrashed(Exception):
    pass


class _Worker:
    def __init__(self) -> None:
        # The child must import this package even when it is used from a checkout that is not
        # installed (a script that put the repository on sys.path).
        root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
        path = os.pathsep.join(p for p in (root, os.environ.get("PYTHONPATH")) if p)
        env = dict(os.environ, PYTHONUNBUFFERED="1", PYTHONPATH=path)
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "pipeline.ingest.sandbox"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env,
        )
        self.pid = self.proc.pid

    def call(self, target: str, args: tuple[Any, ...], timeout: float) -> Any:
        payload = pickle.dumps((target, args), protocol=pickle.HIGHEST_PROTOCOL)
        assert self.proc.stdin and self.proc.stdout
        try:
            self.proc.stdin.write(_HEADER.pack(len(payload)) + payload)
            self.proc.stdin.flush()
        except (BrokenPipeError, OSError) as exc:
            raise SandboxCrashed(f"extractor process gone: {exc}") from exc
        deadline = time.monotonic() + timeout
        header = self._read(_HEADER.size, deadline)
        (size,) = _HEADER.unpack(header)
        ok, value = pickle.loads(self._read(size, deadline))
        if ok:
            return value
        raise value

    def _read(self, n: int, deadline: float) -> bytes:
        assert self.proc.stdout
        fd = self.proc.stdout.fileno()
        chunks: list[bytes] = []
        got = 0
        with selectors.DefaultSelector() as sel:
            sel.register(fd, selectors.EVENT_READ)
            while got < n:
                remaining = deadline - time.monotonic()
                if remaining <= 0 or not sel.select(remaining):
                    raise SandboxTimeout()
                chunk = os.read(fd, min(n - got, 1 << 20))
                if not chunk:
                    code = self.proc.poll()
                    raise SandboxCrashed(f"extractor process died (exit code {code})")
                chunks.append(chunk)
                got += len(chunk)
        return b"".join(chunks)

    def kill(self) -> None:
        try:
            self.proc.kill()
            self.proc.wait(timeout=5)
        except (OSError, subprocess.TimeoutExpired):
            pass
        for stream in (self.proc.stdin, self.proc.stdout):
            try:
                if stream:
                    stream.close()
            except OSError:
                pass


_worker: _Worker | None = None
_worker_pid_owner: int | None = None  # the pid that started the worker (forks must not share)
_lock = threading.Lock()


def run_isolated(target: str, args: tuple[Any, ...], timeout: float) -> Any:
    """Call `module:function`(*args) in the helper process; kill it after `timeout` seconds.

    Raises SandboxTimeout, SandboxCrashed, or the function's own exception.
    """
    global _worker, _worker_pid_owner
    with _lock:
        if _worker is None or _worker_pid_owner != os.getpid() or _worker.proc.poll() is not None:
            _worker = _Worker()
            _worker_pid_owner = os.getpid()
        worker = _worker
        try:
            return worker.call(target, args, timeout)
        except (SandboxTimeout, SandboxCrashed):
            worker.kill()
            _worker = None
            raise


def shutdown() -> None:
    global _worker
    if _worker is not None and _worker_pid_owner == os.getpid():
        _worker.kill()
        _worker = None


atexit.register(shutdown)


def _serve() -> None:
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (CHILD_MEMORY_BYTES, CHILD_MEMORY_BYTES))
    except (ImportError, ValueError, OSError):
        pass
    sys.setrecursionlimit(8000)  # deep but sane pages; the C stack is the real limit
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    while True:
        header = stdin.read(_HEADER.size)
        if len(header) < _HEADER.size:
            return  # parent closed the pipe
        (size,) = _HEADER.unpack(header)
        target, args = pickle.loads(stdin.read(size))
        try:
            module, name = target.split(":")
            result = (True, getattr(importlib.import_module(module), name)(*args))
        except BaseException as exc:  # noqa: BLE001 - every failure goes back to the parent
            # Say where it failed: the parent only sees the exception, not the child's stack.
            frames = traceback.extract_tb(exc.__traceback__)
            if frames:
                exc.args = (f"{exc} (at {os.path.basename(frames[-1].filename)}:"
                            f"{frames[-1].lineno})",)
            try:
                pickle.dumps(exc)
                result = (False, exc)
            except Exception:  # noqa: BLE001 - unpicklable exception: send its description
                result = (False, RuntimeError(f"{type(exc).__name__}: {exc}"))
        data = pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
        stdout.write(_HEADER.pack(len(data)) + data)
        stdout.flush()


if __name__ == "__main__":
    _serve()
