"""National (SM) cryptography used by the vault.

SM3, HMAC-SM3, HKDF-SM3 and SM4 (ECB, GCM) come from ``cryptography`` (OpenSSL); gmssl's pure-Python
versions are hundreds of times slower. SM2 signatures use gmssl only for the elliptic-curve point
arithmetic: the hashing (Z_A, e), the nonce and the signature equations are done here, because gmssl
draws nonces from ``random``, hashes with its slow SM3, and its ``verify`` mishandles P1 == P2,
P1 == -P2 and out-of-range r, s.

Sealed envelope (``Sealer``), version 1::

    version (1 byte) | key id (8 bytes) | nonce (12 bytes) | ciphertext | tag (16 bytes)

SM4-GCM with associated data ``version | key id | aad``: the header is authenticated too, so a
future format version or another key can never reinterpret an old envelope.
"""

from __future__ import annotations

import os
import re
import secrets
from collections import deque
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, hmac
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from gmssl.sm2 import CryptSM2

__all__ = [
    "ENVELOPE_VERSION",
    "SM2_DEFAULT_USER_ID",
    "AuthenticationFailed",
    "Sealer",
    "hkdf_sm3",
    "hmac_sm3",
    "key_id_for",
    "sm2_generate_keypair",
    "sm2_message_digest",
    "sm2_public_from_private",
    "sm2_sign",
    "sm2_verify",
    "sm2_z_a",
    "sm3",
    "sm4_ecb_encrypt_block",
    "sm4_ecb_encrypt_iterated",
    "sm4_gcm_decrypt",
    "sm4_gcm_encrypt",
]

SM4_KEY_SIZE = 16
SM4_BLOCK_SIZE = 16
GCM_NONCE_SIZE = 12
GCM_TAG_SIZE = 16

ENVELOPE_VERSION = 1
KEY_ID_SIZE = 8
_ENVELOPE_OVERHEAD = 1 + KEY_ID_SIZE + GCM_NONCE_SIZE + GCM_TAG_SIZE
_NONCE_START = 1 + KEY_ID_SIZE
_BODY_START = _NONCE_START + GCM_NONCE_SIZE
_KEY_ID_LABEL = b"huiliu-key-id-v1"


class AuthenticationFailed(Exception):
    """A sealed value or SM4-GCM ciphertext did not authenticate (altered, moved, or another key)."""


# --- SM3 / HMAC / HKDF -------------------------------------------------------------------------


def sm3(data: bytes) -> bytes:
    """SM3 digest (GB/T 32905-2016), 32 bytes."""
    h = hashes.Hash(hashes.SM3())
    h.update(data)
    return h.finalize()


def hmac_sm3(key: bytes, data: bytes) -> bytes:
    """HMAC (RFC 2104) with SM3, 32 bytes."""
    h = hmac.HMAC(key, hashes.SM3())
    h.update(data)
    return h.finalize()


def hkdf_sm3(key: bytes, info: bytes, length: int = 16, salt: bytes | None = None) -> bytes:
    """HKDF (RFC 5869) with SM3: derive ``length`` bytes from input keying material ``key``."""
    return HKDF(algorithm=hashes.SM3(), length=length, salt=salt, info=info).derive(key)


def key_id_for(key: bytes) -> bytes:
    """The 8-byte key id stored in envelopes sealed under ``key``."""
    return sm3(_KEY_ID_LABEL + key)[:KEY_ID_SIZE]


# --- SM4 ---------------------------------------------------------------------------------------


def sm4_ecb_encrypt_block(key: bytes, block: bytes) -> bytes:
    """Encrypt exactly one 16-byte block with raw SM4 (known-answer tests only, never for data)."""
    return sm4_ecb_encrypt_iterated(key, block, 1)


def sm4_ecb_encrypt_iterated(key: bytes, block: bytes, rounds: int) -> bytes:
    """Encrypt one 16-byte block ``rounds`` times in a row (GB/T 32907 example 2)."""
    if len(block) != SM4_BLOCK_SIZE:
        raise ValueError(f"SM4 block must be {SM4_BLOCK_SIZE} bytes, got {len(block)}")
    if rounds < 0:
        raise ValueError("rounds must not be negative")
    # One encryptor for all rounds: ECB keeps no state between whole blocks, and building a
    # context per round would dominate the million-round example.
    encryptor = Cipher(algorithms.SM4(key), modes.ECB()).encryptor()
    for _ in range(rounds):
        block = encryptor.update(block)
    encryptor.finalize()
    return block


