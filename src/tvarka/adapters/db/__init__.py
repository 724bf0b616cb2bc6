"""Tvarka's own storage: SQLAlchemy tables, the engine, the unit of work, migrations."""
