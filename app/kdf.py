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


def scrypt(passphrase: str, kdf: dict[str, Any]) -> bytes:
    """scrypt over the NFC-normalised UTF-8 passphrase with the header's parameters."""
    n, r, p, dklen = int(kdf["n"]), int(kdf["r"]), int(kdf["p"]), int(kdf["dklen"])
    salt = base64.b64decode(str(kdf["salt"]).encode("ascii"), validate=True)
    secret = unicodedata.normalize("NFC", passphrase).encode("utf-8")
    return hashlib.scrypt(secret, salt=salt, n=n, r=r, p=p, maxmem=256 * n * r + 2**20, dklen=dklen)


def derive_ahead(directory: Path | str, passphrase: str) -> None:
    """Start deriving the key of the vault in ``directory`` on a thread; nothing when it has no header."""
    try:
        kdf = json.loads((Path(directory) / HEADER_NAME).read_text("utf-8"))["kdf"]
        if kdf.get("name") != "scrypt":
            return
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
    """The key-encryption key: the one derived ahead for these inputs, or derived now."""
    with _lock:
        ahead = _ahead.pop(_inputs(passphrase, kdf), None)
    if ahead is not None:
        thread, box = ahead
        thread.join()
        if box:
            return box.pop()
    return scrypt(passphrase, kdf)
