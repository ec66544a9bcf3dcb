"""The platform's own HTML pages: login + consent, and the error page for unusable requests.

They belong to the (simulated) platform, not to Huiliu, so they carry the platform's name and are
bilingual (Chinese first). Every value is escaped: the query string is attacker-controlled.
"""

from __future__ import annotations

from html import escape

from .oauth import AuthorizeRequest
from .personalities import Personality

SCOPE_TEXT = {
    "accounts": ("查看您的账户列表", "See your list of accounts"),
    "balances": ("查看账户余额", "See account balances"),
    "transactions": ("查看交易明细", "See transaction history"),
    "fx_quotes": ("查询外汇报价", "Get exchange-rate quotes"),
    "transfers": ("发起转账（需另行确认）", "Start transfers (confirmed separately)"),
}

_STYLE = (
    "body{font-family:'Noto Sans CJK SC','PingFang SC',sans-serif;max-width:28rem;margin:3rem auto;"
    "color:#222}h1{font-size:1.3rem}.err{color:#b00020}label{display:block;margin:.6rem 0}"
    "input[type=text],input[type=password]{width:100%;padding:.4rem}"
    "button{margin:.8rem .5rem 0 0;padding:.5rem 1rem}"
)


def consent_page(
    p: Personality, req: AuthorizeRequest, action: str, error: str | None = None, username: str = ""
) -> str:
    hidden = "\n".join(
        f'    <input type="hidden" name="{escape(k)}" value="{escape(v)}">'
        for k, v in req.form_fields().items()
    )
    scopes = "\n".join(
        f"    <li>{escape(SCOPE_TEXT[s][0])} / {escape(SCOPE_TEXT[s][1])}</li>"
        for s in req.scope
        if s in SCOPE_TEXT
    )
    err = f'  <p class="err" role="alert">{escape(error)}</p>\n' if error else ""
    title = f"{escape(p.name_zh)} · 授权 / Authorize"
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head><meta charset="utf-8"><title>{title}</title><style>{_STYLE}</style></head>
<body>
  <h1>{escape(p.name_zh)} / {escape(p.name_en)}</h1>
  <p>应用“汇流 Huiliu”（{escape(req.client_id)}）请求以下权限：<br>
     The app “Huiliu” ({escape(req.client_id)}) asks to:</p>
  <ul>
{scopes}
  </ul>
{err}  <form method="post" action="{escape(action)}">
{hidden}
    <label>用户名 / Username
      <input type="text" name="username" value="{escape(username)}" autocomplete="username"></label>
    <label>密码 / Password
      <input type="password" name="password" autocomplete="current-password"></label>
    <button type="submit" name="action" value="approve">同意授权 / Approve</button>
    <button type="submit" name="action" value="deny">拒绝 / Deny</button>
  </form>
  <p><small>{escape(p.legal_entity)}（沙箱 / sandbox）</small></p>
</body>
</html>
"""


def error_page(p: Personality | None, message: str) -> str:
    title = f"{p.name_zh} / {p.name_en}" if p else "Huiliu sandbox"
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head><meta charset="utf-8"><title>授权请求无效 / Invalid request</title><style>{_STYLE}</style></head>
<body>
  <h1>{escape(title)}</h1>
  <p class="err" role="alert">授权请求无效 / The authorization request is invalid: {escape(message)}</p>
</body>
</html>
"""
