from app.blueprint import Blueprint

blp = Blueprint("likes", __name__, url_prefix="/api", description="Likes")

from app.likes import routes  # noqa: E402, F401
