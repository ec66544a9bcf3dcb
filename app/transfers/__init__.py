"""Transfers (issue 12): payees, the state machine, the executor (outbox, idempotency), the scheduler
of delayed arrivals, crash recovery. Every transfer goes through ``app.policy`` before it moves."""
