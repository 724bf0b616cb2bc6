"""Legal time: Lithuanian working days, GDPR month arithmetic, and the named clocks."""
