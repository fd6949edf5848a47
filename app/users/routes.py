"""/api/users: profiles, search, a user's lists, follows, blocks and mutes; /api/me: the
viewer's blocks, mutes and follow requests."""

from app.blueprint import Blueprint, viewer
from app.limits import limit, user_key
from app.schemas import UserSchema, UserSummarySchema
from app.users import controllers, queries
from app.users.controllers import FollowState
from app.users.schemas import (
    ApprovalSchema,
    BlockStateSchema,
    FollowStateSchema,
    MuteStateSchema,
    UserSearchArgs,
)
from app.videos import queries as videos
from app.videos.schemas import VideoSchema

blp = Blueprint(
    "users",
    __name__,
    url_prefix="/api",
    description="Profiles, search, a user's videos and likes, follows, blocks and mutes",
)

FOLLOW_STATUS = {FollowState.FOLLOWING: 201, FollowState.ALREADY_FOLLOWING: 200, FollowState.REQUESTED: 202}


@blp.route("/users", methods=["GET"])
@blp.login_optional
@blp.paged(UserSchema, args=UserSearchArgs)
def search_users(args):
    """Users whose username starts with `q`, in username order

    Public. Accounts the viewer may see whose username starts with `q` (without regard to
    case), in username order; an empty `q` lists every account.
    """
    return queries.search_users(viewer=viewer(), args=args)


# Before /users/<username> (werkzeug ranks the fixed path first anyway).
@blp.route("/users/suggested", methods=["GET"])
@blp.login_required
@blp.paged(UserSchema)
def list_suggested_users(args):
    """Accounts to follow: followed by the accounts you follow, most such followers first

    Read from your 500 most recent follows; yourself and accounts you follow are left out.
    """
    return queries.list_suggested(viewer=viewer(), args=args)


@blp.route("/users/<username>", methods=["GET"])
@blp.login_optional
@blp.response(200, UserSchema)
@blp.errors(404)
def get_user(username):
    """A public profile (username without regard to case)

    404 for a suspended account and for one that blocks the viewer.
    """
    return queries.get_profile(viewer=viewer(), username=username)


@blp.route("/users/<username>/videos", methods=["GET"])
@blp.login_optional
@blp.paged(VideoSchema)
@blp.errors(403, 404)
def list_user_videos(args, username):
    """A user's videos, newest first

    403 ("This account is private.") for a private account the viewer does not follow.
    """
    author = queries.find_open_user(viewer=viewer(), username=username)
    return videos.list_videos(viewer=viewer(), args=args, author_id=author.id, list_name="user-videos")


@blp.route("/users/<username>/likes", methods=["GET"])
@blp.login_optional
@blp.paged(VideoSchema)
@blp.errors(403, 404)
def list_user_likes(args, username):
    """Videos a user liked, most recently liked first

    403 ("This account is private.") for a private account the viewer does not follow.
    """
    liker = queries.find_open_user(viewer=viewer(), username=username)
    if queries.shows_nothing_to(viewer(), liker):
        return queries.NOTHING
    return videos.list_liked_videos(viewer=viewer(), user_id=liker.id, args=args)


@blp.route("/users/<username>/followers", methods=["GET"])
@blp.login_optional
@blp.paged(UserSchema)
@blp.errors(404)
def list_followers(args, username):
    """Who follows a user, most recent first

    Public. The followers of a user the viewer may see (404 otherwise), most recent follow
    first.
    """
    return queries.list_followers(viewer=viewer(), username=username, args=args)


@blp.route("/users/<username>/following", methods=["GET"])
@blp.login_optional
@blp.paged(UserSchema)
@blp.errors(404)
def list_following(args, username):
    """Whom a user follows, most recent first

    Public. The accounts a user the viewer may see follows (404 otherwise), most recent
    follow first.
    """
    return queries.list_following(viewer=viewer(), username=username, args=args)


@blp.route("/users/<username>/follow", methods=["POST"])
@blp.login_required
@limit("RATELIMIT_SOCIAL", key_func=user_key)
@blp.response(201, FollowStateSchema)
@blp.alt_response(200, schema=FollowStateSchema, description="Already following")
@blp.alt_response(202, schema=FollowStateSchema, description="A private account: a follow request is pending")
@blp.errors(403, 404, 422, 429)
def follow_user(username):
    """Follow a user (idempotent: 200 if already following)

    A private account gets a follow request instead (202, again 202 if repeated). 403
    while the viewer blocks the account.
    """
    state, count = controllers.follow(viewer=viewer(), username=username)
    body = {
        "following": state is not FollowState.REQUESTED,
        "requested": state is FollowState.REQUESTED,
        "followers_count": count,
    }
    return body, FOLLOW_STATUS[state]


