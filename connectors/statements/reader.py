"""The statement reader the core loads through the ``huiliu.statements`` entry point.

It is the only door from the core to the importers: format detection, bank CSVs read with a saved
column mapping (or one guessed from the file, with a preview of the
table it reads), and decoding a file's text to find which saved mapping fits it.
"""

from __future__ import annotations

from app.ledger.statements import ParsedStatement


class Reader:
    """Implements ``app.ledger.statements.StatementReader`` over the importers of this package."""

    def parse(self, data: bytes, name: str) -> ParsedStatement:
        from connectors.statements.detect import parse_data

        return parse_data(data, name)

    def parse_columns(self, data: bytes, name: str, mapping_json: str) -> ParsedStatement:
        from connectors.statements.generic_csv import ColumnMapping, GenericCsvImporter

        return GenericCsvImporter(ColumnMapping.from_json(mapping_json)).parse(data, name)

    def decode(self, data: bytes, name: str) -> str:
        from connectors.statements.decoding import decode_text
        from connectors.statements.sheets import as_csv

        return decode_text(as_csv(data, name) or data, name)[0]

    def mapping_header(self, text: str, mapping_json: str) -> str:
        from connectors.statements.generic_csv import ColumnMapping

        column = ColumnMapping.from_json(mapping_json).date_column
        return next((line for line in text.splitlines() if column in line), "")

    def guess_columns(self, data: bytes, name: str) -> str:
        from connectors.statements.guess import guess_mapping

        return guess_mapping(data, name).mapping.to_json()

    def table(self, data: bytes, name: str, mapping_json: str, limit: int = 20) -> tuple[list[str], list[list[str]]]:
        from connectors.statements.generic_csv import ColumnMapping, GenericCsvImporter

        return GenericCsvImporter(ColumnMapping.from_json(mapping_json)).table(data, name, limit)


READER = Reader()
