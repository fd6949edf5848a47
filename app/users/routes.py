"""/api/users: profiles, search, a user's lists, and follows."""

from app.blueprint import Blueprint, viewer
from app.limits import limit, user_key
from app.schemas import UserSchema
from app.users import controllers, queries
from app.users.schemas import FollowStateSchema, UserSearchArgs
from app.videos import queries as videos
from app.videos.schemas import VideoSchema

# v1 published these operations' ids as "follows..."; they stay until the operations
# are given readable names all at once.
blp = Blueprint(
    "users",
    __name__,
    url_prefix="/api",
    description="Profiles, search, a user's videos and likes, and follows",
    operation_prefix="follows",
)


@blp.route("/users", methods=["GET"])
@blp.login_optional
@blp.paged(UserSchema, args=UserSearchArgs)
def search_users(args):
    """Users whose username starts with `q`, in username order"""
    return queries.search_users(viewer=viewer(), args=args)


# Before /users/<username> (werkzeug ranks the fixed path first anyway).
@blp.route("/users/suggested", methods=["GET"])
@blp.login_required
@blp.paged(UserSchema)
def suggested_users(args):
    """Accounts to follow: followed by the accounts you follow, most such followers first

    Read from your 500 most recent follows; yourself and accounts you follow are left out.
    """
    return queries.list_suggested(viewer=viewer(), args=args)


@blp.route("/users/<username>", methods=["GET"])
@blp.login_optional
@blp.response(200, UserSchema)
@blp.errors(404)
def get_user(username):
    """A public profile (username without regard to case)"""
    return queries.get_profile(viewer=viewer(), username=username)


@blp.route("/users/<username>/videos", methods=["GET"])
@blp.login_optional
@blp.paged(VideoSchema)
@blp.errors(404)
def user_videos(args, username):
    """A user's videos, newest first"""
    author = queries.find_user(username=username)
    return videos.list_videos(viewer=viewer(), args=args, author_id=author.id, list_name="user-videos")


@blp.route("/users/<username>/likes", methods=["GET"])
@blp.login_optional
@blp.paged(VideoSchema)
@blp.errors(404)
def user_likes(args, username):
    """Videos a user liked, most recently liked first"""
    liker = queries.find_user(username=username)
    return videos.list_liked_videos(viewer=viewer(), user_id=liker.id, args=args)


@blp.route("/users/<username>/followers", methods=["GET"])
@blp.login_optional
@blp.paged(UserSchema)
@blp.errors(404)
def followers(args, username):
    """Who follows a user, most recent first"""
    return queries.list_followers(viewer=viewer(), username=username, args=args)


@blp.route("/users/<username>/following", methods=["GET"])
@blp.login_optional
@blp.paged(UserSchema)
@blp.errors(404)
def following(args, username):
    """Whom a user follows, most recent first"""
    return queries.list_following(viewer=viewer(), username=username, args=args)


@blp.route("/users/<username>/follow", methods=["POST"])
@blp.login_required
@limit("RATELIMIT_SOCIAL", key_func=user_key)
@blp.response(201, FollowStateSchema)
@blp.alt_response(200, schema=FollowStateSchema, description="Already following")
@blp.errors(404, 422, 429)
def follow(username):
    """Follow a user (idempotent: 200 if already following)"""
    created, count = controllers.follow(viewer=viewer(), username=username)
    return {"following": True, "followers_count": count}, 201 if created else 200


@blp.route("/users/<username>/follow", methods=["DELETE"])
@blp.login_required
@limit("RATELIMIT_SOCIAL", key_func=user_key)
@blp.response(200, FollowStateSchema)
@blp.errors(404, 429)
def unfollow(username):
    """Stop following a user (also 200 when not following)"""
    count = controllers.unfollow(viewer=viewer(), username=username)
    return {"following": False, "followers_count": count}
