"""The encrypted vault: keys, sealed storage, schema and migrations."""
