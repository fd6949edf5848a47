from app.blueprint import viewer
from app.follows import blp, controllers
from app.follows.schemas import FollowStateSchema, UserSearchArgs
from app.limits import limit, user_key
from app.pagination import PageArgs, page_of
from app.schemas import UserSchema
from app.videos import controllers as videos
from app.videos.schemas import VideoSchema


@blp.route("/users", methods=["GET"])
@blp.login_optional
@blp.arguments(UserSearchArgs, location="query")
@blp.response(200, page_of(UserSchema))
@blp.errors(422)
def search_users(args):
    """Users whose username starts with `q`, in username order"""
    return controllers.search_users(args, viewer())


@blp.route("/users/<username>", methods=["GET"])
@blp.login_optional
@blp.response(200, UserSchema)
@blp.errors(404)
def get_user(username):
    """A public profile (username without regard to case)"""
    return controllers.get_profile(username, viewer())


@blp.route("/users/<username>/videos", methods=["GET"])
@blp.login_optional
@blp.arguments(PageArgs, location="query")
@blp.response(200, page_of(VideoSchema))
@blp.errors(404, 422)
def user_videos(args, username):
    """A user's videos, newest first"""
    return videos.list_user_videos(controllers.find_user(username), args, viewer())


@blp.route("/users/<username>/likes", methods=["GET"])
@blp.login_optional
@blp.arguments(PageArgs, location="query")
@blp.response(200, page_of(VideoSchema))
@blp.errors(404, 422)
def user_likes(args, username):
    """Videos a user liked, most recently liked first"""
    return videos.list_liked_videos(controllers.find_user(username), args, viewer())


@blp.route("/users/<username>/followers", methods=["GET"])
@blp.login_optional
@blp.arguments(PageArgs, location="query")
@blp.response(200, page_of(UserSchema))
@blp.errors(404, 422)
def followers(args, username):
    """Who follows a user, most recent first"""
    return controllers.list_followers(username, args, viewer())


@blp.route("/users/<username>/following", methods=["GET"])
@blp.login_optional
@blp.arguments(PageArgs, location="query")
@blp.response(200, page_of(UserSchema))
@blp.errors(404, 422)
def following(args, username):
    """Whom a user follows, most recent first"""
    return controllers.list_following(username, args, viewer())


@blp.route("/users/<username>/follow", methods=["POST"])
@blp.login_required
@limit("RATELIMIT_SOCIAL", key_func=user_key)
@blp.response(201, FollowStateSchema)
@blp.alt_response(200, schema=FollowStateSchema, description="Already following")
@blp.errors(404, 422, 429)
def follow(username):
    """Follow a user (idempotent: 200 if already following)"""
    created, count = controllers.follow(viewer(), username)
    return {"following": True, "followers_count": count}, 201 if created else 200


@blp.route("/users/<username>/follow", methods=["DELETE"])
@blp.login_required
@limit("RATELIMIT_SOCIAL", key_func=user_key)
@blp.response(200, FollowStateSchema)
@blp.errors(404, 429)
def unfollow(username):
    """Stop following a user (also 200 when not following)"""
    return {"following": False, "followers_count": controllers.unfollow(viewer(), username)}
