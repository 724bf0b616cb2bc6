"""Data-subject requests: rights, the state machine, an organisation's rules and the clock."""
