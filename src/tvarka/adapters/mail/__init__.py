"""E-mail: composing MIME messages and handing them to an SMTP server."""
