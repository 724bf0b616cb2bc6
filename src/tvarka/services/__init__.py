"""Use cases: one function per command, working through a unit of work."""
