"""Organisations: loading profiles and reading them back scoped to the caller (``access``), and a
profile as a reader needs it, every value with its citation (``profile_view``)."""
