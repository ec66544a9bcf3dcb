"""A connection made before transfers (no transfers scope, no pinned key) asks to be connected again
before its first transfer; giving the consent again keeps the connection, its accounts and history."""

from __future__ import annotations

import httpx
import pytest

from app.services import ConsentRequest
from app.sync.errors import ReconnectNeeded
from app.vault.schema import Connection
from tests.app.transfers.conftest import Demo


def test_an_old_connection_is_connected_again_before_its_first_transfer(demo: Demo) -> None:
    svc = demo.services
    card, wallet = demo.account(1, "汇通借记卡（一类户）"), demo.account(1, "易付宝余额")
    bank = next(a for a in svc.accounts() if a.id == card)
    with svc.unit.write() as s:  # as a vault from before issue 12 has it
        conn = s.get(Connection, next(c.id for c in svc.connections() if c.base_url.endswith("/bank_a")
                                      and c.member_id == 1))
        assert conn is not None
        conn.scope, conn.transfer_key = None, None
        connection_id = conn.id
    preview = svc.preview_transfer(demo.request(card, "100.00", to=wallet))
    assert preview.reconnect == "汇通银行"
    with pytest.raises(ReconnectNeeded, match="汇通银行|connect it again"):
        svc.submit_transfer(demo.request(card, "100.00", to=wallet))
    assert svc.transfers() == []  # nothing persisted, nothing sent
    receiver = svc.consent_receiver()
    local = svc._local
    assert local is not None

    def authorize(request: ConsentRequest) -> str:
        login = next(entry for entry in local.logins("bank_a") if entry[0] == "adult1")
        location = local.complete_consent(request.authorize_url, login[1], login[2])
        httpx.get(location, timeout=10)
        return str(receiver.wait(timeout=10, expect_state=request.state))

    try:
        given = svc.reconsent(connection_id, authorize, receiver.redirect_uri)
    finally:
        receiver.close()
    svc.record_connection(given)
    assert [c.id for c in svc.connections()].count(connection_id) == 1
    assert svc.preview_transfer(demo.request(card, "100.00", to=wallet)).reconnect == ""
    out = svc.submit_transfer(demo.request(card, "100.00", to=wallet))
    assert out.status == "executed"
    assert any(a.id == card for a in svc.accounts()) and bank.name == "汇通借记卡（一类户）"
