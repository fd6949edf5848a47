import click
from flask import current_app
from flask.cli import with_appcontext

from app.notifications.controllers import prune_read


@click.group("notifications")
def notifications():
    """Notifications: maintenance."""


@notifications.command("prune")
@click.option("--days", type=click.IntRange(min=0), help="Default: NOTIFICATION_RETENTION_DAYS (90).")
@with_appcontext
def prune(days):
    """Delete the notifications read more than DAYS ago (unread ones are kept)."""
    if days is None:
        days = current_app.config["NOTIFICATION_RETENTION_DAYS"]
    click.echo(f"{prune_read(days=days)} read notification(s) older than {days} days deleted.")