def sm4_gcm_encrypt(key: bytes, nonce: bytes, plaintext: bytes, aad: bytes) -> tuple[bytes, bytes]:
    """SM4-GCM (RFC 8998) encrypt; returns (ciphertext, 16-byte tag)."""
    encryptor = Cipher(algorithms.SM4(key), modes.GCM(nonce)).encryptor()
    encryptor.authenticate_additional_data(aad)
    ciphertext = encryptor.update(plaintext)
    encryptor.finalize()
    return ciphertext, encryptor.tag


def sm4_gcm_decrypt(key: bytes, nonce: bytes, ciphertext: bytes, tag: bytes, aad: bytes) -> bytes:
    """SM4-GCM (RFC 8998) decrypt; raises AuthenticationFailed if the tag does not match."""
    return _gcm_open(algorithms.SM4(key), nonce, ciphertext, tag, aad)


def _gcm_open(algorithm: algorithms.SM4, nonce: bytes, ciphertext: bytes, tag: bytes, aad: bytes) -> bytes:
    # A truncated tag is a forgery attempt, not a programming error: report it like a wrong tag
    # instead of letting modes.GCM raise ValueError.
    if len(tag) != GCM_TAG_SIZE:
        raise AuthenticationFailed(f"tag must be {GCM_TAG_SIZE} bytes, got {len(tag)}")
    decryptor = Cipher(algorithm, modes.GCM(nonce, tag)).decryptor()
    decryptor.authenticate_additional_data(aad)
    plaintext = decryptor.update(ciphertext)
    try:
        decryptor.finalize()
    except InvalidTag:
        raise AuthenticationFailed("authentication tag does not match") from None
    return plaintext


# --- Sealed envelopes --------------------------------------------------------------------------


_NONCE_BATCH = 256
_fork_generation = [0]


def _after_fork_in_child() -> None:
    _fork_generation[0] += 1


os.register_at_fork(after_in_child=_after_fork_in_child)


def _direct_encryptor_factory() -> Any:
    """cryptography's own encryptor constructor, skipping the Cipher wrapper's per-call checks.

    Sealing 100k rows spends a third of its time in that wrapper. The function is internal to
    cryptography, so it is used only when present and only after it reproduces RFC 8998's SM4-GCM
    vector here; otherwise sealing takes the public path (same bytes, a little slower).
    """
    try:
        from cryptography.hazmat.bindings._rust import openssl as rust_openssl

        create = rust_openssl.ciphers.create_encryption_ctx
        key = bytes.fromhex("0123456789abcdeffedcba9876543210")
        ctx = create(algorithms.SM4(key), modes.GCM(bytes.fromhex("00001234567800000000abcd")))
        ctx.authenticate_additional_data(bytes.fromhex("feedfacedeadbeeffeedfacedeadbeefabaddad2"))
        out = ctx.update(bytes.fromhex("".join(c * 16 for c in "abcdefea")))
        ctx.finalize()
        if out[:16].hex() == "17f399f08c67d5ee19d0dc9969c4bb7d" and ctx.tag.hex() == "83de3541e4c2b58177e065a9bf7b62ec":
            return create
    except Exception:  # any change inside cryptography: fall back to the public API
        pass
    return None


_DIRECT_ENCRYPTOR = _direct_encryptor_factory()


