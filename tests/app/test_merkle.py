"""RFC 9162 Merkle tree (SM3) checked against an independent in-test reference, plus canonical JSON."""

from __future__ import annotations

import json
import random
from decimal import Decimal

import pytest
from cryptography.hazmat.primitives import hashes
from hypothesis import given
from hypothesis import strategies as st

from app.audit import merkle
from app.audit.canonical import canonical_json
from app.audit.merkle import (
    CompactRange,
    consistency_proof,
    inclusion_proof,
    verify_consistency,
    verify_inclusion,
)

# ---------------------------------------------------------------------------
# Independent reference, written straight from RFC 9162 2.1.1 / 2.1.3.1 / 2.1.4.1.
# It deliberately does not touch app.vault.crypto or app.audit.merkle's helpers.
# ---------------------------------------------------------------------------


def ref_sm3(data: bytes) -> bytes:
    h = hashes.Hash(hashes.SM3())
    h.update(data)
    return h.finalize()


def ref_leaf(d: bytes) -> bytes:
    return ref_sm3(b"\x00" + d)


def ref_k(n: int) -> int:
    k = 1
    while k * 2 < n:
        k *= 2
    return k


def ref_mth_data(entries: list[bytes]) -> bytes:
    """MTH over raw entries, exactly as the RFC defines it."""
    n = len(entries)
    if n == 0:
        return ref_sm3(b"")
    if n == 1:
        return ref_leaf(entries[0])
    k = ref_k(n)
    return ref_sm3(b"\x01" + ref_mth_data(entries[:k]) + ref_mth_data(entries[k:]))


def ref_mth(leaves: list[bytes]) -> bytes:
    """Same recursion, over already-hashed leaves."""
    n = len(leaves)
    if n == 0:
        return ref_sm3(b"")
    if n == 1:
        return leaves[0]
    k = ref_k(n)
    return ref_sm3(b"\x01" + ref_mth(leaves[:k]) + ref_mth(leaves[k:]))


def ref_path(m: int, leaves: list[bytes]) -> list[bytes]:
    n = len(leaves)
    if n == 1:
        return []
    k = ref_k(n)
    if m < k:
        return ref_path(m, leaves[:k]) + [ref_mth(leaves[k:])]
    return ref_path(m - k, leaves[k:]) + [ref_mth(leaves[:k])]


def ref_subproof(m: int, leaves: list[bytes], b: bool) -> list[bytes]:
    n = len(leaves)
    if m == n:
        return [] if b else [ref_mth(leaves)]
    k = ref_k(n)
    if m <= k:
        return ref_subproof(m, leaves[:k], b) + [ref_mth(leaves[k:])]
    return ref_subproof(m - k, leaves[k:], False) + [ref_mth(leaves[:k])]


def ref_proof(m: int, leaves: list[bytes]) -> list[bytes]:
    return ref_subproof(m, leaves, True)


def random_entries(n: int, seed: int) -> list[bytes]:
    rng = random.Random(seed)
    return [rng.randbytes(rng.randint(0, 40)) for _ in range(n)]


def flip(h: bytes) -> bytes:
    return bytes([h[0] ^ 0x01]) + h[1:]


# ---------------------------------------------------------------------------
# Hash primitives
# ---------------------------------------------------------------------------


def test_reference_sm3_is_really_sm3() -> None:
    # GB/T 32905-2016 appendix A example 1.
    assert ref_sm3(b"abc").hex() == "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"


def test_leaf_and_node_hash_domain_separation() -> None:
    assert merkle.leaf_hash(b"x") == ref_sm3(b"\x00x")
    a, b = ref_leaf(b"a"), ref_leaf(b"b")
    assert merkle.node_hash(a, b) == ref_sm3(b"\x01" + a + b)
    assert merkle.leaf_hash(a + b) != merkle.node_hash(a, b)


def test_empty_tree_root_is_hash_of_empty_string() -> None:
    assert merkle.root([]) == ref_sm3(b"") == merkle.empty_root()
    assert CompactRange().root() == ref_sm3(b"")
    assert CompactRange().size == 0


# ---------------------------------------------------------------------------
# Roots and the incremental builder
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("n", range(71))
def test_root_matches_recursive_mth(n: int) -> None:
    entries = random_entries(n, seed=n)
    leaves = [merkle.leaf_hash(e) for e in entries]
    assert leaves == [ref_leaf(e) for e in entries]
    expected = ref_mth_data(entries)
    assert merkle.root(leaves) == expected
    assert ref_mth(leaves) == expected


def test_compact_range_root_after_every_append() -> None:
    entries = random_entries(70, seed=1234)
    cr = CompactRange()
    for i, e in enumerate(entries, start=1):
        cr.append(merkle.leaf_hash(e))
        assert cr.size == i
        assert cr.root() == ref_mth_data(entries[:i]), i
        assert len(cr.to_state()["hashes"]) == i.bit_count()


