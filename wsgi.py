"""The entry points: ``gunicorn wsgi:app`` and ``celery -A wsgi:celery_app worker``."""

from app import create_app

app = create_app()
celery_app = app.extensions["celery"]
