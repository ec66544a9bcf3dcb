"""One-time codes in a real vault: enrolment by QR code, verification, replay, lockout, keys, reopening."""

from __future__ import annotations

import base64
import io
import struct
import urllib.parse
import zlib
from datetime import timedelta
from pathlib import Path

import pyotp
import pytest
from sqlalchemy import select

from app import clock
from app.errors import NotPermitted, ValidationError
from app.policy.stepup import totp
from app.policy.stepup.base import Member
from app.policy.stepup.errors import FactorNotFound
from app.policy.stepup.lockout import LockoutPolicy
from app.services import AppServices
from app.vault import crypto
from app.vault.schema import StepUpFactor
from tests.app.stepup.members import member_of
from tests.conftest import PASSPHRASE


def enrol(m: Member, label: str = "张三") -> totp.Enrolment:
    with m.write() as s:
        return totp.begin_enrolment(s, member_id=m.member_id, public_key=m.public_key, label=label,
                                    now=clock.utcnow(), new_id=m.new_id)


def code_at(secret: str, offset_steps: int = 0) -> str:
    """The code an authenticator app shows now (or ``offset_steps`` steps away)."""
    return pyotp.TOTP(secret).at(clock.utcnow() + timedelta(seconds=30 * offset_steps))


def confirm(m: Member, factor_id: int, code: str) -> totp.Verification:
    with m.write() as s:
        return totp.confirm_enrolment(s, member_id=m.member_id, factor_id=factor_id, private_key=m.private_key,
                                      code=code, now=clock.utcnow())


def verify(m: Member, code: str, policy: LockoutPolicy = totp.DEFAULT_POLICY) -> totp.Verification:
    with m.write() as s:
        return totp.verify_code(s, member_id=m.member_id, private_key=m.private_key, code=code, now=clock.utcnow(),
                                policy=policy)


def active(m: Member) -> tuple[Member, str]:
    enrolment = enrol(m)
    assert confirm(m, enrolment.factor_id, code_at(enrolment.secret)).ok
    clock_advance(30)  # the next code, so tests do not trip over the confirming code's replay guard
    return m, enrolment.secret


def clock_advance(seconds: float) -> None:
    current = clock.get()
    assert isinstance(current, clock.FixedClock)
    current.advance(timedelta(seconds=seconds))


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    length, kind = struct.unpack(">I4s", data[8:16])
    assert kind == b"IHDR" and zlib.crc32(data[12:16 + length]) == struct.unpack(">I", data[16 + length:20 + length])[0]
    return struct.unpack(">II", data[16:24])


def test_enrolment_gives_an_otpauth_uri_and_its_qr_code(household: AppServices) -> None:
    m = member_of(household)
    enrolment = enrol(m)
    parsed = urllib.parse.urlparse(enrolment.uri)
    query = urllib.parse.parse_qs(parsed.query)
    assert (parsed.scheme, parsed.netloc) == ("otpauth", "totp")
    assert urllib.parse.unquote(parsed.path) == "/Huiliu 汇流:张三"
    assert query["issuer"] == ["Huiliu 汇流"] and query["secret"] == [enrolment.secret]
    assert len(base64.b32decode(enrolment.secret)) >= 20  # 160 bits, as RFC 4226 recommends
    width, height = png_size(enrolment.qr_png)
    assert width == height and width >= 200
    lines = enrolment.qr_text.splitlines()
    assert len({len(line) for line in lines}) == 1 and set("".join(lines)) <= set("█▀▄ ")
    assert lines[0] == "█" * len(lines[0])  # the quiet zone, light, drawn as blocks


def test_the_secret_is_encrypted_to_the_member_inside_the_sealed_row(household: AppServices, vault_dir: Path) -> None:
    m = member_of(household)
    enrolment = enrol(m)
    with household.vault.reader() as s:
        row = s.get(StepUpFactor, enrolment.factor_id)
        assert row is not None and row.status == "pending" and row.kind == "totp"
        stored = row.secret or ""
    assert enrolment.secret not in stored
    assert crypto.sm2_decrypt(m.private_key, base64.b64decode(stored)).decode() == enrolment.secret
    household.close()
    raw = b"".join(p.read_bytes() for p in vault_dir.iterdir() if p.is_file())
    assert b"SQLite format 3" in raw and enrolment.secret.encode() not in raw


