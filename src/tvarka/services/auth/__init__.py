"""Who may act: logging in and lockout (``login``), users, memberships and API tokens
(``users``), and the password rules that apply to a user (``passwords``)."""
