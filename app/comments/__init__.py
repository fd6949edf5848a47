from app.blueprint import Blueprint

blp = Blueprint("comments", __name__, url_prefix="/api", description="Comments")

from app.comments import routes  # noqa: E402, F401
