"""Connectors to the organisation's own systems, where data-subject requests are executed."""
