"""dialogs of the Huiliu window."""
