"""Server-rendered pages: the admin UI and, later, the privacy centre. Lithuanian first."""
