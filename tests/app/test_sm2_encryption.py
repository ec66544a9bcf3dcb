"""SM2 public-key encryption (GB/T 32918.4), the key wrap the household's per-account keys will use."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from app.vault import crypto
from app.vault.crypto import AuthenticationFailed, sm2_decrypt, sm2_encrypt, sm2_generate_keypair
from tests.conftest import needs_shared

VECTORS_PATH = Path(__file__).resolve().parents[3] / "shared" / "samples" / "crypto" / "sm_test_vectors.json"


@pytest.fixture(scope="module")
def annex_c() -> dict[str, Any]:
    cases = json.loads(VECTORS_PATH.read_text(encoding="utf-8"))["sm2_encryption"]
    (case,) = [c for c in cases if c["curve"] == "sm2p256v1_recommended"]
    return case


@needs_shared(VECTORS_PATH)
def test_the_standard_s_example_encrypts_to_its_ciphertext(annex_c: dict[str, Any]) -> None:
    """GB/T 32918.5 Annex C on the recommended curve: with its k, C1, C3 and C2 come out as printed."""
    public = annex_c["public_key_x"] + annex_c["public_key_y"]
    message = bytes.fromhex(annex_c["message_hex"])
    out = sm2_encrypt(public, message, k=int(annex_c["k"], 16))
    assert out.hex() == annex_c["ciphertext_C1C3C2_hex"]
    assert out[1:33].hex() == annex_c["C1_x"] and out[65:97].hex() == annex_c["C3"]
    assert out[97:].hex() == annex_c["C2"]


@needs_shared(VECTORS_PATH)
def test_the_standard_s_ciphertext_decrypts_to_its_message(annex_c: dict[str, Any]) -> None:
    ciphertext = bytes.fromhex(annex_c["ciphertext_C1C3C2_hex"])
    assert sm2_decrypt(annex_c["private_key"], ciphertext) == b"encryption standard"


def test_a_data_key_round_trips_and_every_wrap_differs() -> None:
    private, public = sm2_generate_keypair()
    key = bytes(range(16))
    first, second = sm2_encrypt(public, key), sm2_encrypt(public, key)
    assert first != second  # a fresh k from secrets each time
    assert len(first) == crypto.SM2_CIPHERTEXT_OVERHEAD + len(key)
    assert sm2_decrypt(private, first) == key and sm2_decrypt(private, second) == key


def test_the_nonce_comes_from_secrets(monkeypatch: pytest.MonkeyPatch) -> None:
    _private, public = sm2_generate_keypair()
    drawn: list[int] = []
    real = crypto.secrets.randbelow

    def spy(bound: int) -> int:
        drawn.append(bound)
        return real(bound)

    monkeypatch.setattr(crypto.secrets, "randbelow", spy)
    sm2_encrypt(public, b"sixteen byte key")
    assert drawn == [crypto._N - 1]


def test_another_member_s_key_does_not_open_it() -> None:
    _alice_private, alice_public = sm2_generate_keypair()
    bob_private, _bob_public = sm2_generate_keypair()
    with pytest.raises(AuthenticationFailed):
        sm2_decrypt(bob_private, sm2_encrypt(alice_public, b"account data key"))


@pytest.mark.parametrize("where", [70, 80, 100, -1])  # C3, C3, C2, last byte of C2
def test_an_altered_ciphertext_does_not_open(where: int) -> None:
    private, public = sm2_generate_keypair()
    wrapped = bytearray(sm2_encrypt(public, b"account data key"))
    wrapped[where] ^= 0x01
    with pytest.raises(AuthenticationFailed):
        sm2_decrypt(private, bytes(wrapped))


def test_a_c1_off_the_curve_or_a_short_ciphertext_is_refused() -> None:
    private, public = sm2_generate_keypair()
    wrapped = bytearray(sm2_encrypt(public, b"account data key"))
    wrapped[5] ^= 0x01  # C1's x changed: no longer a point on sm2p256v1
    with pytest.raises(ValueError, match="not a point"):
        sm2_decrypt(private, bytes(wrapped))
    with pytest.raises(ValueError, match="too short"):
        sm2_decrypt(private, bytes(wrapped[: crypto.SM2_CIPHERTEXT_OVERHEAD]))
    with pytest.raises(ValueError, match="non-empty"):
        sm2_encrypt(public, b"")
