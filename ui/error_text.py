"""How the window words an error it has to show."""

from __future__ import annotations

from app.errors import HuiliuError


def error_text(error: BaseException | None) -> str:
    """A Huiliu error's own (translated) message; anything else by its type, so a bug is still named."""
    if error is None:
        return ""
    if isinstance(error, HuiliuError):
        return str(error)
    return f"{type(error).__name__}: {error}"
