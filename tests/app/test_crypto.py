"""Known-answer and behaviour tests for app.vault.crypto (SM2, SM3, SM4, sealed envelopes)."""

from __future__ import annotations

import json
import os
import secrets
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from hypothesis import given, settings
from hypothesis import strategies as st

from app.vault import crypto
from app.vault.crypto import (
    ENVELOPE_VERSION,
    AuthenticationFailed,
    Sealer,
    hkdf_sm3,
    hmac_sm3,
    key_id_for,
    sm2_generate_keypair,
    sm2_message_digest,
    sm2_public_from_private,
    sm2_sign,
    sm2_verify,
    sm2_z_a,
    sm3,
    sm4_ecb_encrypt_block,
    sm4_ecb_encrypt_iterated,
    sm4_gcm_decrypt,
    sm4_gcm_encrypt,
)
from tests.conftest import shared_missing

# Read in place from the shared samples beside the repository; never copied into it.
VECTORS_PATH = Path(__file__).resolve().parents[3] / "shared" / "samples" / "crypto" / "sm_test_vectors.json"
_VECTORS: dict[str, Any] | None = (
    json.loads(VECTORS_PATH.read_text(encoding="utf-8")) if VECTORS_PATH.is_file() else None
)
_NO_VECTORS = pytest.mark.skip(reason=f"test vectors not found at {VECTORS_PATH}")
shared_missing(VECTORS_PATH)  # under CI (shared/ always beside the clone) an absent file fails here
RECOMMENDED_CURVE = "sm2p256v1_recommended"
N = int("fffffffeffffffffffffffffffffffff7203df6b21c6052b53bbf40939d54123", 16)


def _cases(section: str, **where: Any) -> list[Any]:
    """Parameters for every vector in ``section`` matching ``where``; one skipped case if absent."""
    if _VECTORS is None:
        return [pytest.param(None, marks=_NO_VECTORS)]
    rows = [row for row in _VECTORS[section] if all(row.get(k) == v for k, v in where.items())]
    return [pytest.param(row, id=row["name"]) for row in rows]


def _h(value: str) -> bytes:
    return bytes.fromhex(value)


