"""The records importers produce; the contract lives in the core (app.ledger.statements)."""

from app.i18n import _
from app.ledger.statements import (
    DIRECTIONS,
    STATUSES,
    Importer,
    ParsedStatement,
    RowProblem,
    StatementBalance,
    StatementError,
    StatementRow,
    StatementSection,
)

__all__ = [
    "DIRECTIONS",
    "STATUSES",
    "Importer",
    "ParsedStatement",
    "RowProblem",
    "StatementBalance",
    "StatementError",
    "StatementRow",
    "StatementSection",
    "unimportable",
]


def unimportable(path: str, problems: list[RowProblem], message: str, count: int) -> StatementError:
    """The error for a file none of whose ``count`` rows can be read: ``message`` (with {count} and
    {problems}) naming the first five problems, at the first one's line."""
    listed = "; ".join(
        _("line {line} ({field}): {problem}").format(line=p.line, field=p.field, problem=p.problem)
        for p in problems[:5]
    )
    return StatementError(path, message.format(count=count, problems=listed),
                          line=problems[0].line if problems else None)
