import click
from flask.cli import with_appcontext


@click.command("seed")
@with_appcontext
def seed():
    """Fill the database with demo data."""
    raise click.ClickException("not implemented yet")