class Sealer:
    """Seals and opens version-1 envelopes under one 16-byte SM4 data key."""

    __slots__ = ("_algorithm", "_header", "_key_id", "_nonces", "_nonce_gen")

    def __init__(self, key: bytes, key_id: bytes) -> None:
        if len(key) != SM4_KEY_SIZE:
            raise ValueError(f"SM4 key must be {SM4_KEY_SIZE} bytes, got {len(key)}")
        if len(key_id) != KEY_ID_SIZE:
            raise ValueError(f"key id must be {KEY_ID_SIZE} bytes, got {len(key_id)}")
        # Built once: algorithms.SM4 validates the key on construction, which seal() need not repeat.
        self._algorithm = algorithms.SM4(bytes(key))
        self._key_id = bytes(key_id)
        self._header = bytes((ENVELOPE_VERSION,)) + self._key_id
        self._nonces: deque[bytes] = deque()
        self._nonce_gen = _fork_generation[0]

    def _nonce(self) -> bytes:
        # Nonces are drawn from the OS in batches (one getrandom() per row was a fifth of the cost of
        # sealing a 100k-row import). Each is fresh OS randomness handed out once: deque.pop is atomic,
        # and a forked child drops the batch it inherited (register_at_fork bumps the generation).
        if self._nonce_gen != _fork_generation[0]:
            self._nonces.clear()
            self._nonce_gen = _fork_generation[0]
        try:
            return self._nonces.pop()
        except IndexError:
            pool = os.urandom(GCM_NONCE_SIZE * _NONCE_BATCH)
            self._nonces.extend(pool[i : i + GCM_NONCE_SIZE] for i in range(GCM_NONCE_SIZE, len(pool), GCM_NONCE_SIZE))
            return pool[:GCM_NONCE_SIZE]

    @property
    def key_id(self) -> bytes:
        """The 8-byte key id written into every envelope."""
        return self._key_id

    def seal(self, plaintext: bytes, aad: bytes) -> bytes:
        """Encrypt ``plaintext`` bound to ``aad`` into a fresh envelope (random nonce every call)."""
        header = self._header
        # Never a counter nonce, never one used twice: a repeated GCM nonce under one key leaks
        # the authentication key.
        nonce = self._nonce()
        if _DIRECT_ENCRYPTOR is not None:
            encryptor = _DIRECT_ENCRYPTOR(self._algorithm, modes.GCM(nonce))
        else:
            encryptor = Cipher(self._algorithm, modes.GCM(nonce)).encryptor()
        encryptor.authenticate_additional_data(header + aad)
        ciphertext: bytes = encryptor.update(plaintext)
        encryptor.finalize()
        tag: bytes = encryptor.tag
        return header + nonce + ciphertext + tag

    def open(self, envelope: bytes, aad: bytes) -> bytes:
        """Decrypt an envelope made by ``seal`` with the same ``aad``; raises AuthenticationFailed."""
        if len(envelope) < _ENVELOPE_OVERHEAD:
            raise AuthenticationFailed(f"envelope too short ({len(envelope)} bytes)")
        if envelope[0] != ENVELOPE_VERSION:
            raise AuthenticationFailed(f"unknown envelope version {envelope[0]}")
        if envelope[1:_NONCE_START] != self._key_id:
            raise AuthenticationFailed("envelope was sealed under a different key")
        return _gcm_open(
            self._algorithm,
            envelope[_NONCE_START:_BODY_START],
            envelope[_BODY_START:-GCM_TAG_SIZE],
            envelope[-GCM_TAG_SIZE:],
            self._header + aad,
        )


# --- SM2 signatures (GB/T 32918.2, recommended curve sm2p256v1) -------------------------------

SM2_DEFAULT_USER_ID = b"1234567812345678"

_P = 0xFFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00000000FFFFFFFFFFFFFFFF
_A = 0xFFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00000000FFFFFFFFFFFFFFFC
_B = 0x28E9FA9E9D9F5E344D5A9E4BCF6509A7F39789F515AB8F92DDBCBD414D940E93
_N = 0xFFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFF7203DF6B21C6052B53BBF40939D54123
_GX = 0x32C4AE2C1F1981195F9904466A39C9948FE30BBFF2660BE1715A4589334C74C7
_GY = 0xBC3736A2F4F6779C59BDCEE36B692153D0A9877CC62A474002DF32E52139F0A0
_G_HEX = f"{_GX:064x}{_GY:064x}"
# The fixed part of Z_A; computed once because it is the same for every key.
_ZA_CURVE = b"".join(v.to_bytes(32, "big") for v in (_A, _B, _GX, _GY))

# gmssl does the point arithmetic, fed our constants so Z_A and the curve can never disagree.
# CryptSM2 keeps no per-call state, so one shared instance is safe across threads.
_CURVE = CryptSM2(
    private_key="",
    public_key="",
    ecc_table={"n": f"{_N:064x}", "p": f"{_P:064x}", "g": _G_HEX, "a": f"{_A:064x}", "b": f"{_B:064x}"},
)

_HEX64 = re.compile(r"[0-9a-fA-F]{64}")
_HEX128 = re.compile(r"[0-9a-fA-F]{128}")


def _scalar_mult(k: int, point_hex: str) -> str | None:
    # gmssl's _kg scans exactly 256 bits and returns P itself for k == 0, so k must be in [1, n-1].
    point: str | None = _CURVE._kg(k, point_hex)
    return point


def _point_add(p1: str, p2: str) -> str | None:
    """Affine sum of two affine points (128-hex strings), None for the point at infinity."""
    if p1 == p2:
        # gmssl's _add_point divides by zero for equal points (its verify then reads a Jacobian x).
        jacobian = _CURVE._double_point(p1 + "1")
    elif p1[:64] == p2[:64]:
        return None  # P + (-P)
    else:
        jacobian = _CURVE._add_point(p1 + "1", p2)
    affine: str | None = _CURVE._convert_jacb_to_nor(jacobian)
    return affine


