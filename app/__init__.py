"""Huiliu core: the domain, the vault, the audit log. Pure Python; never imports Qt."""

__version__ = "0.1.0"
