"""Connectors: one package per source of accounts and transactions, each exposing a Manifest."""
