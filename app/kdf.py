"""The passphrase's key derivation (scrypt), and starting it while the rest of a command loads.

hashlib's scrypt releases the GIL, so a command that already has the passphrase can derive the
key-encryption key on a thread while it imports the core (~0.25 s of work side by side instead of
one after the other). ``derive_ahead`` starts that; ``derive`` (what the vault's unlock calls) takes
the result when its inputs are the same ones, and derives afresh otherwise. The derived key is held
only until taken, and a thread's result that nobody takes dies with the process.

Plain module: standard library only, so the command line may call it before anything else loads.
"""

from __future__ import annotations

import base64
import hashlib
import json
import threading
import unicodedata
from pathlib import Path
from typing import Any

HEADER_NAME = "header.json"

_lock = threading.Lock()
_ahead: dict[tuple[str, str], tuple[threading.Thread, list[bytes]]] = {}


def _inputs(passphrase: str, kdf: dict[str, Any]) -> tuple[str, str]:
    # What identifies a derivation: the parameters (salt included) and the passphrase's digest.
    params = json.dumps(kdf, sort_keys=True)
    return params, hashlib.sha256(unicodedata.normalize("NFC", passphrase).encode("utf-8")).hexdigest()


# What a header may ask for. Anything outside is refused before scrypt runs: a header edited to
# p=4096 would otherwise hold the unlock for half an hour, and some values make hashlib raise.
# n's floor is 2**12 because FAST_KDF (tests, fixtures, and the vaults in tests/fixtures) uses it;
# a lower cost in an edited header cannot weaken a key anyway (the wrap's associated data binds them).
N_MIN, N_MAX = 2**12, 2**22
R_MIN, R_MAX = 1, 32
P_MIN, P_MAX = 1, 16
DKLEN_MIN, DKLEN_MAX = 16, 64
SALT_MIN, SALT_MAX = 16, 64


class KdfRefused(ValueError):
    """A KDF parameter outside what Huiliu accepts; ``field`` names it, ``allowed`` says what is."""

    def __init__(self, field: str, allowed: str) -> None:
        super().__init__(f"kdf {field} must be {allowed}")
        self.field = field
        self.allowed = allowed


def _int(kdf: dict[str, Any], field: str, low: int, high: int, allowed: str) -> int:
    value = kdf.get(field)
    if type(value) is not int or not low <= value <= high:  # bool, float, str: refused too
        raise KdfRefused(field, allowed)
    return value


def check(kdf: Any) -> None:
    """Raise KdfRefused unless ``kdf`` is scrypt with parameters inside the bounds above."""
    if not isinstance(kdf, dict):
        raise KdfRefused("kdf", "an object")
    if kdf.get("name") != "scrypt":
        raise KdfRefused("name", '"scrypt"')
    n = _int(kdf, "n", N_MIN, N_MAX, "a power of two from 2**12 to 2**22")
    if n & (n - 1):
        raise KdfRefused("n", "a power of two from 2**12 to 2**22")
    r = _int(kdf, "r", R_MIN, R_MAX, f"from {R_MIN} to {R_MAX}")
    _int(kdf, "p", P_MIN, P_MAX, f"from {P_MIN} to {P_MAX}")
    _int(kdf, "dklen", DKLEN_MIN, DKLEN_MAX, f"from {DKLEN_MIN} to {DKLEN_MAX}")
    if n >= 2 ** (16 * r):  # scrypt's own limit (n < 2**(128*r/8)); hashlib raises ValueError past it
        raise KdfRefused("n", f"below 2**{16 * r} when r is {r}")
    salt_allowed = f"base64 of {SALT_MIN} to {SALT_MAX} bytes"
    try:
        salt = base64.b64decode(str(kdf["salt"]).encode("ascii"), validate=True)
    except (KeyError, ValueError, UnicodeEncodeError):
        raise KdfRefused("salt", salt_allowed) from None
    if not isinstance(kdf["salt"], str) or not SALT_MIN <= len(salt) <= SALT_MAX:
        raise KdfRefused("salt", salt_allowed)


def scrypt(passphrase: str, kdf: dict[str, Any]) -> bytes:
    """scrypt over the NFC-normalised UTF-8 passphrase with the header's parameters (checked first)."""
    check(kdf)
    n, r, p, dklen = int(kdf["n"]), int(kdf["r"]), int(kdf["p"]), int(kdf["dklen"])
    salt = base64.b64decode(str(kdf["salt"]).encode("ascii"), validate=True)
    secret = unicodedata.normalize("NFC", passphrase).encode("utf-8")
    return hashlib.scrypt(secret, salt=salt, n=n, r=r, p=p, maxmem=256 * n * r + 2**20, dklen=dklen)


def derive_ahead(directory: Path | str, passphrase: str) -> None:
    """Start deriving the key of the vault in ``directory`` on a thread; nothing when it has no header."""
    try:
        kdf = json.loads((Path(directory) / HEADER_NAME).read_text("utf-8"))["kdf"]
        check(kdf)  # never start a derivation the unlock would refuse
        key = _inputs(passphrase, kdf)
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return  # the unlock itself reports what is wrong with the header
    box: list[bytes] = []

    def run() -> None:
        try:
            box.append(scrypt(passphrase, kdf))
        except (ValueError, MemoryError):
            pass  # derived again, with its error, when the vault is opened

    thread = threading.Thread(target=run, name="huiliu-kdf", daemon=True)
    with _lock:
        _ahead[key] = (thread, box)
    thread.start()


def derive(passphrase: str, kdf: dict[str, Any]) -> bytes:
    """The key-encryption key: the one derived ahead for these inputs, or derived now.

    Raises KdfRefused for parameters outside the bounds, before any derivation."""
    check(kdf)
    with _lock:
        ahead = _ahead.pop(_inputs(passphrase, kdf), None)
    if ahead is not None:
        thread, box = ahead
        thread.join()
        if box:
            return box.pop()
    return scrypt(passphrase, kdf)
