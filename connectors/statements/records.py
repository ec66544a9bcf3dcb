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
    "balance_not_read",
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


def balance_not_read(line: int, problem: str) -> str:
    """The note for a balance the file leaves out or garbles (a note: a balance is not a row)."""
    return _("the balance at line {line} was not read ({problem}), so it is not compared").format(
        line=line, problem=problem)
