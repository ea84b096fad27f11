"""A seccomp filter that stops this process from opening network connections, for good.

kg.read.sandbox installs it in every worker that runs a user's query, before the query is
read. It refuses (EPERM) socket, connect, bind, listen, accept, accept4 and
io_uring_setup (io_uring could open and connect sockets past the filter), and ends the
process on a system call of another ABI (x86-64's x32 and i386 calls), which no worker
makes. Pipes already open keep working.

Fifteen classic-BPF instructions, built here with ctypes rather than through libseccomp
(e.g. the pyseccomp package): nothing to install, no system library to find, and short
enough to check by reading. The numbers are the kernel's, for x86-64 and arm64.
"""

from __future__ import annotations

import ctypes
import os
import platform
import struct
from typing import NamedTuple


class FilterUnavailable(Exception):
    """This system cannot install the filter; the message says why."""


class _Arch(NamedTuple):
    audit: int  # AUDIT_ARCH_* that seccomp reports for this system's own system calls
    seccomp: int  # the seccomp() system call
    refused: tuple[int, ...]  # socket, connect, accept, bind, listen, accept4, io_uring_setup


_ARCHES = {
    "x86_64": _Arch(0xC000003E, 317, (41, 42, 43, 49, 50, 288, 425)),
    "aarch64": _Arch(0xC00000B7, 277, (198, 203, 202, 200, 201, 242, 425)),
}
_ARCHES["amd64"], _ARCHES["arm64"] = _ARCHES["x86_64"], _ARCHES["aarch64"]

_LD_W_ABS, _JEQ, _JGE, _RET = (
    0x20,
    0x15,
    0x35,
    0x06,
)  # BPF_LD|W|ABS, BPF_JMP|JEQ|K, …|JGE|K, BPF_RET|K
_ALLOW, _KILL, _ERRNO = (
    0x7FFF0000,
    0x80000000,
    0x00050000,
)  # SECCOMP_RET_ALLOW, _KILL_PROCESS, _ERRNO
_EPERM = 1
_X32 = 0x40000000  # x86-64's x32 system calls: numbers with this bit set
_PR_SET_NO_NEW_PRIVS = 38
_SET_MODE_FILTER, _FLAG_TSYNC = 1, 1


class _FilterProgram(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]


def _program(arch: _Arch) -> list[bytes]:
    """Refuse (EPERM) the network system calls; end the process on any other ABI's calls."""

    def op(code: int, k: int, jt: int = 0, jf: int = 0) -> bytes:
        return struct.pack("HBBI", code, jt, jf, k)

    count = len(arch.refused)
    return [
        op(_LD_W_ABS, 4),  # seccomp_data.arch
        op(_JEQ, arch.audit, 1, 0),
        op(_RET, _KILL),
        op(_LD_W_ABS, 0),  # seccomp_data.nr
        op(_JGE, _X32, 0, 1),
        op(_RET, _KILL),
        *(op(_JEQ, number, count - i, 0) for i, number in enumerate(arch.refused)),
        op(_RET, _ALLOW),
        op(_RET, _ERRNO | _EPERM),
    ]


def refuse_network() -> None:
    """Install the filter on every thread of this process, for good; FilterUnavailable if
    this system cannot (not Linux, another processor, no seccomp)."""
    arch = _ARCHES.get(platform.machine().lower())
    if platform.system() != "Linux" or arch is None:
        raise FilterUnavailable(
            f"kg's query sandbox needs Linux on x86-64 or arm64, not "
            f"{platform.system()} on {platform.machine() or 'this machine'}"
        )
    libc = ctypes.CDLL(None, use_errno=True)
    code = b"".join(_program(arch))
    buffer = ctypes.create_string_buffer(code)
    program = _FilterProgram(len(code) // 8, ctypes.cast(buffer, ctypes.c_void_p))
    if (
        libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0
        or libc.syscall(arch.seccomp, _SET_MODE_FILTER, _FLAG_TSYNC, ctypes.byref(program)) != 0
    ):
        raise FilterUnavailable(
            f"kg's query sandbox (seccomp) cannot be installed here: "
            f"{os.strerror(ctypes.get_errno())}"
        )
