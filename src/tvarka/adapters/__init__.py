"""Adapters: the database, files, mail, renderers and connectors the services work through."""
