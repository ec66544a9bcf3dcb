"""The policy engine (issue 12): policy packs as data, facts, risk, decisions, step-up authentication.

A decision is a pure function of the facts and the clock: nothing here imports transfers, sync or
connectors (a layer contract in pyproject.toml).
"""
