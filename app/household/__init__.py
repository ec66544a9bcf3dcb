"""The household deciding together: approvals, family payee links, allowances and joint holders.

Pure functions over a SQLAlchemy session and an explicit acting member id; ``facade.HouseholdFacade``
is the part ``AppServices`` inherits. Who may do what follows the members' roles (``roles``).
"""
