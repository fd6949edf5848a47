"""/api/hashtags: a tag's page and the trending tags."""

from app.blueprint import Blueprint
from app.hashtags import queries
from app.hashtags.schemas import HashtagSchema, TrendingArgs, TrendingSchema

blp = Blueprint("hashtags", __name__, url_prefix="/api", description="Hashtags")


# Registered before /hashtags/<tag>; werkzeug also ranks the fixed path first.
@blp.route("/hashtags/trending", methods=["GET"])
@blp.login_optional
@blp.arguments(TrendingArgs, location="query")
@blp.response(200, TrendingSchema)
@blp.errors(422)
def list_trending_hashtags(args):
    """The tags on the most videos posted in the last 24 hours, most first

    Public. Counts the tags of the videos posted in the last `TRENDING_HOURS` (24):
    `recent_count` in that window, `video_count` overall; ties by name. `limit` is 1-50 (422
    outside). Each server process computes the list at most once every
    `TRENDING_CACHE_SECONDS` (60), so a new video may take that long to count here.
    """
    return queries.trending_hashtags(limit=args["limit"])


@blp.route("/hashtags/<tag>", methods=["GET"])
@blp.login_optional
@blp.response(200, HashtagSchema)
@blp.errors(404)
def get_hashtag(tag):
    """A hashtag and how many public, ready videos carry it (404 if no video ever used it)

    Public. `tag` is matched without `#` and without regard to case. `video_count` counts
    the tag's public, ready videos.
    """
    return queries.get_hashtag(tag=tag)
