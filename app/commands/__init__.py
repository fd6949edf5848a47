"""Command-line tools registered on ``flask``."""


def register_commands(app):
    from app.commands.media import media
    from app.commands.notifications import notifications
    from app.commands.recount import recount
    from app.commands.seed import seed
    from app.commands.users import users

    app.cli.add_command(seed)
    app.cli.add_command(recount)
    app.cli.add_command(media)
    app.cli.add_command(users)
    app.cli.add_command(notifications)