def _parse_private(private_hex: str) -> int:
    if not isinstance(private_hex, str) or not _HEX64.fullmatch(private_hex):
        raise ValueError("SM2 private key must be 64 hex characters")
    d = int(private_hex, 16)
    # d = n - 1 makes (1 + d) non-invertible in the signature equation.
    if not 1 <= d <= _N - 2:
        raise ValueError("SM2 private key out of range [1, n-2]")
    return d


def _parse_public(public_hex: str) -> str:
    """Validated public key as lowercase x||y hex; raises ValueError if not a point on the curve."""
    # A strict pattern, because int(s, 16) would also accept "0x", "_" and whitespace.
    if not isinstance(public_hex, str) or not _HEX128.fullmatch(public_hex):
        raise ValueError("SM2 public key must be 128 hex characters (x||y, no 04 prefix)")
    x = int(public_hex[:64], 16)
    y = int(public_hex[64:], 16)
    if x >= _P or y >= _P or (y * y - (x * x * x + _A * x + _B)) % _P != 0:
        raise ValueError("SM2 public key is not a point on sm2p256v1")
    return public_hex.lower()


def sm2_z_a(public_hex: str, user_id: bytes = SM2_DEFAULT_USER_ID) -> bytes:
    """Z_A = SM3(ENTL || ID || a || b || xG || yG || xA || yA) for a signer (GB/T 32918.2)."""
    public = _parse_public(public_hex)
    entl = len(user_id) * 8
    if entl > 0xFFFF:
        raise ValueError("SM2 user id longer than 8191 bytes")
    return sm3(entl.to_bytes(2, "big") + user_id + _ZA_CURVE + bytes.fromhex(public))


def sm2_message_digest(public_hex: str, message: bytes, user_id: bytes = SM2_DEFAULT_USER_ID) -> bytes:
    """e = SM3(Z_A || M), the value an SM2 signature actually signs."""
    return sm3(sm2_z_a(public_hex, user_id) + message)


def sm2_public_from_private(private_hex: str) -> str:
    """Public key (128 hex, x||y) for a private key (64 hex)."""
    point = _scalar_mult(_parse_private(private_hex), _G_HEX)
    if point is None:  # unreachable for d in [1, n-2]; a guard against a broken curve backend
        raise ValueError("SM2 public key computation failed")
    return point


def sm2_generate_keypair() -> tuple[str, str]:
    """New SM2 key pair from ``secrets``: (private key 64 hex, public key 128 hex x||y)."""
    private_hex = f"{1 + secrets.randbelow(_N - 2):064x}"
    return private_hex, sm2_public_from_private(private_hex)


def sm2_sign(
    private_hex: str,
    public_hex: str,
    message: bytes,
    user_id: bytes = SM2_DEFAULT_USER_ID,
    k: int | None = None,
) -> bytes:
    """SM2 signature r||s (64 bytes) of ``message``; ``k`` is only for known-answer tests."""
    d = _parse_private(private_hex)
    public = _parse_public(public_hex)
    # Z_A covers the public key, so a mismatched pair would yield signatures that never verify.
    if _scalar_mult(d, _G_HEX) != public:
        raise ValueError("SM2 public key does not belong to the private key")
    e = int.from_bytes(sm2_message_digest(public, message, user_id), "big")
    inverse = pow(1 + d, -1, _N)
    while True:
        # Never gmssl's default nonce: it comes from `random`, and a predictable k reveals d.
        nonce = 1 + secrets.randbelow(_N - 1) if k is None else k
        if not 1 <= nonce <= _N - 1:
            raise ValueError("SM2 nonce k out of range [1, n-1]")
        point = _scalar_mult(nonce, _G_HEX)
        if point is not None:
            r = (e + int(point[:64], 16)) % _N
            if r != 0 and r + nonce != _N:
                s = inverse * (nonce - r * d) % _N
                if s != 0:
                    return r.to_bytes(32, "big") + s.to_bytes(32, "big")
        if k is not None:
            raise ValueError("SM2 nonce k gives a degenerate signature; choose another")


