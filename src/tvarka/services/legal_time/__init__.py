"""Legal time: an organisation's clocks, one clock's deadline and a bare length added
(``deadlines``), the same answers for the CLI and REST."""
