from app.blueprint import Blueprint

blp = Blueprint("follows", __name__, url_prefix="/api", description="Follows")

from app.follows import routes  # noqa: E402, F401