def test_a_pending_factor_verifies_nothing_until_confirmed(household: AppServices) -> None:
    m = member_of(household)
    enrolment = enrol(m)
    result = verify(m, code_at(enrolment.secret))
    assert (result.ok, result.code) == (False, "not-enrolled")
    assert not confirm(m, enrolment.factor_id, "000000" if code_at(enrolment.secret) != "000000" else "111111").ok
    assert confirm(m, enrolment.factor_id, code_at(enrolment.secret)).ok
    with m.read() as s:
        assert [f.status for f in totp.factors(s, m.member_id, clock.utcnow())] == ["active"]
    with m.write() as s, pytest.raises(ValidationError):
        totp.confirm_enrolment(s, member_id=m.member_id, factor_id=enrolment.factor_id, private_key=m.private_key,
                               code=code_at(enrolment.secret), now=clock.utcnow())


def test_right_wrong_reused_and_out_of_window_codes(household: AppServices) -> None:
    m, secret = active(member_of(household))
    assert verify(m, code_at(secret)).ok
    again = verify(m, code_at(secret))
    assert (again.ok, again.code) == (False, "replayed")
    clock_advance(30)
    assert verify(m, code_at(secret, -1)).code == "replayed"  # the step already accepted
    assert verify(m, code_at(secret)).ok
    clock_advance(30)
    assert verify(m, code_at(secret, +1)).ok  # a phone a little ahead
    clock_advance(90)
    old = verify(m, code_at(secret, -2))  # two steps back: outside the window
    assert (old.ok, old.code) == (False, "wrong-code")
    assert verify(m, code_at(secret, +2)).code == "wrong-code"
    assert verify(m, " " + code_at(secret)[:3] + " " + code_at(secret)[3:]).ok  # spaces as apps group them


def test_a_malformed_code_costs_no_attempt(household: AppServices) -> None:
    m, secret = active(member_of(household))
    policy = LockoutPolicy(max_failures=1)
    result = verify(m, "12ab56", policy)
    assert (result.ok, result.code, result.reason) == (False, "malformed", "A one-time code is 6 digits.")
    assert verify(m, code_at(secret), policy).ok


def wrong(secret: str) -> str:
    right = {code_at(secret, k) for k in (-1, 0, 1)}
    return next(c for c in ("123456", "654321", "000000", "999999") if c not in right)


def test_five_wrong_codes_lock_for_five_minutes_then_doubling(household: AppServices) -> None:
    m, secret = active(member_of(household))
    for left in (4, 3, 2, 1):
        result = verify(m, wrong(secret))
        assert result.code == "wrong-code" and f"({left} tries before a pause)" in result.reason
    fifth = verify(m, wrong(secret))
    assert fifth.code == "locked" and fifth.locked_until == clock.utcnow() + timedelta(minutes=5)
    locked = verify(m, code_at(secret))  # even the right code waits
    assert (locked.ok, locked.code) == (False, "locked")
    clock_advance(5 * 60 - 1)
    assert verify(m, code_at(secret)).code == "locked"
    clock_advance(1)
    for _ in range(5):
        result = verify(m, wrong(secret))
    assert result.locked_until == clock.utcnow() + timedelta(minutes=10)  # the second lockout in a row
    clock_advance(10 * 60)
    assert verify(m, code_at(secret)).ok  # a success clears the count and the doubling
    for _ in range(5):
        result = verify(m, wrong(secret))
    assert result.locked_until == clock.utcnow() + timedelta(minutes=5)


def test_lockouts_double_to_at_most_an_hour() -> None:
    policy = LockoutPolicy()
    assert [policy.lock_for(n).total_seconds() / 60 for n in range(1, 7)] == [5, 10, 20, 40, 60, 60]
    with pytest.raises(ValidationError):
        LockoutPolicy(max_failures=0)
    with pytest.raises(ValidationError):
        LockoutPolicy(first_lock=timedelta(hours=2))


def test_a_replayed_code_counts_as_a_failure(household: AppServices) -> None:
    m, secret = active(member_of(household))
    policy = LockoutPolicy(max_failures=2)
    code = code_at(secret)
    assert verify(m, code, policy).ok
    assert verify(m, code, policy).code == "replayed"
    assert verify(m, code, policy).code == "locked"


