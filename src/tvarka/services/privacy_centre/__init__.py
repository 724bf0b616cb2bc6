"""The privacy centre: web submissions confirmed by a one-time code (``submissions``) and the
code's e-mail through the outbox (``mail``)."""