def test_compact_range_state_round_trip_and_resume() -> None:
    entries = random_entries(70, seed=99)
    leaves = [ref_leaf(e) for e in entries]
    cr = CompactRange()
    for i, leaf in enumerate(leaves, start=1):
        cr.append(leaf)
        # Persist through JSON, resume, and keep appending on the restored copy.
        state = json.loads(json.dumps(cr.to_state()))
        restored = CompactRange.from_state(state)
        assert restored.size == i
        assert restored.root() == cr.root()
        assert restored.to_state() == cr.to_state()
        restored.extend(leaves[i:])
        assert restored.root() == ref_mth(leaves)
    assert CompactRange.from_state(CompactRange().to_state()).root() == ref_sm3(b"")


@pytest.mark.parametrize(
    "state",
    [
        {"size": 3, "hashes": ["00" * 32]},  # size 3 needs two subtree roots
        {"size": 1, "hashes": ["00" * 31]},  # wrong digest length
        {"size": -1, "hashes": []},
        {"size": 0, "hashes": ["00" * 32]},
    ],
)
def test_compact_range_rejects_bad_state(state: dict) -> None:
    with pytest.raises(ValueError):
        CompactRange.from_state(state)


def test_compact_range_rejects_non_digest_leaf() -> None:
    with pytest.raises(ValueError):
        CompactRange().append(b"short")


# ---------------------------------------------------------------------------
# Inclusion proofs
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("n", range(1, 41))
def test_inclusion_proofs_exhaustive(n: int) -> None:
    leaves = [ref_leaf(e) for e in random_entries(n, seed=1000 + n)]
    tree_root = ref_mth(leaves)
    for i in range(n):
        proof = inclusion_proof(leaves, i)
        assert proof == ref_path(i, leaves), (n, i)
        assert verify_inclusion(leaves[i], i, n, proof, tree_root)

        for j in range(len(proof)):
            bad = list(proof)
            bad[j] = flip(bad[j])
            assert not verify_inclusion(leaves[i], i, n, bad, tree_root)
        for other in range(-1, n + 1):
            if other != i:
                assert not verify_inclusion(leaves[i], other, n, proof, tree_root), (n, i, other)
        assert not verify_inclusion(flip(leaves[i]), i, n, proof, tree_root)
        assert not verify_inclusion(leaves[i], i, n, proof, flip(tree_root))
        assert not verify_inclusion(leaves[i], i, n, proof + [tree_root], tree_root)
        if proof:
            assert not verify_inclusion(leaves[i], i, n, proof[:-1], tree_root)
        # tree_size is deliberately not mutated: sizes whose paths have the same shape
        # (e.g. index 0 in trees of 3 and 4 leaves) accept the same proof; the size is
        # bound by the signed tree head, not by the audit path.


def test_inclusion_proof_rejects_bad_index() -> None:
    leaves = [ref_leaf(b"a"), ref_leaf(b"b")]
    for bad in (-1, 2):
        with pytest.raises(ValueError):
            inclusion_proof(leaves, bad)
    with pytest.raises(ValueError):
        inclusion_proof([], 0)


# ---------------------------------------------------------------------------
# Consistency proofs
# ---------------------------------------------------------------------------


def test_consistency_proofs_exhaustive() -> None:
    leaves = [ref_leaf(e) for e in random_entries(33, seed=7)]
    roots = [ref_mth(leaves[:s]) for s in range(34)]
    for n in range(1, 34):
        for m in range(1, n + 1):
            proof = consistency_proof(leaves, m, n)
            expected = [] if m == n else ref_proof(m, leaves[:n])
            assert proof == expected, (m, n)
            assert verify_consistency(m, n, roots[m], roots[n], proof), (m, n)

            for j in range(len(proof)):
                bad = list(proof)
                bad[j] = flip(bad[j])
                assert not verify_consistency(m, n, roots[m], roots[n], bad), (m, n, j)
            assert not verify_consistency(m, n, flip(roots[m]), roots[n], proof)
            assert not verify_consistency(m, n, roots[m], flip(roots[n]), proof)
            assert not verify_consistency(m, n, roots[m], roots[n], proof + [roots[n]])
            if proof:
                assert not verify_consistency(m, n, roots[m], roots[n], proof[:-1])
                assert not verify_consistency(m, n, roots[m], roots[n], proof[1:])
            for other_m in range(0, n + 2):
                if other_m != m:
                    assert not verify_consistency(other_m, n, roots[m], roots[n], proof), (m, n, other_m)
            # new_size is not mutated for the same reason as tree_size in the inclusion test:
            # e.g. the proof for 1 -> 3 also fits the shape of 1 -> 4; the signed tree head
            # binds the size. Sizes at or below old_size must still be refused.
            for other_n in range(0, m + 1):
                if other_n == n:
                    continue
                assert not verify_consistency(m, other_n, roots[m], roots[n], proof), (m, n, other_n)


