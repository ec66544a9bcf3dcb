"""RFC 9162 (Certificate Transparency v2, section 2.1) Merkle tree with SM3 as the hash.

Every function that takes a tree works on *leaf hashes* (``leaf_hash(entry)``), not raw
entries: the audit log stores leaf hashes, so proofs can be rebuilt without the entries.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from app.vault.crypto import sm3

HASH_SIZE = 32

# Domain-separation prefixes (RFC 9162 2.1.1): a leaf can never be passed off as an
# interior node, which would otherwise allow second-preimage forgeries.
_LEAF_PREFIX = b"\x00"
_NODE_PREFIX = b"\x01"


def leaf_hash(data: bytes) -> bytes:
    """MTH({d}) = SM3(0x00 || d)."""
    return sm3(_LEAF_PREFIX + data)


def node_hash(left: bytes, right: bytes) -> bytes:
    """Interior node: SM3(0x01 || left || right)."""
    return sm3(_NODE_PREFIX + left + right)


def empty_root() -> bytes:
    """MTH({}) = SM3(''), the root of the empty tree."""
    return sm3(b"")


def _check_hash(h: bytes, what: str) -> None:
    """Raise ValueError unless ``h`` is a 32-byte digest."""
    if not isinstance(h, bytes) or len(h) != HASH_SIZE:
        raise ValueError(f"{what} must be {HASH_SIZE} bytes")


def _split(n: int) -> int:
    """Largest power of two strictly less than ``n`` (n >= 2)."""
    return 1 << ((n - 1).bit_length() - 1)


class CompactRange:
    """Incremental MTH builder holding only the roots of the perfect subtrees (O(log n))."""

    def __init__(self) -> None:
        """Start an empty tree."""
        self._size = 0
        # Roots of perfect subtrees, largest (leftmost) first; their sizes are the set
        # bits of ``_size``, so the stack never holds more than log2(n) + 1 entries.
        self._stack: list[bytes] = []

    @property
    def size(self) -> int:
        """Number of leaves appended so far."""
        return self._size

    def append(self, leaf: bytes) -> None:
        """Append one leaf hash."""
        _check_hash(leaf, "leaf hash")
        self._stack.append(leaf)
        self._size += 1
        # Each trailing zero bit of the new size is a pair of equal perfect subtrees to merge.
        s = self._size
        while s & 1 == 0:
            right = self._stack.pop()
            left = self._stack.pop()
            self._stack.append(node_hash(left, right))
            s >>= 1

    def extend(self, leaves: Iterable[bytes]) -> None:
        """Append several leaf hashes in order."""
        for leaf in leaves:
            self.append(leaf)

    def root(self) -> bytes:
        """MTH of the leaves appended so far."""
        if not self._stack:
            return empty_root()
        # RFC 9162 splits at the largest power of two, i.e. the leftmost perfect subtree
        # is always a left child; folding from the right reproduces exactly that shape.
        r = self._stack[-1]
        for h in reversed(self._stack[:-1]):
            r = node_hash(h, r)
        return r

    def to_state(self) -> dict[str, Any]:
        """JSON-friendly snapshot: ``{"size": n, "hashes": [hex, ...]}``."""
        return {"size": self._size, "hashes": [h.hex() for h in self._stack]}

    @classmethod
    def from_state(cls, state: dict[str, Any]) -> CompactRange:
        """Rebuild a builder from ``to_state()`` output, validating its shape."""
        size = state["size"]
        hashes = [bytes.fromhex(h) for h in state["hashes"]]
        if not isinstance(size, int) or isinstance(size, bool) or size < 0:
            raise ValueError("compact range size must be a non-negative int")
        if len(hashes) != size.bit_count():
            raise ValueError(
                f"compact range of size {size} needs {size.bit_count()} hashes, got {len(hashes)}"
            )
        for h in hashes:
            _check_hash(h, "compact range hash")
        cr = cls()
        cr._size = size
        cr._stack = hashes
        return cr


def root(leaf_hashes: Sequence[bytes]) -> bytes:
    """MTH over a list of leaf hashes (SM3('') for an empty list)."""
    cr = CompactRange()
    cr.extend(leaf_hashes)
    return cr.root()


def _subtree_root(leaf_hashes: Sequence[bytes], lo: int, hi: int) -> bytes:
    """MTH(D[lo:hi]) without copying the slice."""
    cr = CompactRange()
    cr.extend(leaf_hashes[i] for i in range(lo, hi))
    return cr.root()


def inclusion_proof(leaf_hashes: Sequence[bytes], index: int) -> list[bytes]:
    """Audit path PATH(index, D[n]) per RFC 9162 2.1.3.1."""
    n = len(leaf_hashes)
    if not 0 <= index < n:
        raise ValueError(f"leaf index {index} out of range for tree of size {n}")
    # The RFC recursion appends each sibling *after* the deeper result, so walking
    # top-down and reversing yields the same leaf-to-root order.
    path: list[bytes] = []
    lo, hi = 0, n
    while hi - lo > 1:
        k = _split(hi - lo)
        if index < lo + k:
            path.append(_subtree_root(leaf_hashes, lo + k, hi))
            hi = lo + k
        else:
            path.append(_subtree_root(leaf_hashes, lo, lo + k))
            lo += k
    path.reverse()
    return path


def verify_inclusion(
    leaf_hash: bytes, index: int, tree_size: int, proof: Sequence[bytes], root: bytes
) -> bool:
    """Check an audit path per RFC 9162 2.1.3.2."""
    if not 0 <= index < tree_size:
        return False
    fn, sn = index, tree_size - 1
    r = leaf_hash
    for p in proof:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            # On the right edge of an unbalanced tree, levels with no right sibling are
            # skipped: the node is promoted unchanged, so those bits carry no proof element.
            if not fn & 1:
                while not (fn & 1 or fn == 0):
                    fn >>= 1
                    sn >>= 1
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    return sn == 0 and r == root


def consistency_proof(leaf_hashes: Sequence[bytes], old_size: int, new_size: int) -> list[bytes]:
    """PROOF(old_size, D[new_size]) = SUBPROOF(m, D[n], true) per RFC 9162 2.1.4.1."""
    if not 0 <= old_size <= new_size <= len(leaf_hashes):
        raise ValueError(f"need 0 <= old_size ({old_size}) <= new_size ({new_size}) <= {len(leaf_hashes)}")
    # Nothing to prove: a tree is consistent with itself and the empty tree with anything.
    if old_size == 0 or old_size == new_size:
        return []
    path: list[bytes] = []
    lo, hi, m = 0, new_size, old_size
    # ``complete`` is SUBPROOF's b flag: true while the old tree is still a left-aligned
    # prefix whose root the verifier already holds, so it need not be sent.
    complete = True
    while m != hi - lo:
        k = _split(hi - lo)
        if m <= k:
            path.append(_subtree_root(leaf_hashes, lo + k, hi))
            hi = lo + k
        else:
            path.append(_subtree_root(leaf_hashes, lo, lo + k))
            lo += k
            m -= k
            complete = False
    if not complete:
        path.append(_subtree_root(leaf_hashes, lo, hi))
    path.reverse()
    return path


def verify_consistency(
    old_size: int, new_size: int, old_root: bytes, new_root: bytes, proof: Sequence[bytes]
) -> bool:
    """Check a consistency proof per RFC 9162 2.1.4.2."""
    if not 0 <= old_size <= new_size:
        return False
    # The RFC algorithm covers 0 < first < second only; the trivial cases demand an empty proof.
    if old_size == new_size:
        return not proof and old_root == new_root
    if old_size == 0:
        return not proof and old_root == empty_root()
    if not proof:
        return False
    path = list(proof)
    # A power-of-two old tree is a single perfect subtree of the new one, so its root is
    # omitted from the proof and must be supplied by the verifier.
    if old_size & (old_size - 1) == 0:
        path.insert(0, old_root)
    fn, sn = old_size - 1, new_size - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr = node_hash(c, fr)
            sr = node_hash(c, sr)
            if not fn & 1:
                while not (fn & 1 or fn == 0):
                    fn >>= 1
                    sn >>= 1
        else:
            sr = node_hash(sr, c)
        fn >>= 1
        sn >>= 1
    return fr == old_root and sr == new_root and sn == 0
