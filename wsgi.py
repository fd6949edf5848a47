"""gunicorn entry point: ``gunicorn wsgi:app`` (configuration from the environment)."""

from app import create_app

app = create_app()
