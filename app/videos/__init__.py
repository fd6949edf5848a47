from app.blueprint import Blueprint

blp = Blueprint("videos", __name__, url_prefix="/api", description="Videos")

from app.videos import routes  # noqa: E402, F401
