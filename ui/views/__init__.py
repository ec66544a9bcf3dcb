"""views of the Huiliu window."""
