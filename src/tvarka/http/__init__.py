"""What the REST API and the pages share: request dependencies (``deps``), problem+json errors
(``problems``) and request-size limits (``limits``)."""
