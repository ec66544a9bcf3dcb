"""``huiliu categories …`` and ``huiliu category-rules …``: the category tree and counterparty rules."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from app.cli.common import Adder, emit_json, open_services, safe
from app.i18n import _

if TYPE_CHECKING:
    from app.services import AppServices


def _name(services: AppServices, key: str) -> str:
    return services.category_tree().name_of(key)


def cmd_list(args: argparse.Namespace) -> int:
    services = open_services(args)
    try:
        tree = services.category_tree(counts=args.counts)
    finally:
        services.close()
    if args.json:
        emit_json([group.to_json() for group in tree.groups])
        return 0
    for node in tree.nodes():
        indent = "" if node.is_group else "    "
        count = f"  ({node.count})" if node.count is not None else ""
        flag = f"  ⚠ {safe(node.damaged)}" if node.damaged else ""
        print(f"{indent}{safe(node.name)}  [{node.key}]{count}{flag}")
    return 0


def cmd_add(args: argparse.Namespace) -> int:
    services = open_services(args)
    try:
        _changes, key = services.add_category(args.name, args.group or "")
    finally:
        services.close()
    print(_("Added category {key}.").format(key=key))
    return 0


def cmd_rename(args: argparse.Namespace) -> int:
    services = open_services(args)
    try:
        changes = services.rename_category(args.key, args.name)
        shown = _name(services, args.key)
    finally:
        services.close()
    if not changes.kinds:
        print(_("Nothing was changed."))
    else:
        print(_("The category is now called {name}.").format(name=safe(shown)))
    return 0


def cmd_delete(args: argparse.Namespace) -> int:
    services = open_services(args)
    try:
        tree = services.category_tree()
        node = tree.node(args.key)
        parent = tree.group_of(args.key) if node is not None and not node.is_group else "other"
        _changes, moved = services.delete_category(args.key)
        target = _name(services, parent)
    finally:
        services.close()
    print(_("Deleted. Transactions moved to {category}: {n}.").format(n=moved, category=safe(target)))
    return 0


def cmd_rules_list(args: argparse.Namespace) -> int:
    services = open_services(args)
    try:
        rules = services.category_rules()
        names = services.category_tree().names()
    finally:
        services.close()
    if args.json:
        emit_json([r.to_json() for r in rules])
        return 0
    for r in rules:
        if r.damaged:
            print(f"{r.id:>4}  ⚠ {safe(r.damaged)}")
            continue
        category = names.get(r.category, r.category)
        print(
            f"{r.id:>4}  "
            + _("{counterparty} → {category}").format(
                counterparty=safe(r.counterparty), category=safe(category)
            )
        )
    return 0


def cmd_rules_add(args: argparse.Namespace) -> int:
    services = open_services(args)
    try:
        _changes, rule_id = services.save_category_rule(args.counterparty, args.category)
        moved = len(services.apply_category_rule(args.counterparty, args.category)[1]) if args.apply else 0
    finally:
        services.close()
    print(_("Rule {id} kept.").format(id=rule_id))
    if args.apply:
        print(_("Transactions moved to the category: {n}.").format(n=moved))
    return 0


def cmd_rules_delete(args: argparse.Namespace) -> int:
    services = open_services(args)
    try:
        services.delete_category_rule(args.id)
    finally:
        services.close()
    print(_("Deleted rule {id}.").format(id=args.id))
    return 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser], add: Adder) -> None:
    cats = add(sub, "categories", _("the category tree: built-in categories and your own"))
    csub = cats.add_subparsers(dest="categories_command", metavar="COMMAND", required=True)
    p = add(csub, "list", _("list the categories, groups first, with their keys"), cmd_list)
    p.add_argument("--counts", action="store_true", help=_("count the transactions in each category"))
    p.add_argument("--json", action="store_true", help=_("machine-readable output"))
    p = add(csub, "add", _("add a category of your own"), cmd_add)
    p.add_argument("name", help=_("its name"))
    p.add_argument("--group", metavar="KEY", help=_("the group it belongs to (without one, a new group)"))
    p = add(
        csub,
        "rename",
        _("rename a category (an empty name gives a built-in one its own name back)"),
        cmd_rename,
    )
    p.add_argument("key", help=_("the category's key (see categories list)"))
    p.add_argument("name", help=_("the new name"))
    p = add(
        csub, "delete", _("delete a category of your own; its transactions move to its group"), cmd_delete
    )
    p.add_argument("key", help=_("the category's key (see categories list)"))

    rules = add(sub, "category-rules", _("rules that put a counterparty's transactions in a category"))
    rsub = rules.add_subparsers(dest="rules_command", metavar="COMMAND", required=True)
    p = add(rsub, "list", _("list the rules"), cmd_rules_list)
    p.add_argument("--json", action="store_true", help=_("machine-readable output"))
    p = add(rsub, "add", _("always put a counterparty's transactions in a category"), cmd_rules_add)
    p.add_argument("counterparty", help=_("the counterparty, as the transactions name it"))
    p.add_argument("category", help=_("the category's key (see categories list)"))
    p.add_argument("--apply", action="store_true", help=_("also move the transactions already in the vault"))
    p = add(rsub, "delete", _("delete a rule"), cmd_rules_delete)
    p.add_argument("id", type=int, help=_("the rule's id"))
