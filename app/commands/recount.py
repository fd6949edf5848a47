import click
from flask.cli import with_appcontext

from app.counters import find_drift, fix_drift
from app.extensions import db


@click.command("recount")
@click.option("--check", is_flag=True, help="Only report; exit 1 if any counter is off.")
@with_appcontext
def recount(check):
    """Recompute every stored counter from the rows it counts.

    Counters are kept exact by the API; this is for operators after manual SQL, a
    restore, or as a consistency check in CI.
    """
    if check:
        drift = find_drift(db.session)
        for name, rows in drift.items():
            click.echo(f"{name:<24} {rows} row(s) off")
        if any(drift.values()):
            raise SystemExit(1)
        click.echo("All counters agree with their rows.")
        return
    fixed = fix_drift(db.session)
    db.session.commit()
    for name, rows in fixed.items():
        click.echo(f"{name:<24} {rows} row(s) fixed")
