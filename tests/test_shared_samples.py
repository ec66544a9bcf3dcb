"""Tests reading ../shared skip quietly where it is absent, but never under CI, which always has it."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import SAMPLES, SHARED, needs_shared, shared_missing


def test_absent_samples_skip_outside_ci(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    assert shared_missing(tmp_path / "absent") is True
    mark = needs_shared(tmp_path / "absent")
    assert mark.args == (True,) and "absent" in mark.kwargs["reason"]


def test_absent_samples_fail_under_ci(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")
    with pytest.raises(RuntimeError, match="CI run without"):
        shared_missing(tmp_path / "absent")
    with pytest.raises(RuntimeError, match="CI run without"):
        needs_shared(tmp_path / "absent")


def test_present_samples_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")
    assert shared_missing(tmp_path) is False
    assert needs_shared(tmp_path).args == (False,)


def test_samples_sit_in_shared() -> None:
    assert SAMPLES.is_relative_to(SHARED)
