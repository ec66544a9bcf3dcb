"""Security checks that cut across the app: what it writes out must not be turned against the user."""
