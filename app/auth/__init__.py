from app.blueprint import Blueprint

blp = Blueprint("auth", __name__, url_prefix="/api/auth", description="Accounts and tokens")

from app.auth import routes  # noqa: E402, F401
