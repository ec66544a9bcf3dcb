"""The user's preferences, kept in QSettings (never in the vault: they must be readable while locked)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

LANGUAGE_CHOICES = ("system", "zh_CN", "en")
DATABASE_URL_PREFIX = "postgresql://"  # what a shared database's URL starts with (PostgreSQL's own form)
URL_PREFIXES = ("postgresql:", "postgresql+", "postgres:")  # what the core takes as a URL (app.services)


def is_database_url(value: Path | str) -> bool:
    """Whether a vault's place is a shared database's URL rather than a folder."""
    return isinstance(value, str) and value.startswith(URL_PREFIXES)


def vault_location(value: Path | str) -> Path | str:
    """A vault's place as the window keeps it: a folder's Path, or a shared database's URL unchanged
    (``Path`` would fold its ``//``)."""
    return value if is_database_url(value) else Path(value)
DEFAULT_AUTO_LOCK_MINUTES = 10


class Settings:
    """Typed access to the preferences; tests pass their own QSettings on a temporary file."""

    def __init__(self, store: QSettings | None = None) -> None:
        self._store = store if store is not None else QSettings()

    @property
    def language(self) -> str:
        value = str(self._store.value("language", "system"))
        return value if value in LANGUAGE_CHOICES else "system"

    @language.setter
    def language(self, value: str) -> None:
        self._store.setValue("language", value if value in LANGUAGE_CHOICES else "system")

    @property
    def auto_lock_minutes(self) -> int:
        try:
            value = int(self._store.value("auto_lock_minutes", DEFAULT_AUTO_LOCK_MINUTES))
        except (TypeError, ValueError):
            return DEFAULT_AUTO_LOCK_MINUTES
        return max(0, value)

    @auto_lock_minutes.setter
    def auto_lock_minutes(self, value: int) -> None:
        self._store.setValue("auto_lock_minutes", max(0, int(value)))

    @property
    def amounts_hidden(self) -> bool:
        # QSettings returns strings from INI files, so compare the text form.
        return str(self._store.value("privacy/amounts_hidden", "false")).lower() == "true"

    @amounts_hidden.setter
    def amounts_hidden(self, value: bool) -> None:
        self._store.setValue("privacy/amounts_hidden", "true" if value else "false")

    @property
    def window_geometry(self) -> QByteArray | None:
        value = self._store.value("window/geometry")
        return value if isinstance(value, QByteArray) else None

    @window_geometry.setter
    def window_geometry(self, value: QByteArray) -> None:
        self._store.setValue("window/geometry", value)

    @property
    def last_vault(self) -> str:
        """Where the vault was created, when the person chose another place than the default."""
        return str(self._store.value("vault/last", ""))

    @last_vault.setter
    def last_vault(self, value: str) -> None:
        self._store.setValue("vault/last", value)

    @property
    def database_url(self) -> str:
        """The shared database (PostgreSQL URL) the app opens at start instead of this computer's vault;
        empty for this computer's vault."""
        value = str(self._store.value("vault/database_url", "") or "")
        return value if is_database_url(value) else ""

    @database_url.setter
    def database_url(self, value: str) -> None:
        self._store.setValue("vault/database_url", value.strip() if is_database_url(value.strip()) else "")

    @property
    def accounts_grouping(self) -> str:
        """How the Accounts tree is grouped: "platform" (by platform kind) or "member"."""
        value = str(self._store.value("accounts/grouping", "platform"))
        return value if value in ("platform", "member") else "platform"

    @accounts_grouping.setter
    def accounts_grouping(self, value: str) -> None:
        self._store.setValue("accounts/grouping", value if value in ("platform", "member") else "platform")

    @property
    def import_directory(self) -> str:
        """Where the last statement was imported from (the file dialog opens there next time)."""
        return str(self._store.value("import/directory", ""))

    @import_directory.setter
    def import_directory(self, value: str) -> None:
        self._store.setValue("import/directory", value)

    @property
    def international_colours(self) -> bool:
        """Green for gains and red for losses (the mainland Chinese convention, red up, is the default)."""
        return str(self._store.value("display/international_colours", "false")).lower() == "true"

    @international_colours.setter
    def international_colours(self, value: bool) -> None:
        self._store.setValue("display/international_colours", "true" if value else "false")

    # --- who unlocked a vault on this computer ----------------------------------------------------
    # Member names are sealed in the vault; the unlock dialog shows the ones seen at earlier unlocks.

    @staticmethod
    def _household_key(directory: Path | str) -> str:
        if is_database_url(directory):
            from app.services import (
                AppServices,  # a URL's password never goes into the settings, not even hashed
            )

            place = AppServices.shown_location(directory)
        else:
            place = str(Path(directory).resolve())
        digest = hashlib.sha256(place.encode()).hexdigest()[:24]
        return f"household/{digest}"

    def member_names(self, directory: Path | str) -> tuple[dict[int, str], int | None]:
        """({member id: name}, the owner's id) as seen at the last unlock of the vault at ``directory``."""
        raw = self._store.value(self._household_key(directory), "")
        try:
            data = json.loads(str(raw)) if raw else {}
            names = {int(k): str(v) for k, v in dict(data.get("names", {})).items()}
            owner = data.get("owner")
            return names, int(owner) if owner is not None else None
        except (TypeError, ValueError, AttributeError):
            return {}, None

    def remember_member_names(self, directory: Path | str, names: dict[int, str], owner: int | None) -> None:
        data = {"names": {str(k): v for k, v in names.items()}, "owner": owner}
        self._store.setValue(self._household_key(directory), json.dumps(data, ensure_ascii=False))

    def sync(self) -> None:
        self._store.sync()
