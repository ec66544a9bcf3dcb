"""The records importers produce; the contract lives in the core (app.ledger.statements)."""

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
]
