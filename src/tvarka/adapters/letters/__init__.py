"""Letters rendered to HTML, plain text and PDF from Jinja2 templates in Lithuanian and English."""