@blp.route("/users/<username>/follow", methods=["DELETE"])
@blp.login_required
@limit("RATELIMIT_SOCIAL", key_func=user_key)
@blp.response(200, FollowStateSchema)
@blp.errors(404, 429)
def unfollow_user(username):
    """Stop following a user, or withdraw a follow request (also 200 when neither)

    Signed in. Ends the follow, or withdraws a pending follow request; 200 with `following:
    false`, `requested: false` and the `followers_count`, also when there was neither. 404
    for an account the viewer cannot see.
    """
    count = controllers.unfollow(viewer=viewer(), username=username)
    return {"following": False, "requested": False, "followers_count": count}


@blp.route("/users/<username>/block", methods=["POST"])
@blp.login_required
@limit("RATELIMIT_SOCIAL", key_func=user_key)
@blp.doc(operationId="blockUser")
@blp.response(201, BlockStateSchema)
@blp.alt_response(200, schema=BlockStateSchema, description="Already blocking")
@blp.errors(404, 422, 429)
def block(username):
    """Block a user

    Every follow and follow request between the two ends, both ways. The blocked user no
    longer sees the blocker at all; the blocker sees their profile and nothing else.
    """
    created = controllers.block(viewer=viewer(), username=username)
    return {"blocking": True}, 201 if created else 200


@blp.route("/users/<username>/block", methods=["DELETE"])
@blp.login_required
@limit("RATELIMIT_SOCIAL", key_func=user_key)
@blp.doc(operationId="unblockUser")
@blp.response(200, BlockStateSchema)
@blp.errors(404, 429)
def unblock(username):
    """Unblock a user (also 200 when not blocking); follows are not restored

    Signed in. 200 with `blocking: false`, also when the viewer did not block the account.
    Visibility comes back; the follows the block ended do not.
    """
    controllers.unblock(viewer=viewer(), username=username)
    return {"blocking": False}


@blp.route("/users/<username>/mute", methods=["POST"])
@blp.login_required
@limit("RATELIMIT_SOCIAL", key_func=user_key)
@blp.doc(operationId="muteUser")
@blp.response(201, MuteStateSchema)
@blp.alt_response(200, schema=MuteStateSchema, description="Already muting")
@blp.errors(404, 422, 429)
def mute(username):
    """Mute a user: their videos leave the viewer's feeds; the profile stays visible

    Signed in. 201, or 200 when already muting; 422 on yourself. Their videos leave the
    viewer's feeds (newest, for-you, following, hashtag and search) and their notifications
    stop; the profile stays visible.
    """
    created = controllers.mute(viewer=viewer(), username=username)
    return {"muting": True}, 201 if created else 200


@blp.route("/users/<username>/mute", methods=["DELETE"])
@blp.login_required
@limit("RATELIMIT_SOCIAL", key_func=user_key)
@blp.doc(operationId="unmuteUser")
@blp.response(200, MuteStateSchema)
@blp.errors(404, 429)
def unmute(username):
    """Unmute a user (also 200 when not muting)

    Signed in. 200 with `muting: false`, also when the viewer did not mute the account.
    """
    controllers.unmute(viewer=viewer(), username=username)
    return {"muting": False}


@blp.route("/me/blocks", methods=["GET"])
@blp.login_required
@blp.doc(operationId="listBlocks")
@blp.paged(UserSummarySchema)
def list_blocks(args):
    """Accounts the viewer blocks, most recent first

    Signed in. The accounts the viewer blocks, most recently blocked first.
    """
    return queries.list_blocks(viewer=viewer(), args=args)


@blp.route("/me/mutes", methods=["GET"])
@blp.login_required
@blp.doc(operationId="listMutes")
@blp.paged(UserSummarySchema)
def list_mutes(args):
    """Accounts the viewer mutes, most recent first

    Signed in. The accounts the viewer mutes, most recently muted first.
    """
    return queries.list_mutes(viewer=viewer(), args=args)


@blp.route("/me/follow-requests", methods=["GET"])
@blp.login_required
@blp.doc(operationId="listFollowRequests")
@blp.paged(UserSummarySchema)
def list_follow_requests(args):
    """Accounts that asked to follow the viewer, oldest first

    Signed in. The pending requests to follow the viewer (a private account), oldest first;
    approve or decline each with `/api/me/follow-requests/{username}`.
    """
    return queries.list_follow_requests(viewer=viewer(), args=args)


@blp.route("/me/follow-requests/<username>", methods=["POST"])
@blp.login_required
@blp.doc(operationId="approveFollowRequest")
@blp.response(200, ApprovalSchema)
@blp.errors(404)
def approve_follow_request(username):
    """Approve a follow request: the requester now follows the viewer

    Signed in. The requester now follows the viewer (the counters are updated). 404 when
    this account has no pending request.
    """
    controllers.approve_request(viewer=viewer(), username=username)
    return {"approved": True}


@blp.route("/me/follow-requests/<username>", methods=["DELETE"])
@blp.login_required
@blp.doc(operationId="declineFollowRequest")
@blp.response(204)
@blp.errors(404)
def decline_follow_request(username):
    """Decline a follow request (also 204 when there was none)

    Signed in. The request is deleted; 204, also when there
    was none.
    """
    controllers.decline_request(viewer=viewer(), username=username)
