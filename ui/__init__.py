"""Huiliu's Qt interface: adapts the core (app/) to widgets and never holds business rules itself.

Written rule (from Picard): widgets are touched only from the UI thread; background work goes through
``ui.tasks.TaskManager`` and reports back with signals.
"""
