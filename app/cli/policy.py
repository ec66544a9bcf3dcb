"""``huiliu policy list|show|stricter|unset`` and ``huiliu stepup enroll-totp|verify``.

``policy list`` shows every rule of the pack in force (with the acting member's stricter values) and
their own rules; ``policy show RULE`` one rule with its condition, values, citation and confidence.
``stepup enroll-totp`` sets up a code app (the QR code drawn in the terminal) and asks for its first code;
``stepup verify CODE`` checks a code without a transfer.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import Any

from app.cli.common import Adder, emit_json, open_services, pad, safe
from app.cli.transfers import confidence_word
from app.i18n import _, language


def _zh() -> bool:
    return language().startswith("zh")


def _text(pair: Any) -> str:
    return str(pair.zh if _zh() else pair.en)


def _rule_json(view: Any) -> dict[str, Any]:
    rule = view.rule
    return {"id": rule.id, "title": {"zh": rule.title.zh, "en": rule.title.en},
            "explanation": {"zh": rule.explanation.zh, "en": rule.explanation.en}, "scope": rule.scope,
            "condition": rule.condition, "effects": [e.model_dump(mode="json") for e in rule.effect],
            "values": {k: str(v) for k, v in view.values.items()},
            "pack_values": {k: str(v) for k, v in view.pack_values.items()},
            "effective_from": rule.effective_from.isoformat() if rule.effective_from else None,
            "effective_to": rule.effective_to.isoformat() if rule.effective_to else None,
            "citation": rule.citation, "confidence": rule.confidence, "status": rule.status,
            "in_force": view.in_force, "user_rule": view.user_rule}


def _values_text(view: Any) -> str:
    out = []
    for name, value in view.values.items():
        base = view.pack_values.get(name)
        mark = "" if base is None or base == value else " " + _("(pack: {value})").format(value=base)
        out.append(f"{name}={value}{mark}")
    return ", ".join(out)


def cmd_list(args: argparse.Namespace) -> int:
    services: Any = open_services(args)
    try:
        views = services.policy_rules()
        parameters = services.policy_parameters()
    finally:
        services.close()
    if not args.all:
        views = [v for v in views if v.in_force]
    if args.json:
        emit_json({"rules": [_rule_json(v) for v in views],
                   "parameters": {name: {"value": str(value.value), "unit": value.unit, "stricter": value.stricter,
                                         "pack_value": str(base)} for name, value, base in parameters}})
        return 0
    headers = (_("Rule"), _("Title"), _("Values"), _("Confidence"), _("Source"))
    widths = (30, 36, 40, 12)
    print("".join(pad(h, w) for h, w in zip(headers, widths, strict=False)) + headers[-1])
    for v in views:
        title = _text(v.rule.title) + (" *" if v.user_rule else "")
        cells = (v.rule.id, safe(title), safe(_values_text(v)), confidence_word(v.rule.confidence))
        print("".join(pad(c, w - 1) + " " for c, w in zip(cells, widths, strict=False)) + safe(v.rule.citation))
    if any(v.user_rule for v in views):
        print(_("* your own rule"))
    print()
    print(_("Parameters (huiliu policy stricter parameters NAME VALUE):"))
    for name, value, base in parameters:
        title = safe(_text(value.title)) if value.title is not None else ""
        mark = "" if base == value.value else " " + _("(pack: {value})").format(value=base)
        print(f"  {pad(name, 28)} {pad(str(value.value) + mark, 24)} {title}")
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    services: Any = open_services(args)
    try:
        views = services.policy_rules()
    finally:
        services.close()
    found = [v for v in views if v.rule.id == args.rule]
    if not found:
        print(_("No rule {rule} in the policy; see huiliu policy list.").format(rule=safe(args.rule)),
              file=sys.stderr)
        return 2
    view = found[0]
    if args.json:
        emit_json(_rule_json(view))
        return 0
    rule = view.rule
    print(f"{rule.id}: {safe(_text(rule.title))}")
    print("  " + safe(_text(rule.explanation)))
    print("  " + _("Condition: {condition}").format(condition=safe(rule.condition)))
    print("  " + _("Effect: {effects}").format(effects=", ".join(e.kind for e in rule.effect)))
    print("  " + _("Values: {values}").format(values=safe(_values_text(view)) or "—"))
    print("  " + _("Scope: {scope}").format(scope=rule.scope))
    dates = f"{rule.effective_from or '…'} – {rule.effective_to or '…'}"
    print("  " + _("In force: {dates} ({state})").format(
        dates=dates, state=_("in force now") if view.in_force else _("not in force now")))
    print("  " + _("Source: {citation} ({confidence})").format(citation=safe(rule.citation),
                                                              confidence=confidence_word(rule.confidence)))
    return 0


def cmd_stricter(args: argparse.Namespace) -> int:
    services: Any = open_services(args)
    try:
        services.set_policy_value(args.rule, args.value_name, args.value)
    finally:
        services.close()
    print(_("{rule}: {name} is now {value} for you.").format(rule=safe(args.rule), name=safe(args.value_name),
                                                             value=safe(args.value)))
    return 0


def cmd_enroll(args: argparse.Namespace) -> int:
    services: Any = open_services(args)
    try:
        proof = None
        if any(m.usable for m in services.step_up_methods()):
            code = args.current_code or getpass.getpass(_("A code from the code app you already have: "))
            proof = services.step_up_for_enrolment("totp", code)
        label = args.label or _("member {id}").format(id=services.member_id)
        enrolment = services.begin_totp_enrolment(label, proof)
        if args.json:
            emit_json({"factor_id": enrolment.factor_id, "uri": enrolment.uri, "secret": enrolment.secret})
        else:
            print(_("Scan this QR code with your code app (or type the key below), then enter its first code."))
            print(enrolment.qr_text)
            print(_("Key: {secret}").format(secret=" ".join(enrolment.secret[i:i + 4]
                                                              for i in range(0, len(enrolment.secret), 4))))
        code = args.code or input(_("First code: "))
        services.confirm_totp_enrolment(enrolment.factor_id, code.strip())
    finally:
        services.close()
    print(_("The code app is set up: transfers above 5,000 yuan ask for its code."))
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    services: Any = open_services(args)
    try:
        result = services.check_totp(args.code)
    finally:
        services.close()
    if args.json:
        emit_json({"ok": result.ok, "code": result.code, "reason": result.reason})
    else:
        print(result.reason or (_("Code accepted.") if result.ok else _("Wrong code.")))
    return 0 if result.ok else 3


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser], add: Adder) -> None:
    group = add(sub, "policy", _("the transfer policy: its rules, values, sources, and your stricter settings"))
    psub = group.add_subparsers(dest="policy_command", metavar="COMMAND", required=True)
    p = add(psub, "list", _("list the rules in force"), cmd_list)
    p.add_argument("--all", action="store_true", help=_("also the rules not in force now (other dates, alternatives)"))
    p.add_argument("--json", action="store_true", help=_("machine-readable output"))
    p = add(psub, "show", _("one rule in full"), cmd_show)
    p.add_argument("rule", help=_("the rule's id (see policy list)"))
    p.add_argument("--json", action="store_true", help=_("machine-readable output"))
    p = add(psub, "stricter", _("make one value of a rule stricter for you"), cmd_stricter)
    p.add_argument("rule")
    p.add_argument("value_name")
    p.add_argument("value")

    group = add(sub, "stepup", _("identity verification for large transfers"))
    ssub = group.add_subparsers(dest="stepup_command", metavar="COMMAND", required=True)
    p = add(ssub, "enroll-totp", _("set up a code app (scan the QR code, enter its first code)"), cmd_enroll)
    p.add_argument("--label", help=_("the name shown in the code app"))
    p.add_argument("--code", help=_("the code app's first code (else asked)"))
    p.add_argument("--current-code", help=_("a code from the code app you already have (when replacing it)"))
    p.add_argument("--json", action="store_true", help=_("machine-readable output"))
    p = add(ssub, "verify", _("check a code from your code app"), cmd_verify)
    p.add_argument("code")
    p.add_argument("--json", action="store_true", help=_("machine-readable output"))

