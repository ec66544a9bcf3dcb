"""widgets of the Huiliu window."""
