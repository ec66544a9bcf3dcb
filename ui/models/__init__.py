"""models of the Huiliu window."""
