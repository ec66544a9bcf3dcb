"""File → Categories…: the category tree (add, rename, delete the user's own) and the counterparty rules.

The tree shows the built-in groups and categories with the user's own among them, and how many
transactions each holds. A name is changed in place (double-click, F2 or Rename); a built-in category
can be renamed but not deleted, and an empty name gives it back its own word. Deleting a category of
one's own moves its transactions (and its rules) to its group, after a confirmation that says so.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt
from PySide6.QtGui import QAction, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.changes import Changes
from app.services import AppServices, CategoryNode, CategoryRuleView, CategoryTree
from ui.error_text import error_text
from ui.language import is_language_change
from ui.tasks import TaskManager
from ui.vault_session import VaultSession
from ui.widgets.cell_delegate import CellDelegate

KEY_ROLE = Qt.ItemDataRole.UserRole
NEW_GROUP = ""  # the group chooser's "none: a group of its own"


class CategoriesDialog(QDialog):
    """Reads the tree and the rules on a worker when shown and after every change (``loaded`` then)."""

    def __init__(
        self, tasks: TaskManager, services: AppServices, parent: QWidget | None = None, confirm: bool = True
    ) -> None:
        super().__init__(parent)
        self.setObjectName("categoriesDialog")
        self.tasks, self.services = tasks, services
        self.confirm = confirm  # tests answer the confirmation themselves
        self.tree: CategoryTree | None = None
        self.rules: list[CategoryRuleView] = []
        self.loads = 0  # how many reads have arrived (tests wait on it)
        self._filling = False
        self._select_next = ""  # a key to select once the tree is read again
        self._title = QLabel()
        self._title.setObjectName("dialogTitle")
        self._hint = QLabel()
        self._hint.setObjectName("hint")
        self._hint.setWordWrap(True)
        self.view = QTreeWidget()
        self.view.setItemDelegate(CellDelegate(self.view))  # no frame around the current cell
        self.view.setObjectName("categoryTree")
        self.view.setColumnCount(2)
        self.view.setUniformRowHeights(True)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.view.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.view.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.view.header().setStretchLastSection(False)
        self.view.itemChanged.connect(self._renamed_in_place)
        self.view.itemSelectionChanged.connect(self._update_buttons)
        self.rename_button, self.delete_button = QPushButton(), QPushButton()
        for button in (self.rename_button, self.delete_button):
            button.setAutoDefault(False)
        self.rename_button.clicked.connect(self._start_rename)
        self.delete_button.clicked.connect(self.delete_selected)
        tree_buttons = QHBoxLayout()
        tree_buttons.addStretch(1)
        tree_buttons.addWidget(self.rename_button)
        tree_buttons.addWidget(self.delete_button)
        self.new_name = QLineEdit()
        self.new_name.setMaxLength(40)
        self.group_choice = QComboBox()
        self.add_button = QPushButton()
        self.add_button.setAutoDefault(False)
        self.add_button.clicked.connect(self.add)
        self.new_name.returnPressed.connect(self.add)
        self._name_label, self._group_label = QLabel(), QLabel()
        self._name_label.setBuddy(self.new_name)
        self._group_label.setBuddy(self.group_choice)
        adding = QFormLayout()
        adding.addRow(self._name_label, self.new_name)
        group_row = QHBoxLayout()
        group_row.addWidget(self.group_choice, 1)
        group_row.addWidget(self.add_button)
        adding.addRow(self._group_label, group_row)
        self._rules_title = QLabel()
        self._rules_title.setObjectName("sectionTitle")
        self._rules_hint = QLabel()
        self._rules_hint.setObjectName("hint")
        self._rules_hint.setWordWrap(True)
        self.rules_view = QTreeWidget()
        self.rules_view.setItemDelegate(CellDelegate(self.rules_view))
        self.rules_view.setObjectName("categoryRules")
        self.rules_view.setColumnCount(2)
        self.rules_view.setRootIsDecorated(False)
        self.rules_view.setUniformRowHeights(True)
        self.rules_view.header().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.rules_view.itemSelectionChanged.connect(self._update_buttons)
        self.rules_view.setMaximumHeight(170)
        self.delete_rule_button = QPushButton()
        self.delete_rule_button.setAutoDefault(False)
        self.delete_rule_button.clicked.connect(self.delete_selected_rule)
        delete_key = QAction(self.rules_view)
        delete_key.setShortcut(Qt.Key.Key_Delete)
        delete_key.triggered.connect(self.delete_selected_rule)
        self.rules_view.addAction(delete_key)
        rule_buttons = QHBoxLayout()
        rule_buttons.addStretch(1)
        rule_buttons.addWidget(self.delete_rule_button)
        self.message = QLabel()
        self.message.setObjectName("hint")
        self.message.setWordWrap(True)
        self.close_button = QPushButton()
        self.close_button.setDefault(True)
        self.close_button.clicked.connect(self.accept)
        bottom = QHBoxLayout()
        bottom.addWidget(self.message, 1)
        bottom.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(22, 18, 22, 16)
        layout.setSpacing(10)
        layout.addWidget(self._title)
        layout.addWidget(self._hint)
        layout.addWidget(self.view, 3)
        layout.addLayout(tree_buttons)
        layout.addLayout(adding)
        layout.addSpacing(6)
        layout.addWidget(self._rules_title)
        layout.addWidget(self._rules_hint)
        layout.addWidget(self.rules_view, 1)
        layout.addLayout(rule_buttons)
        layout.addLayout(bottom)
        self.resize(640, 800)
        tasks.changes.connect(self._on_changes)
        self.retranslate()
        self.reload()

    # --- reading ----------------------------------------------------------------------------------

    def reload(self) -> None:
        services = self.services

        def read() -> tuple[CategoryTree, list[CategoryRuleView]]:
            return services.category_tree(counts=True), services.category_rules()

        def done(
            result: tuple[CategoryTree, list[CategoryRuleView]] | None, error: BaseException | None
        ) -> None:
            if error is not None or result is None:
                self.message.setText(error_text(error))
                return
            self.tree, self.rules = result
            self._fill()
            if self._select_next:
                self.select(self._select_next)
                self._select_next = ""
            self.loads += 1

        self.tasks.run_query(read, done)

    def _on_changes(self, changes: Changes) -> None:
        if changes.touches("categories", "transactions"):
            self.reload()

    def _fill(self) -> None:
        selected = self.selected_key()
        self._filling = True
        try:
            self.view.clear()
            for group in self.tree.groups if self.tree is not None else []:
                top = self._item(group)
                self.view.addTopLevelItem(top)
                for child in group.children:
                    top.addChild(self._item(child))
            self.view.expandAll()
            self._fill_groups()
            self._fill_rules()
        finally:
            self._filling = False
        if selected:
            self.select(selected)
        self._update_buttons()

    def _item(self, node: CategoryNode) -> QTreeWidgetItem:
        item = QTreeWidgetItem([node.name, "" if node.count is None else str(node.count)])
        item.setData(0, KEY_ROLE, node.key)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
        item.setTextAlignment(1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if node.is_group:
            font = QFont(item.font(0))
            font.setBold(True)
            item.setFont(0, font)
        if node.damaged:
            item.setToolTip(0, node.damaged)
        elif node.builtin and node.own_name:
            item.setToolTip(0, self.tr("Built-in name: %1").replace("%1", node.standard_name))
        elif node.builtin:
            item.setToolTip(0, self.tr("Built-in category"))
        else:
            item.setToolTip(0, self.tr("A category of your own"))
        return item

    def _fill_groups(self) -> None:
        chosen = self.group_choice.currentData()
        self.group_choice.clear()
        for group in self.tree.groups if self.tree is not None else []:
            self.group_choice.addItem(group.name, group.key)
        self.group_choice.addItem(self.tr("None: a new group"), NEW_GROUP)
        index = self.group_choice.findData(chosen if chosen is not None else "other")
        self.group_choice.setCurrentIndex(max(index, 0))

    def _fill_rules(self) -> None:
        self.rules_view.clear()
        for rule in self.rules:
            if rule.damaged:
                texts = [rule.damaged, ""]
            else:
                category = self.tree.name_of(rule.category) if self.tree is not None else rule.category
                texts = [rule.counterparty, category]
            item = QTreeWidgetItem(texts)
            item.setData(0, KEY_ROLE, rule.id)
            self.rules_view.addTopLevelItem(item)
        self.rules_view.setVisible(bool(self.rules))
        self.delete_rule_button.setVisible(bool(self.rules))
        self._rules_hint.setText(
            self.tr("Transactions of these counterparties go to their category at every import and sync.")
            if self.rules
            else self.tr(
                "No rules yet. After you change a transaction's category, its details offer to always put "
                "that counterparty there."
            )
        )

    # --- choosing ---------------------------------------------------------------------------------

    def selected_key(self) -> str:
        items = self.view.selectedItems()
        return str(items[0].data(0, KEY_ROLE)) if items else ""

    def select(self, key: str) -> None:
        for item in self._items():
            if item.data(0, KEY_ROLE) == key:
                self.view.setCurrentItem(item)
                return

    def item_for(self, key: str) -> QTreeWidgetItem | None:
        return next((i for i in self._items() if i.data(0, KEY_ROLE) == key), None)

    def _items(self) -> list[QTreeWidgetItem]:
        out = []
        for i in range(self.view.topLevelItemCount()):
            top = self.view.topLevelItem(i)
            out.append(top)
            out.extend(top.child(j) for j in range(top.childCount()))
        return out

    def _node(self, key: str) -> CategoryNode | None:
        return self.tree.node(key) if self.tree is not None and key else None

    def _update_buttons(self) -> None:
        node = self._node(self.selected_key())
        self.rename_button.setEnabled(node is not None)
        self.delete_button.setEnabled(node is not None and not node.builtin)
        self.delete_rule_button.setEnabled(bool(self.rules_view.selectedItems()))

    # --- changing ---------------------------------------------------------------------------------

    def add(self) -> None:
        name, parent = self.new_name.text(), str(self.group_choice.currentData() or NEW_GROUP)
        services = self.services

        def done(result: tuple[Changes, str] | None, error: BaseException | None) -> None:
            self.add_button.setEnabled(True)
            if error is not None or result is None:
                self.message.setText(error_text(error))
                return
            self.new_name.clear()
            self.message.setText(self.tr("Added %1.").replace("%1", " ".join(name.split())))
            self._select_next = result[1]  # the tree is read again on the change it made

        self.add_button.setEnabled(False)
        self.tasks.run_mutation(lambda: services.add_category(name, parent), done)

    def _start_rename(self) -> None:
        items = self.view.selectedItems()
        if items:
            self.view.editItem(items[0], 0)

    def _renamed_in_place(self, item: QTreeWidgetItem, column: int) -> None:
        if self._filling or column != 0:
            return
        key = str(item.data(0, KEY_ROLE))
        node = self._node(key)
        if node is not None and item.text(0) != node.name:
            self.rename(key, item.text(0))

    def rename(self, key: str, name: str) -> None:
        """Give ``key`` the name ``name`` (an empty one gives a built-in category its own word back)."""
        services = self.services

        def done(result: Changes | None, error: BaseException | None) -> None:
            if error is not None:
                self.message.setText(error_text(error))
                self._fill()  # the old name back in the tree
                return
            self.message.setText(
                self.tr("Renamed to %1.").replace("%1", " ".join(name.split()))
                if " ".join(name.split())
                else self.tr("The category has its own name again.")
            )
            self._select_next = key

        self.tasks.run_mutation(lambda: services.rename_category(key, name), done)

    def delete_selected(self) -> None:
        node = self._node(self.selected_key())
        if node is None or node.builtin or self.tree is None:
            return
        target = "other" if node.is_group else node.group
        moved = (node.count or 0) + sum(c.count or 0 for c in node.children)
        target_name = self.tree.name_of(target)
        if self.confirm:
            if node.is_group and node.children:
                text = self.tr(
                    "Delete the group %1 and its categories? Their %n transactions move to %2.", "", moved
                )
            else:
                text = self.tr("Delete %1? Its %n transactions move to %2.", "", moved)
            answer = QMessageBox.question(
                self, self.tr("Delete a category"), text.replace("%1", node.name).replace("%2", target_name)
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        services, key, name = self.services, node.key, node.name

        def done(result: tuple[Changes, int] | None, error: BaseException | None) -> None:
            self.delete_button.setEnabled(True)
            if error is not None or result is None:
                self.message.setText(error_text(error))
                return
            self.message.setText(
                self.tr("Deleted %1; %n transactions moved to %2.", "", result[1])
                .replace("%1", name)
                .replace("%2", target_name)
            )

        self.delete_button.setEnabled(False)
        self.tasks.run_mutation(lambda: services.delete_category(key), done)

    def delete_selected_rule(self) -> None:
        items = self.rules_view.selectedItems()
        if not items:
            return
        services, rule_id = self.services, int(items[0].data(0, KEY_ROLE))

        def done(_result: Any, error: BaseException | None) -> None:
            if error is not None:
                self.message.setText(error_text(error))
                return
            self.message.setText(self.tr("The rule was deleted."))

        self.tasks.run_mutation(lambda: services.delete_category_rule(rule_id), done)

    # --- texts ------------------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Categories"))
        self._title.setText(self.tr("Categories"))
        self._hint.setText(
            self.tr(
                "Double-click a name to change it. Built-in categories can be renamed but not deleted; "
                "an empty name gives one its own name back."
            )
        )
        self.view.setHeaderLabels([self.tr("Category"), self.tr("Transactions")])
        self.rules_view.setHeaderLabels([self.tr("Counterparty"), self.tr("Category")])
        self.rename_button.setText(self.tr("&Rename"))
        self.delete_button.setText(self.tr("&Delete…"))
        self._name_label.setText(self.tr("&New category:"))
        self.new_name.setPlaceholderText(self.tr("Name"))
        self._group_label.setText(self.tr("In &group:"))
        self.add_button.setText(self.tr("&Add"))
        self._rules_title.setText(self.tr("Counterparty rules"))
        self.delete_rule_button.setText(self.tr("Delete r&ule"))
        self.close_button.setText(self.tr("Close"))
        if self.tree is not None:
            self._fill()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt API)
        if is_language_change(event):
            self.retranslate()
            self.reload()  # the built-in names in the new language
        super().changeEvent(event)


class CategoriesAction(QAction):
    """File → Categories…: opens the dialog on the unlocked vault (one at a time) and names itself again
    at every language change of the window it belongs to."""

    def __init__(self, window: QWidget, session: VaultSession, tasks: TaskManager) -> None:
        super().__init__(window)
        self.window_, self.session, self.tasks = window, session, tasks
        self.dialog: CategoriesDialog | None = None
        self.triggered.connect(self.open_dialog)
        session.locked.connect(self._close_dialog)
        window.installEventFilter(self)
        self.retranslate()

    def open_dialog(self) -> CategoriesDialog | None:
        if not self.session.is_unlocked:
            return None
        if self.dialog is not None:
            self.dialog.raise_()
            self.dialog.activateWindow()
            return self.dialog
        dialog = CategoriesDialog(self.tasks, self.session.services, parent=self.window_)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.destroyed.connect(self._forget)
        self.dialog = dialog
        dialog.open()
        return dialog

    def _forget(self) -> None:
        self.dialog = None

    def _close_dialog(self) -> None:
        if self.dialog is not None:
            self.dialog.reject()

    def retranslate(self) -> None:
        self.setText(QCoreApplication.translate("MainWindow", "&Categories…"))
        self.setToolTip(
            QCoreApplication.translate(
                "MainWindow", "Add, rename and delete categories; see the rules for counterparties"
            )
        )

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if watched is self.window_ and is_language_change(event):
            self.retranslate()
        return False