def _flip(data: bytes, bit: int) -> bytes:
    out = bytearray(data)
    out[bit // 8] ^= 0x80 >> (bit % 8)
    return bytes(out)


@pytest.fixture
def vectors() -> dict[str, Any]:
    if _VECTORS is None:
        pytest.skip(f"test vectors not found at {VECTORS_PATH}")
    return _VECTORS


def test_vector_file_has_the_cases_we_rely_on(vectors: dict[str, Any]) -> None:
    # Guards against a filter silently matching nothing and parametrizing to zero tests.
    assert len(vectors["sm3"]) >= 2
    assert any(row.get("iterations") == 1_000_000 for row in vectors["sm4"])
    assert any(row["mode"] == "GCM" for row in vectors["sm4_aead_rfc8998"])
    assert any(row["curve"] == RECOMMENDED_CURVE for row in vectors["sm2_signature"])


# --- SM3, HMAC-SM3, HKDF-SM3 ---------------------------------------------------------------------


@pytest.mark.parametrize("case", _cases("sm3"))
def test_sm3_vectors(case: dict[str, Any]) -> None:
    assert sm3(_h(case["message_hex"])) == _h(case["digest"])


def _hmac_reference(key: bytes, data: bytes) -> bytes:
    """RFC 2104 built from sm3 alone (block size 64)."""
    if len(key) > 64:
        key = sm3(key)
    key = key.ljust(64, b"\x00")
    inner = sm3(bytes(b ^ 0x36 for b in key) + data)
    return sm3(bytes(b ^ 0x5C for b in key) + inner)


@pytest.mark.parametrize("key_len", [0, 1, 16, 32, 63, 64, 65, 100])
@pytest.mark.parametrize("data", [b"", b"abc", bytes(range(256)) * 3])
def test_hmac_sm3_matches_rfc2104_construction(key_len: int, data: bytes) -> None:
    key = bytes((i * 7 + 3) % 256 for i in range(key_len))
    assert hmac_sm3(key, data) == _hmac_reference(key, data)


def _hkdf_reference(ikm: bytes, info: bytes, length: int, salt: bytes | None) -> bytes:
    """RFC 5869 extract-and-expand over the reference HMAC-SM3."""
    prk = _hmac_reference(salt if salt is not None else bytes(32), ikm)
    okm, block, counter = b"", b"", 1
    while len(okm) < length:
        block = _hmac_reference(prk, block + info + bytes((counter,)))
        okm += block
        counter += 1
    return okm[:length]


@pytest.mark.parametrize("length", [16, 32, 33, 100])
@pytest.mark.parametrize("salt", [None, b"", b"huiliu salt", bytes(80)])
def test_hkdf_sm3_matches_rfc5869_construction(length: int, salt: bytes | None) -> None:
    ikm = bytes(range(22))
    info = b"huiliu data key"
    assert hkdf_sm3(ikm, info, length, salt) == _hkdf_reference(ikm, info, length, salt)


def test_hkdf_sm3_defaults_to_16_bytes_and_separates_info() -> None:
    ikm = b"\x0b" * 32
    assert hkdf_sm3(ikm, b"a") == _hkdf_reference(ikm, b"a", 16, None)
    assert len(hkdf_sm3(ikm, b"a")) == 16
    assert hkdf_sm3(ikm, b"a") != hkdf_sm3(ikm, b"b")


# --- SM4 -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("case", _cases("sm4", mode="ECB"))
def test_sm4_ecb_vectors(case: dict[str, Any]) -> None:
    key, block = _h(case["key"]), _h(case["plaintext"])
    iterations = case.get("iterations", 1)
    if iterations == 1:
        assert sm4_ecb_encrypt_block(key, block) == _h(case["ciphertext"])
    assert sm4_ecb_encrypt_iterated(key, block, iterations) == _h(case["ciphertext"])


def test_sm4_ecb_rejects_partial_blocks() -> None:
    with pytest.raises(ValueError):
        sm4_ecb_encrypt_block(bytes(16), bytes(15))


@pytest.mark.parametrize("case", _cases("sm4", mode="CBC"))
def test_sm4_cbc_vector(case: dict[str, Any]) -> None:
    # Our OpenSSL-backed SM4 agrees with the independent CBC example (only one block, no padding).
    encryptor = Cipher(algorithms.SM4(_h(case["key"])), modes.CBC(_h(case["iv"]))).encryptor()
    assert encryptor.update(_h(case["plaintext"])) + encryptor.finalize() == _h(case["ciphertext"])


@pytest.mark.parametrize("case", _cases("sm4_aead_rfc8998", mode="GCM"))
def test_sm4_gcm_rfc8998(case: dict[str, Any]) -> None:
    key, nonce, aad = _h(case["key"]), _h(case["iv"]), _h(case["aad"])
    plaintext = _h(case["plaintext"])
    ciphertext, tag = sm4_gcm_encrypt(key, nonce, plaintext, aad)
    assert ciphertext == _h(case["ciphertext"])
    assert tag == _h(case["tag"])
    assert sm4_gcm_decrypt(key, nonce, ciphertext, tag, aad) == plaintext


@pytest.mark.parametrize("case", _cases("sm4_aead_rfc8998", mode="GCM"))
@pytest.mark.parametrize("part", ["ciphertext", "tag", "aad", "iv"])
def test_sm4_gcm_rejects_any_flipped_bit(case: dict[str, Any], part: str) -> None:
    fields = {name: _h(case[name]) for name in ("key", "iv", "ciphertext", "tag", "aad")}
    bits = len(fields[part]) * 8
    for bit in sorted({0, 1, 7, bits // 2, bits - 1}):
        tampered = dict(fields, **{part: _flip(fields[part], bit)})
        with pytest.raises(AuthenticationFailed):
            sm4_gcm_decrypt(
                tampered["key"], tampered["iv"], tampered["ciphertext"], tampered["tag"], tampered["aad"]
            )


def test_sm4_gcm_rejects_truncated_tag() -> None:
    key, nonce = bytes(16), bytes(12)
    ciphertext, tag = sm4_gcm_encrypt(key, nonce, b"payload", b"aad")
    with pytest.raises(AuthenticationFailed):
        sm4_gcm_decrypt(key, nonce, ciphertext, tag[:12], b"aad")
    with pytest.raises(AuthenticationFailed):
        sm4_gcm_decrypt(key, nonce, ciphertext, b"", b"aad")


# --- Sealed envelopes ----------------------------------------------------------------------------

KEY = bytes(range(16))
AAD = b"transactions|payload|42"


@pytest.fixture
def sealer() -> Sealer:
    return Sealer(KEY, key_id_for(KEY))


@pytest.mark.parametrize("size", [0, 1, 15, 16, 17, 150, 10_000])
def test_seal_round_trip(sealer: Sealer, size: int) -> None:
    plaintext = os.urandom(size)
    assert sealer.open(sealer.seal(plaintext, AAD), AAD) == plaintext


def test_seal_is_bound_to_aad(sealer: Sealer) -> None:
    envelope = sealer.seal(b"balance 1234.56", AAD)
    for other in (b"", b"transactions|payload|43", AAD + b"\x00", AAD[:-1]):
        with pytest.raises(AuthenticationFailed):
            sealer.open(envelope, other)


def test_seal_rejects_every_flipped_byte(sealer: Sealer) -> None:
    envelope = sealer.seal(os.urandom(150), AAD)
    for i in range(len(envelope)):
        tampered = bytearray(envelope)
        tampered[i] ^= 0x01
        with pytest.raises(AuthenticationFailed):
            sealer.open(bytes(tampered), AAD)


def test_seal_rejects_truncated_and_extended(sealer: Sealer) -> None:
    envelope = sealer.seal(b"some payload", AAD)
    for length in range(len(envelope)):
        with pytest.raises(AuthenticationFailed):
            sealer.open(envelope[:length], AAD)
    with pytest.raises(AuthenticationFailed):
        sealer.open(envelope + b"\x00", AAD)
    with pytest.raises(AuthenticationFailed, match="too short"):
        sealer.open(envelope[:36], AAD)


def test_envelope_layout(sealer: Sealer) -> None:
    plaintext = b"x" * 150
    envelope = sealer.seal(plaintext, AAD)
    key_id = key_id_for(KEY)
    assert ENVELOPE_VERSION == 1
    assert envelope[0] == ENVELOPE_VERSION
    assert envelope[1:9] == key_id
    assert len(envelope) == 1 + 8 + 12 + len(plaintext) + 16
    nonce, ciphertext, tag = envelope[9:21], envelope[21:-16], envelope[-16:]
    # The header is authenticated along with the caller's aad.
    assert sm4_gcm_decrypt(KEY, nonce, ciphertext, tag, envelope[:9] + AAD) == plaintext
    assert sm4_gcm_encrypt(KEY, nonce, plaintext, envelope[:9] + AAD) == (ciphertext, tag)
    assert len(sealer.seal(b"", AAD)) == 37


def test_seal_rejects_unknown_version_and_other_key_id(sealer: Sealer) -> None:
    envelope = sealer.seal(b"payload", AAD)
    with pytest.raises(AuthenticationFailed, match="version"):
        sealer.open(bytes((2,)) + envelope[1:], AAD)
    other_id = Sealer(KEY, b"\xff" * 8)
    with pytest.raises(AuthenticationFailed, match="different key"):
        other_id.open(envelope, AAD)
    other_key = bytes(16)
    with pytest.raises(AuthenticationFailed):
        Sealer(other_key, key_id_for(KEY)).open(envelope, AAD)


def test_two_seals_differ(sealer: Sealer) -> None:
    first, second = sealer.seal(b"same", AAD), sealer.seal(b"same", AAD)
    assert first != second
    assert first[9:21] != second[9:21]
    assert sealer.open(first, AAD) == sealer.open(second, AAD) == b"same"


def test_seal_uses_each_os_random_nonce_once(sealer: Sealer, monkeypatch: pytest.MonkeyPatch) -> None:
    counter = iter(range(1, 10**6))

    def fake_urandom(n: int) -> bytes:
        # Distinct 12-byte blocks so any reuse or overlap of a nonce would show.
        return b"".join(next(counter).to_bytes(12, "big") for _ in range(n // 12))

    monkeypatch.setattr(crypto.os, "urandom", fake_urandom)
    fresh = Sealer(KEY, key_id_for(KEY))
    nonces = [fresh.seal(b"p", AAD)[9:21] for _ in range(1000)]
    assert len(set(nonces)) == 1000
    assert all(int.from_bytes(n, "big") > 0 for n in nonces)


def test_forked_child_never_reuses_parent_nonces(monkeypatch: pytest.MonkeyPatch) -> None:
    fresh = Sealer(KEY, key_id_for(KEY))
    fresh.seal(b"p", AAD)  # fills the batch in this process
    parent_next = fresh._nonces[-1]
    crypto._after_fork_in_child()  # what os.fork() runs in the child
    child_nonce = fresh.seal(b"p", AAD)[9:21]
    assert child_nonce != parent_next
    assert parent_next not in fresh._nonces


def test_sealer_rejects_bad_key_sizes() -> None:
    with pytest.raises(ValueError):
        Sealer(bytes(15), bytes(8))
    with pytest.raises(ValueError):
        Sealer(bytes(32), bytes(8))
    with pytest.raises(ValueError):
        Sealer(bytes(16), bytes(7))


def test_key_id_for() -> None:
    assert key_id_for(KEY) == sm3(b"huiliu-key-id-v1" + KEY)[:8]
    assert len(key_id_for(KEY)) == 8
    assert key_id_for(KEY) != key_id_for(bytes(16))
    assert Sealer(KEY, key_id_for(KEY)).key_id == key_id_for(KEY)


@settings(max_examples=50, deadline=None)
@given(plaintext=st.binary(max_size=600), aad=st.binary(max_size=64))
def test_seal_round_trip_property(plaintext: bytes, aad: bytes) -> None:
    sealer = Sealer(KEY, key_id_for(KEY))
    envelope = sealer.seal(plaintext, aad)
    assert len(envelope) == 37 + len(plaintext)
    assert sealer.open(envelope, aad) == plaintext


# --- SM2 -----------------------------------------------------------------------------------------


@pytest.fixture
def curve(vectors: dict[str, Any]) -> dict[str, str]:
    return vectors["sm2_curves"][RECOMMENDED_CURVE]


def test_sm2_curve_constants_match_the_standard(curve: dict[str, str]) -> None:
    for name, value in (("p", crypto._P), ("a", crypto._A), ("b", crypto._B), ("n", crypto._N)):
        assert value == int(curve[name], 16), name
    assert crypto._G_HEX == (curve["gx"] + curve["gy"]).lower()
    assert N == crypto._N


@pytest.mark.parametrize("case", _cases("sm2_signature", curve=RECOMMENDED_CURVE))
def test_sm2_known_answer(case: dict[str, Any]) -> None:
    public = case["public_key_x"] + case["public_key_y"]
    message = case["message_ascii"].encode()
    user_id = case["user_id_ascii"].encode()
    expected = _h(case["r"] + case["s"])
    assert sm2_public_from_private(case["private_key"]) == public.lower()
    assert sm2_z_a(public, user_id) == _h(case["Z_A"])
    assert sm2_message_digest(public, message, user_id) == _h(case["e"])
    assert sm2_sign(case["private_key"], public, message, user_id, k=int(case["k"], 16)) == expected
    assert sm2_verify(public, message, expected, user_id)
    assert sm2_verify(public.upper(), message, expected, user_id)


@pytest.mark.parametrize("case", _cases("sm2_signature", curve=RECOMMENDED_CURVE))
def test_sm2_known_answer_rejects_flipped_bits(case: dict[str, Any]) -> None:
    public = case["public_key_x"] + case["public_key_y"]
    message = case["message_ascii"].encode()
    user_id = case["user_id_ascii"].encode()
    signature = _h(case["r"] + case["s"])
    for bit in (0, 1, 77, 200, 255):  # r
        assert not sm2_verify(public, message, _flip(signature, bit), user_id)
    for bit in (256, 257, 300, 400, 511):  # s
        assert not sm2_verify(public, message, _flip(signature, bit), user_id)
    for bit in (0, 7, 50, len(message) * 8 - 1):
        assert not sm2_verify(public, _flip(message, bit), signature, user_id)
    assert not sm2_verify(public, message + b"\x00", signature, user_id)
    assert not sm2_verify(public, message, signature, b"1234567812345679")
    other_public = sm2_public_from_private("01".rjust(64, "0"))
    assert not sm2_verify(other_public, message, signature, user_id)


@pytest.mark.parametrize("case", _cases("sm2_signature", curve=RECOMMENDED_CURVE))
def test_sm2_verify_returns_false_on_malformed_input(case: dict[str, Any]) -> None:
    public = case["public_key_x"] + case["public_key_y"]
    message = case["message_ascii"].encode()
    user_id = case["user_id_ascii"].encode()
    signature = _h(case["r"] + case["s"])
    r, s = signature[:32], signature[32:]
    n_bytes = N.to_bytes(32, "big")
    bad_signatures: list[Any] = [
        b"",
        signature[:63],
        signature + b"\x00",
        bytes(64),
        bytes(32) + s,
        r + bytes(32),
        n_bytes + s,
        r + n_bytes,
        r + b"\xff" * 32,
        signature.hex(),
        None,
    ]
    for bad in bad_signatures:
        assert sm2_verify(public, message, bad, user_id) is False
    not_on_curve = public[:-1] + ("0" if public[-1] != "0" else "1")
    for bad_public in ("", public[:-2], "04" + public, "0x" + public[2:], " " + public[1:], not_on_curve):
        assert sm2_verify(bad_public, message, signature, user_id) is False
    assert sm2_verify(None, message, signature, user_id) is False  # type: ignore[arg-type]
    assert sm2_verify(public, "text", signature, user_id) is False  # type: ignore[arg-type]
    assert sm2_verify(public, message, signature, b"x" * 8192) is False


def test_sm2_keypair_round_trip() -> None:
    private, public = sm2_generate_keypair()
    assert len(private) == 64 and len(public) == 128
    assert 1 <= int(private, 16) <= N - 2
    assert sm2_public_from_private(private) == public
    message = b"tree head 17"
    first = sm2_sign(private, public, message)
    second = sm2_sign(private, public, message)
    assert len(first) == len(second) == 64
    assert first != second  # random k
    assert sm2_verify(public, message, first)
    assert sm2_verify(public, message, second)
    assert not sm2_verify(public, b"tree head 18", first)
    custom_id = b"vault-1234"
    signed = sm2_sign(private, public, message, user_id=custom_id)
    assert sm2_verify(public, message, signed, user_id=custom_id)
    assert not sm2_verify(public, message, signed)


def test_sm2_nonce_and_key_come_from_secrets(monkeypatch: pytest.MonkeyPatch) -> None:
    import gmssl.func

    def forbidden(*_args: object, **_kwargs: object) -> str:
        raise AssertionError("gmssl's random-based nonce must not be used")

    monkeypatch.setattr(gmssl.func, "random_hex", forbidden)
    bounds: list[int] = []
    real_randbelow = secrets.randbelow

    def recording_randbelow(bound: int) -> int:
        bounds.append(bound)
        return real_randbelow(bound)

    monkeypatch.setattr(crypto.secrets, "randbelow", recording_randbelow)
    private, public = sm2_generate_keypair()
    assert bounds == [N - 2]
    signature = sm2_sign(private, public, b"m")
    assert bounds == [N - 2, N - 1]
    assert sm2_verify(public, b"m", signature)


def test_sm2_sign_rejects_bad_keys_and_nonces() -> None:
    private, public = sm2_generate_keypair()
    _, other_public = sm2_generate_keypair()
    with pytest.raises(ValueError, match="does not belong"):
        sm2_sign(private, other_public, b"m")
    for bad_private in ("0" * 64, f"{N - 1:064x}", f"{N:064x}", private[:-1], "zz" * 32):
        with pytest.raises(ValueError):
            sm2_sign(bad_private, public, b"m")
        with pytest.raises(ValueError):
            sm2_public_from_private(bad_private)
    for bad_k in (0, N, N + 1, -1):
        with pytest.raises(ValueError):
            sm2_sign(private, public, b"m", k=bad_k)


def test_sm2_point_add_handles_gmssl_special_cases() -> None:
    g = crypto._G_HEX
    two_g = crypto._scalar_mult(2, g)
    three_g = crypto._scalar_mult(3, g)
    minus_g = crypto._scalar_mult(N - 1, g)
    assert two_g is not None and three_g is not None and minus_g is not None
    assert crypto._point_add(g, g) == two_g  # gmssl's own add returns garbage for P + P
    assert crypto._point_add(g, two_g) == three_g
    assert crypto._point_add(two_g, g) == three_g
    assert crypto._point_add(g, minus_g) is None


def test_direct_and_public_sealing_paths_agree(monkeypatch: pytest.MonkeyPatch) -> None:
    assert crypto._DIRECT_ENCRYPTOR is not None, "the fast path's self-test failed on this cryptography"
    fresh = Sealer(KEY, key_id_for(KEY))
    fast = fresh.seal(b"payload", AAD)
    monkeypatch.setattr(crypto, "_DIRECT_ENCRYPTOR", None)
    slow = fresh.seal(b"payload", AAD)
    # Different nonces, same key: each path opens what the other sealed.
    assert fresh.open(fast, AAD) == fresh.open(slow, AAD) == b"payload"
    header, body_nonce = fast[:9], fast[9:21]
    ct, tag = crypto.sm4_gcm_encrypt(KEY, body_nonce, b"payload", header + AAD)
    assert fast == header + body_nonce + ct + tag