def sm2_verify(
    public_hex: str,
    message: bytes,
    signature: bytes,
    user_id: bytes = SM2_DEFAULT_USER_ID,
) -> bool:
    """True if ``signature`` (r||s, 64 bytes) is a valid SM2 signature; False on any bad input."""
    if not isinstance(signature, bytes | bytearray) or len(signature) != 64:
        return False
    if not isinstance(message, bytes | bytearray) or not isinstance(user_id, bytes | bytearray):
        return False
    try:
        public = _parse_public(public_hex)
        e = int.from_bytes(sm2_message_digest(public, bytes(message), bytes(user_id)), "big")
    except ValueError:
        return False
    r = int.from_bytes(signature[:32], "big")
    s = int.from_bytes(signature[32:], "big")
    if not (1 <= r <= _N - 1 and 1 <= s <= _N - 1):
        return False
    t = (r + s) % _N
    if t == 0:
        return False
    p1 = _scalar_mult(s, _G_HEX)
    p2 = _scalar_mult(t, public)
    if p1 is None or p2 is None:
        return False
    total = _point_add(p1, p2)
    if total is None:
        return False
    return (e + int(total[:64], 16)) % _N == r


# --- SM2 public-key encryption (GB/T 32918.4, recommended curve sm2p256v1) --------------------
# Ciphertext = 04 || C1 (x, y: 32 bytes each) || C3 (SM3, 32 bytes) || C2 (as long as the message),
# the C1C3C2 order of GB/T 32918.4-2016. Used to wrap keys (a member's copy of an account's data key),
# so messages are short; nonces come from ``secrets`` (never gmssl's encrypt, whose k is ``random``).

SM2_CIPHERTEXT_OVERHEAD = 1 + 64 + 32


def _sm2_kdf(shared: bytes, length: int) -> bytes:
    """KDF(Z, klen) of GB/T 32918.4 §5.4.3: SM3(Z || ct) for ct = 1, 2 … (32-bit big-endian), cut to length."""
    out = bytearray()
    counter = 1
    while len(out) < length:
        out += sm3(shared + counter.to_bytes(4, "big"))
        counter += 1
    return bytes(out[:length])


def _xor(a: bytes, b: bytes) -> bytes:
    return (int.from_bytes(a, "big") ^ int.from_bytes(b, "big")).to_bytes(len(a), "big")


def sm2_encrypt(public_hex: str, message: bytes, k: int | None = None) -> bytes:
    """``message`` encrypted to an SM2 public key (C1C3C2); ``k`` is only for known-answer tests."""
    public = _parse_public(public_hex)
    if not isinstance(message, bytes | bytearray) or not message:
        raise ValueError("SM2 encryption needs a non-empty message")
    while True:
        nonce = 1 + secrets.randbelow(_N - 1) if k is None else k
        if not 1 <= nonce <= _N - 1:
            raise ValueError("SM2 nonce k out of range [1, n-1]")
        c1 = _scalar_mult(nonce, _G_HEX)
        shared = _scalar_mult(nonce, public)  # h = 1 on sm2p256v1, so S = hP is P: a valid point
        if c1 is not None and shared is not None:
            z = bytes.fromhex(shared)
            t = _sm2_kdf(z, len(message))
            if any(t):
                c2 = _xor(bytes(message), t)
                c3 = sm3(z[:32] + bytes(message) + z[32:])
                return b"\x04" + bytes.fromhex(c1) + c3 + c2
        if k is not None:
            raise ValueError("SM2 nonce k gives an all-zero key stream; choose another")


def sm2_decrypt(private_hex: str, ciphertext: bytes) -> bytes:
    """The message of an SM2 ciphertext (C1C3C2); AuthenticationFailed when it was not made for this key
    or was altered (C3 does not match), ValueError when it is not an SM2 ciphertext at all."""
    d = _parse_private(private_hex)
    if not isinstance(ciphertext, bytes | bytearray) or len(ciphertext) <= SM2_CIPHERTEXT_OVERHEAD:
        raise ValueError("not an SM2 ciphertext (too short)")
    if ciphertext[0] != 4:
        raise ValueError("not an SM2 ciphertext (C1 is not an uncompressed point)")
    c1 = _parse_public(bytes(ciphertext[1:65]).hex())  # on the curve, or ValueError
    c3, c2 = bytes(ciphertext[65:97]), bytes(ciphertext[97:])
    shared = _scalar_mult(d, c1)
    if shared is None:
        raise AuthenticationFailed("SM2 ciphertext does not open with this key")
    z = bytes.fromhex(shared)
    t = _sm2_kdf(z, len(c2))
    if not any(t):
        raise AuthenticationFailed("SM2 ciphertext does not open with this key")
    message = _xor(c2, t)
    if not secrets.compare_digest(sm3(z[:32] + message + z[32:]), c3):
        raise AuthenticationFailed("SM2 ciphertext does not open with this key")
    return message
