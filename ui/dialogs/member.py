"""Add or edit a household member."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QLineEdit, QWidget

from app.changes import Changes
from app.errors import EditConflict
from app.ledger import vocabulary
from app.ledger.records import MemberInput, MemberView
from app.ledger.vocabulary import MEMBER_ROLES
from app.services import AppServices
from ui.dialogs.form_dialog import FormDialog, field
from ui.tasks import TaskManager


class MemberDialog(FormDialog):
    """Display name and role; a real name and resident ID only for same-name checks between accounts."""

    def __init__(
        self,
        tasks: TaskManager,
        services: AppServices,
        member: MemberView | None = None,
        id_number: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(tasks, parent)
        self.setObjectName("memberDialog")
        self._services = services
        self._member = member
        self.name = field(QLineEdit())
        self.role = field(QComboBox())
        for role in MEMBER_ROLES:
            self.role.addItem(vocabulary.role(role), role)
        self.real_name = field(QLineEdit())
        self.id_number = field(QLineEdit())
        self.id_number.setMaxLength(18)
        self._privacy = QLabel()
        self._privacy.setObjectName("hint")
        self._privacy.setWordWrap(True)
        self._labels = {key: QLabel() for key in ("name", "role", "real_name", "id_number")}
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        captions = {
            "name": self._caption_name,
            "role": self._caption_role,
            "real_name": self._caption_real_name,
            "id_number": self._caption_id_number,
        }
        for key, widget in (
            ("name", self.name),
            ("role", self.role),
            ("real_name", self.real_name),
            ("id_number", self.id_number),
        ):
            self._labels[key].setBuddy(widget)
            form.addRow(self._labels[key], self.errors.wrap(key, widget, caption=captions[key]))
        self.body.addLayout(form)
        self.body.addWidget(self._privacy)
        if member is not None:
            self._load(member, id_number)
        self.setMinimumWidth(460)
        self.retranslate()

    def _load(self, member: MemberView, id_number: str) -> None:
        self.name.setText(member.name)
        self.role.setCurrentIndex(max(0, self.role.findData(member.role)))
        self.real_name.setText(member.real_name)
        self.id_number.setText(id_number)

    def _caption_name(self) -> str:
        return self.tr("Display name")

    def _caption_role(self) -> str:
        return self.tr("Role")

    def _caption_real_name(self) -> str:
        return self.tr("Real name")

    def _caption_id_number(self) -> str:
        return self.tr("ID number")

    def data(self) -> MemberInput:
        return MemberInput(
            name=self.name.text(),
            role=str(self.role.currentData()),
            real_name=self.real_name.text(),
            id_number=self.id_number.text(),
        )

    def submit(self) -> None:
        data, services, member = self.data(), self._services, self._member
        if member is None:
            self.save(lambda: services.add_member(data))
        else:
            member_id, version = member.id, member.version  # the version this dialog shows

            def update() -> Changes:
                return services.update_member(member_id, data, version=version)

            self.save(update)

    def show_error(self, error: BaseException) -> None:
        """A save that lost a race (another computer changed the member first) shows why and the newer
        values, with their version: saving again applies the change on them."""
        super().show_error(error)
        if isinstance(error, EditConflict) and self._member is not None:
            services, member_id = self._services, self._member.id
            again = self.tr("The newer version is shown now; make your change again and save.")
            self.errors.show_general(f"{error} {again}")
            self.set_busy(True, self.tr("Loading the newer version…"))
            self.tasks.run_query(lambda: services.member(member_id), self._reloaded)

    def _reloaded(self, member: MemberView | None, error: BaseException | None) -> None:
        self.set_busy(False)
        if member is None:
            if error is not None:
                super().show_error(error)
            return
        self._member = member
        self._load(member, member.id_number)

    def retranslate(self) -> None:
        editing = self._member is not None
        self.setWindowTitle(self.tr("Edit member") if editing else self.tr("Add member"))
        self._labels["name"].setText(self.tr("&Display name:"))
        self._labels["role"].setText(self.tr("&Role:"))
        self._labels["real_name"].setText(self.tr("Real &name (optional):"))
        self._labels["id_number"].setText(self.tr("Resident &ID number (optional):"))
        self.name.setPlaceholderText(self.tr("e.g. Mum, Dad, Xiaoming"))
        self.id_number.setPlaceholderText(self.tr("18 characters; the last may be X"))
        for i in range(self.role.count()):
            self.role.setItemText(i, vocabulary.role(str(self.role.itemData(i))))
        self._privacy.setText(
            self.tr(
                "The real name and ID number stay encrypted in the vault. Huiliu uses them only to tell "
                "whether two accounts are in the same person's name, as transfer rules require."
            )
        )
        self.ok_button.setText(self.tr("Save") if editing else self.tr("Add member"))
