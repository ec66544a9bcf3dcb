"""The category tree as the user has made it: the built-in one, their own categories and names.

The built-in tree (``app.ledger.categories``) is the same in every vault; a user adds categories
under its groups (or groups of their own), and may give a built-in category a name of their own.
Transactions name a user category by ``user:<id>``, never by its name, so renaming rewrites no
transaction. Deleting one moves its transactions (and the rules that put rows in it) to its
parent, or to "other" for a group. Names are sealed like every text a person types.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import NotFound, TamperedRecord, ValidationError
from app.i18n import _
from app.ledger import categories, vocabulary
from app.ledger.transactions import open_rows
from app.unit_of_work import UnitOfWork
from app.vault.schema import CategoryName, CategoryRule, Transaction, UserCategory
from app.vault.store import Vault
from app.vault.types import utcnow

USER_PREFIX = "user:"
MAX_NAME = 40
FALLBACK = "other"  # where the rows of a deleted group go


def user_key(category_id: int) -> str:
    return f"{USER_PREFIX}{category_id}"


def user_id(key: str) -> int | None:
    """The id in a ``user:<id>`` key, or None for any other key."""
    if not key.startswith(USER_PREFIX):
        return None
    rest = key[len(USER_PREFIX) :]
    return int(rest) if rest.isdigit() else None


def clean_name(name: str) -> str:
    """A name as kept: spaces collapsed; refused when empty or too long."""
    name = " ".join(name.split())
    if not name:
        raise ValidationError("name", _("is required"))
    if len(name) > MAX_NAME:
        raise ValidationError("name", _("is longer than {n} characters").format(n=MAX_NAME))
    return name


@dataclass
class CategoryNode:
    """One category of the tree, named in the interface language (a name of the user's own in every language)."""

    key: str
    name: str
    group: str  # the key of the group it belongs to (its own key for a group)
    builtin: bool
    own_name: str = ""  # the user's name: a user category's, or a built-in one's given name
    standard_name: str = ""  # a built-in category's own word, translated ("" for the user's)
    count: int | None = None  # transactions in it, when counted
    damaged: str = ""
    children: list[CategoryNode] = field(default_factory=list)

    @property
    def is_group(self) -> bool:
        return self.group == self.key

    def to_json(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "name": self.name,
            "group": self.group,
            "builtin": self.builtin,
            "own_name": self.own_name,
            "count": self.count,
            "damaged": self.damaged,
            "children": [c.to_json() for c in self.children],
        }


@dataclass
class CategoryTree:
    """Groups in order, each with its categories: built-in ones first, then the user's."""

    groups: list[CategoryNode]

    def nodes(self) -> Iterator[CategoryNode]:
        """Every category, each group followed by its children (the order of a chooser)."""
        for group in self.groups:
            yield group
            yield from group.children

    def node(self, key: str) -> CategoryNode | None:
        return next((n for n in self.nodes() if n.key == key), None)

    def names(self) -> dict[str, str]:
        """key -> the name shown, for every category of the tree."""
        return {n.key: n.name for n in self.nodes()}

    def own_names(self) -> dict[str, str]:
        """key -> the user's own name, for the user's categories and the renamed built-in ones (the
        same in every language; the others are shown by their translated built-in word)."""
        return {n.key: n.own_name for n in self.nodes() if n.own_name}

    def group_of(self, key: str) -> str:
        """The group a category reports under: a user category's parent group, a built-in's group."""
        node = self.node(key)
        return node.group if node is not None else categories.group_of(key)

    def groups_by_key(self) -> dict[str, str]:
        """key -> group key for every category of the tree (for grouping many rows at once)."""
        return {n.key: n.group for n in self.nodes()}

    def name_of(self, key: str) -> str:
        """A category's name as shown; a word no category has is shown as written."""
        node = self.node(key)
        return node.name if node is not None else vocabulary.category(key)


def read_tree(s: Session, counts: Counter[str] | None = None) -> CategoryTree:
    """The whole tree with the user's categories and names (and the counts, when given)."""
    own: dict[str, tuple[str, str]] = {}  # key -> (own name, damaged)
    for given in s.scalars(select(CategoryName)):
        try:
            own[given.key] = (given.name or "", "")
        except TamperedRecord as exc:
            own[given.key] = ("", str(exc))
    users = list(s.scalars(select(UserCategory).order_by(UserCategory.id)))

    def builtin(key: str, group: str) -> CategoryNode:
        standard = vocabulary.category(key)
        name, damaged = own.get(key, ("", ""))
        return CategoryNode(key, name or standard, group, True, name, standard, damaged=damaged)

    def mine(row: UserCategory, group: str) -> CategoryNode:
        key = user_key(row.id)
        try:
            name, damaged = row.name or key, ""
        except TamperedRecord as exc:
            name, damaged = f"#{row.id}", str(exc)
        return CategoryNode(key, name, group, False, name if not damaged else "", damaged=damaged)

    groups: dict[str, CategoryNode] = {}
    for group, keys in categories.GROUPS.items():
        node = builtin(group, group)
        node.children = [builtin(k, group) for k in keys]
        groups[group] = node
    user_groups = [mine(r, user_key(r.id)) for r in users if not r.parent]
    for node in user_groups:
        groups[node.key] = node
    for row in users:
        parent = groups.get(row.parent) if row.parent else None
        if row.parent and parent is None:
            # Its group is gone (it should not be): it is still shown, under "other".
            parent = groups[FALLBACK]
        if parent is not None:
            parent.children.append(mine(row, parent.key))
    # The user's groups come before "other", which stays last.
    ordered = [g for k, g in groups.items() if k != FALLBACK] + [groups[FALLBACK]]
    tree = CategoryTree(ordered)
    if counts is not None:
        for node in tree.nodes():
            node.count = counts.get(node.key, 0)
    return tree


def count_by_category(vault: Vault) -> Counter[str]:
    """How many transactions each category holds (every row opened once, in memory)."""
    found: Counter[str] = Counter()
    for _row, values in open_rows(vault, "SELECT id, sealed FROM transactions"):
        if values is not None:
            found[values.get("category", "")] += 1
    return found


# --- changing the tree ------------------------------------------------------------------------------


def _check_unique(tree: CategoryTree, name: str, except_key: str = "") -> None:
    """No two categories share a name (in the language shown, nor in English: the words of both count)."""
    wanted = name.casefold()
    for node in tree.nodes():
        if node.key == except_key:
            continue
        english = vocabulary.CATEGORY_WORDS.get(node.key, "") if not node.own_name else ""
        if wanted in (node.name.casefold(), english.casefold()):
            raise ValidationError("name", _("a category named {name} already exists").format(name=name))


def add(unit: UnitOfWork, s: Session, name: str, parent: str = "") -> UserCategory:
    """A new category under the group ``parent`` (a group of its own when ``parent`` is empty)."""
    name = clean_name(name)
    tree = read_tree(s)
    if parent:
        node = tree.node(parent)
        if node is None or not node.is_group:
            raise ValidationError("parent", _("is not a group of categories"))
    _check_unique(tree, name)
    row = UserCategory(id=unit.vault.next_id("user_categories"), created_at=utcnow(), parent=parent)
    row.name = name
    s.add(row)
    unit.record(s, "category.added", "category", row.id, parent=parent or None)
    return row


def rename(unit: UnitOfWork, s: Session, key: str, name: str) -> bool:
    """Give a category a new name; for a built-in one, an empty name gives it back its own word.
    False when nothing changed."""
    tree = read_tree(s)
    node = tree.node(key)
    if node is None:
        raise NotFound("category", key)
    if node.builtin and not " ".join(name.split()):
        given = s.scalars(select(CategoryName).where(CategoryName.key == key)).first()
        if given is None:
            return False
        s.delete(given)
        unit.record(s, "category.renamed", "category", 0, key=key, restored=True)
        return True
    name = clean_name(name)
    if name == node.name and (node.own_name or not node.builtin):
        return False
    _check_unique(tree, name, except_key=key)
    if node.builtin:
        if name == node.standard_name:  # its own word again: no name of the user's needed
            return rename(unit, s, key, "")
        kept = s.scalars(select(CategoryName).where(CategoryName.key == key)).first()
        if kept is None:
            kept = CategoryName(id=unit.vault.next_id("category_names"), key=key)
            s.add(kept)
        kept.name = name
        unit.record(s, "category.renamed", "category", 0, key=key)
        return True
    ident = user_id(key)
    row = s.get(UserCategory, ident) if ident is not None else None
    if row is None:
        raise NotFound("category", key)
    row.name = name
    unit.record(s, "category.renamed", "category", row.id, key=key)
    return True


@dataclass
class Deleted:
    """What deleting a category did: the keys removed, where their rows went, the rows and rules moved."""

    keys: list[str]
    moved_to: str
    transactions: dict[int, int]  # account id -> rows moved
    rules: int


def deletion(s: Session, key: str) -> tuple[list[str], str]:
    """The keys deleting ``key`` removes (a group takes its categories along) and where their rows go."""
    ident = user_id(key)
    row = s.get(UserCategory, ident) if ident is not None else None
    if row is None:
        if key in vocabulary.CATEGORY_WORDS:
            raise ValidationError("category", _("a built-in category can be renamed but not deleted"))
        raise NotFound("category", key)
    keys = [key] + [user_key(c.id) for c in s.scalars(select(UserCategory).where(UserCategory.parent == key))]
    return keys, row.parent or FALLBACK


def delete(unit: UnitOfWork, s: Session, key: str) -> Deleted:
    """Delete a user category (a group with its categories): its transactions and rules move to its parent."""
    keys, target = deletion(s, key)
    gone = set(keys)
    moved = recategorize_where(unit.vault, s, lambda category: target if category in gone else None)
    rules = 0
    for rule in s.scalars(select(CategoryRule)):
        try:
            if rule.category in gone:
                rule.category = target
                rules += 1
        except TamperedRecord:
            continue  # a damaged rule is reported by the integrity check; it is not rewritten blindly
    for k in keys:
        ident = user_id(k)
        row = s.get(UserCategory, ident) if ident is not None else None
        if row is not None:
            s.delete(row)
            unit.record(s, "category.deleted", "category", row.id, moved_to=target)
    unit.record(
        s,
        "transactions.recategorized",
        "category",
        user_id(key) or 0,
        reason="category_deleted",
        count=sum(moved.values()),
        rules=rules,
        category=target,
    )
    return Deleted(keys, target, moved, rules)


def recategorize_where(
    vault: Vault, s: Session, new_category: Any, ids: Iterable[int] | None = None
) -> dict[int, int]:
    """Give every transaction (or those of ``ids``) the category ``new_category(old)`` says (None: leave it),
    sealed again in the caller's write; returns account id -> rows changed."""
    query = "SELECT id, account_id, sealed FROM transactions"
    params: tuple[Any, ...] = ()
    chosen = set(ids) if ids is not None else None
    targets: dict[int, str] = {}
    for (row_id, _account, _sealed), values in open_rows(vault, query, params, s.connection()):
        if values is None or (chosen is not None and row_id not in chosen):
            continue
        new = new_category(values.get("category", ""))
        if new is not None and new != values.get("category", ""):
            targets[row_id] = new
    return set_categories(s, targets)


def set_categories(s: Session, targets: dict[int, str]) -> dict[int, int]:
    """Set these transactions' categories (id -> category key); returns account id -> rows changed."""
    changed: Counter[int] = Counter()
    ids = sorted(targets)
    for start in range(0, len(ids), 900):  # SQLite's bound-parameter limit
        for row in s.scalars(select(Transaction).where(Transaction.id.in_(ids[start : start + 900]))):
            row.category = targets[row.id] or None
            changed[row.account_id] += 1
    return dict(changed)
