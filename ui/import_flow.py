"""From a file (dropped or chosen) to the import preview: read and parse on a worker, then show the plan.

A file that cannot be read as a statement says which file, which line and what is wrong, and nothing
is written. Large files take a moment to parse; the window stays usable and shows that it is busy.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QEvent, QMimeData, QObject, Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from app.errors import HuiliuError
from app.ledger.records import AccountView, MemberView, PlatformView
from app.services import (
    FormatNotRecognised,
    ImportPreview,
    ParsedStatement,
    StatementError,
    read_statement_file,
)
from ui.dialogs.column_mapper import ColumnMapperDialog
from ui.dialogs.import_preview import ImportPreviewDialog
from ui.settings import Settings
from ui.tasks import TaskManager
from ui.vault_session import VaultSession


@dataclass
class Unknown:
    """A table no importer knows, with the columns guessed for it."""

    data: bytes
    guessed: str  # the guessed column mapping (JSON)
    header: list[str]
    rows: list[list[str]]


@dataclass
class Planned:
    """Everything the preview dialog needs, read on a worker."""

    parsed: ParsedStatement
    data: bytes
    preview: ImportPreview
    accounts: list[AccountView]
    platforms: dict[int, str]
    owners: dict[int, str]  # member id -> name
    members: list[MemberView]
    platform_views: list[PlatformView]


class ImportFlow(QObject):
    """``open_file(path)`` parses and previews in the background, then opens the preview dialog."""

    busy = Signal(str)  # a caption while a file is being read; "" when done
    dialog_opened = Signal(object)  # the ImportPreviewDialog (tests reach it through this)
    failed = Signal(str)  # the message shown when a file cannot be imported
    notice = Signal(str)  # a passing remark for the status bar
    mapper_opened = Signal(object)  # the ColumnMapperDialog for a file no importer knows

    def __init__(
        self,
        session: VaultSession,
        tasks: TaskManager,
        window: QWidget,
        settings: Settings,
        is_hidden: Callable[[], bool],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.session, self.tasks, self.window, self.settings = session, tasks, window, settings
        self.is_hidden = is_hidden
        self.reading: Path | None = None

    # --- where files come from ----------------------------------------------------------------------

    def choose_file(self) -> None:
        """File → Import…: the file dialog opens where the last statement came from."""
        if not self.session.is_unlocked:
            return
        path, _filter = QFileDialog.getOpenFileName(
            self.window,
            self.tr("Import a statement"),
            self.settings.import_directory,
            self.tr("Statements (*.csv *.xlsx *.xls *.ofx *.qfx *.qif *.xml *.txt);;All files (*)"),
        )
        if path:
            self.settings.import_directory = str(Path(path).parent)
            self.open_file(Path(path))

    def accept_drops(self, widget: QWidget) -> None:
        """Let files be dropped on ``widget`` (the main window)."""
        widget.setAcceptDrops(True)
        widget.installEventFilter(self)

    @staticmethod
    def local_files(mime: QMimeData) -> list[Path]:
        return [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile() and url.toLocalFile()]

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if isinstance(event, QDragEnterEvent):
            if self.session.is_unlocked and self.local_files(event.mimeData()):
                event.acceptProposedAction()
            else:
                event.ignore()
            return True
        if isinstance(event, QDropEvent) and event.type() == QEvent.Type.Drop:
            if self.drop(event.mimeData()):
                event.acceptProposedAction()
            else:
                event.ignore()
            return True
        return super().eventFilter(watched, event)

    def drop(self, mime: QMimeData) -> bool:
        """Import the first local file of a drop; several are imported one at a time, so say so."""
        files = [f for f in self.local_files(mime) if f.is_file()]
        if not files:
            return False
        if len(files) > 1:
            self.notice.emit(
                self.tr("One statement at a time: importing %1 first.").replace("%1", files[0].name)
            )
        return self.open_file(files[0])

    # --- reading and previewing ---------------------------------------------------------------------

    def open_file(self, path: Path, columns: tuple[str, str] | None = None, data: bytes | None = None) -> bool:
        """Start reading ``path`` (with ``columns``: a column mapping's JSON and the name it is saved under);
        False (and nothing happens) while locked or while another file is read."""
        if not self.session.is_unlocked or self.reading is not None:
            return False
        self.reading = path
        services, generation = self.session.services, self.session.generation
        self.busy.emit(self.tr("Reading %1…").replace("%1", path.name))
        known = data

        def plan() -> Planned | Unknown:
            data = known if known is not None else read_statement_file(path)  # refused unread when too large
            if columns is not None:
                read = services.read_statement(data, str(path), columns_json=columns[0], source=columns[1])
            else:
                try:
                    read = services.read_statement(data, str(path))
                except FormatNotRecognised as unknown:
                    # No importer knows it: if it is a table, guess its columns for the person to check.
                    try:
                        guessed = services.guess_columns(data, str(path))
                        header, rows = services.column_table(data, str(path), guessed)
                    except HuiliuError:
                        raise unknown from None
                    return Unknown(data, guessed, header, rows)
            parsed = read.parsed
            preview = services.preview_import(read, data)
            platform_views = services.platforms()
            members = services.members()
            platforms = {p.id: p.name for p in platform_views}
            owners = {m.id: m.name for m in members}
            return Planned(parsed, data, preview, services.accounts(), platforms, owners, members, platform_views)

        def done(planned: Planned | Unknown | None, error: BaseException | None) -> None:
            self.reading = None
            self.busy.emit("")
            if generation != self.session.generation or not self.session.is_unlocked:
                return  # locked while reading: show nothing of the file
            if error is not None or planned is None:
                self._fail(path, error)
                return
            if isinstance(planned, Unknown):
                self._ask_columns(path, planned)
                return
            self._show(planned)

        self.tasks.run_query(plan, done)
        return True

    def _fail(self, path: Path, error: BaseException | None) -> None:
        if isinstance(error, StatementError):
            where = self.tr("line %1").replace("%1", str(error.line)) if error.line else ""
            detail = error.problem + (f" ({error.field})" if error.field else "")
            message = (
                self.tr("%1 cannot be imported%2: %3. Nothing was imported.")
                .replace("%1", Path(error.path).name or path.name)
                .replace("%2", f", {where}" if where else "")
                .replace("%3", detail)
            )
        elif isinstance(error, HuiliuError):
            message = (
                self.tr("%1 cannot be imported: %2. Nothing was imported.")
                .replace("%1", path.name)
                .replace("%2", str(error))
            )
        else:
            message = (
                self.tr("%1 cannot be imported: %2. Nothing was imported.")
                .replace("%1", path.name)
                .replace("%2", f"{type(error).__name__}: {error}")
            )
        self.failed.emit(message)
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            self.tr("Import a statement"),
            message,
            QMessageBox.StandardButton.Ok,
            self.window,
        )
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        box.open()

    def _ask_columns(self, path: Path, unknown: Unknown) -> None:
        """Let the person check the guessed columns; then read the file with them and preview it."""
        dialog = ColumnMapperDialog(
            self.tasks, self.session.services, path, unknown.data, unknown.guessed, unknown.header, unknown.rows,
            parent=self.window,
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(
            lambda: self.open_file(path, (dialog.mapping_json, dialog.source), unknown.data)
        )
        dialog.open()
        self.mapper_opened.emit(dialog)

    def _show(self, planned: Planned) -> None:
        dialog = ImportPreviewDialog(
            self.tasks,
            self.session.services,
            planned.parsed,
            planned.data,
            planned.preview,
            planned.accounts,
            planned.platforms,
            planned.owners,
            self.is_hidden(),
            parent=self.window,
            members=planned.members,
            platform_views=planned.platform_views,
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.dialog_opened.emit(dialog)