def test_consistency_trivial_cases() -> None:
    leaves = [ref_leaf(e) for e in random_entries(5, seed=3)]
    full = ref_mth(leaves)
    assert consistency_proof(leaves, 0, 5) == []
    assert verify_consistency(0, 5, ref_sm3(b""), full, [])
    assert not verify_consistency(0, 5, full, full, [])
    assert not verify_consistency(0, 5, ref_sm3(b""), full, [full])
    assert not verify_consistency(3, 2, full, full, [])
    with pytest.raises(ValueError):
        consistency_proof(leaves, 3, 2)
    with pytest.raises(ValueError):
        consistency_proof(leaves, 1, 6)


# ---------------------------------------------------------------------------
# RFC 9162 section 2.1.5 worked example (seven leaves d0..d6)
#
#             hash
#            /    \
#           k      l
#          / \    / \
#         g   h  i   j
#        / \ / \/ \  |
#        a b c d e f d6
# ---------------------------------------------------------------------------


def test_rfc9162_example_tree() -> None:
    d = [f"d{i}".encode() for i in range(7)]
    a, b, c, dd, e, f = (ref_leaf(x) for x in d[:6])
    j = ref_leaf(d[6])

    def node(x: bytes, y: bytes) -> bytes:
        return ref_sm3(b"\x01" + x + y)

    g, h, i = node(a, b), node(c, dd), node(e, f)
    k, l_ = node(g, h), node(i, j)
    tree_hash = node(k, l_)
    hash0 = node(g, c)  # the 3-leaf tree
    hash1 = k  # the 4-leaf tree
    hash2 = node(k, i)  # the 6-leaf tree

    leaves = [merkle.leaf_hash(x) for x in d]
    assert merkle.root(leaves) == tree_hash
    assert merkle.root(leaves[:3]) == hash0
    assert merkle.root(leaves[:4]) == hash1
    assert merkle.root(leaves[:6]) == hash2

    assert inclusion_proof(leaves, 0) == [b, h, l_]
    assert inclusion_proof(leaves, 3) == [c, g, l_]
    assert inclusion_proof(leaves, 4) == [f, j, k]
    assert inclusion_proof(leaves, 6) == [i, k]
    for idx, proof in ((0, [b, h, l_]), (3, [c, g, l_]), (4, [f, j, k]), (6, [i, k])):
        assert verify_inclusion(leaves[idx], idx, 7, proof, tree_hash)

    assert consistency_proof(leaves, 3, 7) == [c, dd, g, l_]
    assert consistency_proof(leaves, 4, 7) == [l_]
    assert consistency_proof(leaves, 6, 7) == [i, j, k]
    assert verify_consistency(3, 7, hash0, tree_hash, [c, dd, g, l_])
    assert verify_consistency(4, 7, hash1, tree_hash, [l_])
    assert verify_consistency(6, 7, hash2, tree_hash, [i, j, k])


# ---------------------------------------------------------------------------
# Canonical JSON (RFC 8785)
# ---------------------------------------------------------------------------


def test_canonical_key_ordering() -> None:
    assert canonical_json({"b": 1, "a": 2, "c": {"z": True, "y": None}}) == (
        b'{"a":2,"b":1,"c":{"y":null,"z":true}}'
    )
    # JCS sorts by UTF-16 code units, not by code point or locale.
    assert canonical_json({"\U0001f600": 1, "\ufb01": 2}) == '{"\U0001f600":1,"\ufb01":2}'.encode()


def test_canonical_unicode_is_not_escaped() -> None:
    out = canonical_json({"payee": "星巴克咖啡", "memo": 'tab\there "q"'})
    assert out == '{"memo":"tab\\there \\"q\\"","payee":"星巴克咖啡"}'.encode()
    assert b"\\u" not in out


def test_canonical_rejects_float_with_money_hint() -> None:
    with pytest.raises(ValueError, match="Decimal"):
        canonical_json({"amount": 12.5})
    with pytest.raises(ValueError, match="string"):
        canonical_json([1, [2, 3.0]])


def test_canonical_decimal_as_string() -> None:
    assert canonical_json({"amount": Decimal("12.50")}) == b'{"amount":"12.50"}'
    assert canonical_json(Decimal("-0.01")) == b'"-0.01"'
    with pytest.raises(ValueError):
        canonical_json(Decimal("NaN"))


def test_canonical_nested_and_scalars() -> None:
    obj = {"txns": [{"id": 2, "amt": Decimal("1.00"), "tags": ["餐饮", None, False]}], "v": 1}
    assert canonical_json(obj) == '{"txns":[{"amt":"1.00","id":2,"tags":["餐饮",null,false]}],"v":1}'.encode()
    assert canonical_json(None) == b"null"
    assert canonical_json([]) == b"[]"


def test_canonical_rejects_non_str_keys_and_unknown_types() -> None:
    with pytest.raises(TypeError):
        canonical_json({1: "x"})
    with pytest.raises(TypeError):
        canonical_json({"when": object()})


_json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**53) + 1, 2**53 - 1) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)


@given(_json_values)
def test_canonical_round_trips_and_is_stable(value: object) -> None:
    out = canonical_json(value)
    parsed = json.loads(out.decode("utf-8"))
    assert parsed == value
    assert canonical_json(parsed) == out
