"""Adapters: Tvarka's own tables, connectors to the organisation's systems, renderers."""
