"""Tvarka: runs an organisation's personal-data processing under the GDPR and Lithuanian law."""
