"""The register of processing activities: read, change, review, check and export
(``activities``)."""
