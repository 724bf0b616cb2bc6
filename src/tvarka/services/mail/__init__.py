"""Mail: the e-mail outbox (``outbox``), queued in the database and sent at least once."""