def test_another_member_cannot_verify_with_their_key(household: AppServices, li_si: AppServices) -> None:
    li = member_of(li_si)
    assert li.member_id == 2
    # 张三's code app, as the owner enrolled it: 李四 can read the row (the household key) but not the secret.
    with li_si.vault.reader() as s:
        row = s.scalars(select(StepUpFactor)).first()
    assert row is None
    zhang_public = member_public(li_si, 1)
    zhang = Member(1, zhang_public, li.private_key, li.read, li.write, li.new_id)
    enrolment = enrol(zhang)
    with pytest.raises(NotPermitted):
        confirm(zhang, enrolment.factor_id, code_at(enrolment.secret))
    assert verify(li, code_at(enrolment.secret)).code == "not-enrolled"


def member_public(svc: AppServices, member_id: int) -> str:
    from app.vault.schema import MemberKeyringRow

    with svc.vault.reader() as s:
        ring = s.get(MemberKeyringRow, member_id)
        assert ring is not None
        return ring.public_key


def test_state_survives_reopening_the_vault(household: AppServices, vault_dir: Path) -> None:
    m, secret = active(member_of(household))
    code = code_at(secret)
    assert verify(m, code).ok
    for _ in range(5):
        verify(m, wrong(secret))
    household.close()
    again = AppServices.open(vault_dir, PASSPHRASE)
    try:
        m2 = member_of(again)
        assert verify(m2, code_at(secret)).code == "locked"
        clock_advance(5 * 60)
        assert verify(m2, code).code in ("replayed", "wrong-code")  # the accepted step is remembered
        clock_advance(30)
        assert verify(m2, code_at(secret)).ok
        assert again.check_integrity(full=True).ok
    finally:
        again.close()


def test_remove_and_list(household: AppServices) -> None:
    m, secret = active(member_of(household))
    with m.read() as s:
        [factor] = totp.factors(s, m.member_id, clock.utcnow())
    assert (factor.kind, factor.status, factor.label) == ("totp", "active", "张三")
    with m.write() as s:
        totp.remove(s, member_id=m.member_id, factor_id=factor.id)
    assert verify(m, code_at(secret)).code == "not-enrolled"
    with m.read() as s:
        assert totp.factors(s, m.member_id, clock.utcnow()) == []
        assert [f.status for f in totp.factors(s, m.member_id, clock.utcnow(), include_removed=True)] == ["removed"]
    with m.write() as s, pytest.raises(FactorNotFound):
        totp.remove(s, member_id=m.member_id, factor_id=factor.id)
    with m.write() as s, pytest.raises(FactorNotFound):
        totp.remove(s, member_id=2, factor_id=factor.id + 100)


def test_a_new_code_app_replaces_the_old_one(household: AppServices) -> None:
    m, old_secret = active(member_of(household))
    _m, new_secret = active(m)
    assert verify(m, code_at(old_secret)).code in ("wrong-code", "replayed")
    clock_advance(30)
    assert verify(m, code_at(new_secret)).ok
    with m.read() as s:
        assert [f.status for f in totp.factors(s, m.member_id, clock.utcnow(), include_removed=True)] == [
            "removed", "active"]


def test_an_empty_label_is_refused(household: AppServices) -> None:
    with pytest.raises(ValidationError) as err:
        enrol(member_of(household), "  ")
    assert "Name in the code app" in str(err.value)


def test_qr_text_scans_back_to_the_same_modules() -> None:
    import segno

    uri = "otpauth://totp/Huiliu%20%E6%B1%87%E6%B5%81:x?secret=JBSWY3DPEHPK3PXP&issuer=Huiliu%20%E6%B1%87%E6%B5%81"
    matrix = [list(r) for r in segno.make(uri, error="m", micro=False).matrix_iter(scale=1, border=2)]
    lines = totp.qr_text(uri).splitlines()
    decoded: list[list[int]] = []
    for line in lines:
        top = [0 if ch in "█▀" else 1 for ch in line]
        bottom = [0 if ch in "█▄" else 1 for ch in line]
        decoded += [top, bottom]
    assert decoded[:len(matrix)] == matrix
    assert io.BytesIO(totp.qr_png(uri)).read(8) == b"\x89PNG\r\n\x1a\n"
