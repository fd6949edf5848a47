"""``flask users``: account administration from the command line."""

import click
import sqlalchemy as sa
from flask.cli import with_appcontext

from app.extensions import db
from app.models import User
from app.models.user import ROLES


@click.group("users")
def users():
    """Account administration."""


@users.command("set-role")
@click.argument("username")
@click.argument("role", type=click.Choice(ROLES))
@with_appcontext
def set_role(username, role):
    """Give USERNAME the ROLE user, moderator or admin (moderators and admins work the
    moderation queue). Takes effect on the account's next request; exit 1 if there is no
    such account."""
    changed = db.session.execute(
        sa.update(User)
        .where(User.username_key == username.lower())
        .values(role=role)
        .returning(User.username)
    ).scalar()
    if changed is None:
        db.session.rollback()
        raise click.ClickException(f"No account named {username!r}.")
    db.session.commit()
    click.echo(f"{changed} is now {role}.")
