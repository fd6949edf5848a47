"""/api/reports (any signed-in user) and /api/moderation (moderators and admins)."""

from app.blueprint import Blueprint, viewer
from app.limits import limit, user_key
from app.models.moderation import COMMENT, VIDEO
from app.moderation import controllers, queries
from app.moderation.schemas import (
    AuditEntrySchema,
    BlockedTermCreateSchema,
    BlockedTermSchema,
    ModReportSchema,
    QueueArgs,
    ReasonSchema,
    RemovalStateSchema,
    ReportCreateSchema,
    ReportSchema,
    ResolveSchema,
    SuspensionCreateSchema,
    SuspensionStateSchema,
)

blp = Blueprint("moderation", __name__, url_prefix="/api", description="Reports and moderation")


@blp.route("/reports", methods=["POST"])
@blp.login_required
@limit("RATELIMIT_REPORT", key_func=user_key)
@blp.doc(operationId="createReport")
@blp.arguments(
    ReportCreateSchema,
    example={"target": {"type": "video", "id": 42}, "reason": "spam", "details": "", "block": False},
)
@blp.response(201, ReportSchema)
@blp.alt_response(200, schema=ReportSchema, description="Already reported: the open report")
@blp.errors(400, 404, 413, 422, 429)
def create_report(data):
    """Report a video, a comment or an account

    404 for a target the viewer cannot see; 422 for oneself or one's own content.
    `block: true` also blocks the target's author. Limited per reporter
    (`RATELIMIT_REPORT`, 20 a day).
    """
    report, created = controllers.create_report(viewer=viewer(), **data)
    return report, 201 if created else 200


@blp.route("/reports", methods=["GET"])
@blp.login_required
@blp.doc(operationId="listOwnReports")
@blp.paged(ReportSchema)
def list_reports(args):
    """The viewer's own reports, most recent first

    Signed in. The reports the viewer made, most recent first, with their `status` and, once
    resolved, the `action` taken.
    """
    return queries.list_own_reports(viewer=viewer(), args=args)


@blp.route("/moderation/reports", methods=["GET"])
@blp.staff_required
@blp.doc(operationId="listModerationQueue")
@blp.paged(ModReportSchema, args=QueueArgs)
def queue(args):
    """The moderation queue: reports of a status (default open), oldest first

    Moderators and admins only (401 anonymous, 403 for anyone else). `status` is `open` (the
    default) or `resolved`; each report comes with its reporter and a snapshot of the target
    as it was when reported.
    """
    return queries.list_queue(args=args)


@blp.route("/moderation/reports/<id:report_id>/resolve", methods=["POST"])
@blp.staff_required
@blp.doc(operationId="resolveReport")
@blp.arguments(ResolveSchema, example={"action": "remove_content", "note": "Spam."})
@blp.response(200, ModReportSchema)
@blp.errors(400, 404, 409, 413, 422)
def resolve(data, report_id):
    """Resolve a report; every other open report of the same target is resolved with it

    `remove_content` removes the video or comment, `suspend_author` suspends its author
    until lifted. 409 if it is already resolved.
    """
    return controllers.resolve_report(moderator=viewer(), report_id=report_id, **data)


@blp.route("/moderation/videos/<id:video_id>/removal", methods=["POST"])
@blp.staff_required
@blp.doc(operationId="removeVideo")
@blp.arguments(ReasonSchema, example={"reason": "Spam."})
@blp.response(200, RemovalStateSchema)
@blp.errors(400, 404, 413, 422)
def remove_video(data, video_id):
    """Remove a video: hidden from everyone but its author (`status: removed`)

    Moderators and admins only. The video is 404 for everyone but its author, who sees
    `status: removed`. A moderator cannot act on their own content
    or on an admin's (403). Recorded in the audit log.
    """
    controllers.set_removal(
        moderator=viewer(), kind=VIDEO, content_id=video_id, removed=True, reason=data["reason"]
    )
    return {"removed": True}


@blp.route("/moderation/videos/<id:video_id>/removal", methods=["DELETE"])
@blp.staff_required
@blp.doc(operationId="restoreVideo")
@blp.response(200, RemovalStateSchema)
@blp.errors(404)
def restore_video(video_id):
    """Restore a removed video

    Moderators and admins only. The video is visible again (its status before removal).
    Recorded in the audit log.
    """
    controllers.set_removal(moderator=viewer(), kind=VIDEO, content_id=video_id, removed=False)
    return {"removed": False}


@blp.route("/moderation/comments/<id:comment_id>/removal", methods=["POST"])
@blp.staff_required
@blp.doc(operationId="removeComment")
@blp.arguments(ReasonSchema, example={"reason": "Spam."})
@blp.response(200, RemovalStateSchema)
@blp.errors(400, 404, 413, 422)
def remove_comment(data, comment_id):
    """Remove a comment: hidden from everyone but its author

    Moderators and admins only. The comment is hidden from everyone but its author; the
    author is notified. A moderator cannot act on their own content or on an admin's (403).
    Recorded in the audit log.
    """
    controllers.set_removal(
        moderator=viewer(), kind=COMMENT, content_id=comment_id, removed=True, reason=data["reason"]
    )
    return {"removed": True}


@blp.route("/moderation/comments/<id:comment_id>/removal", methods=["DELETE"])
@blp.staff_required
@blp.doc(operationId="restoreComment")
@blp.response(200, RemovalStateSchema)
@blp.errors(404)
def restore_comment(comment_id):
    """Restore a removed comment

    Moderators and admins only. The comment is visible again. Recorded in the audit log.
    """
    controllers.set_removal(moderator=viewer(), kind=COMMENT, content_id=comment_id, removed=False)
    return {"removed": False}


@blp.route("/moderation/users/<username>/suspension", methods=["POST"])
@blp.staff_required
@blp.doc(operationId="suspendUser")
@blp.arguments(SuspensionCreateSchema, example={"reason": "Spam account.", "until": "2027-01-01T00:00:00Z"})
@blp.response(200, SuspensionStateSchema)
@blp.errors(400, 404, 413, 422)
def suspend(data, username):
    """Suspend an account, until `until` or until lifted

    Its tokens get a 403 at once, its login a 403, and its profile, videos and comments
    are 404 for everyone.
    """
    until = controllers.suspend(moderator=viewer(), username=username, **data)
    return {"suspended": True, "until": until}


@blp.route("/moderation/users/<username>/suspension", methods=["DELETE"])
@blp.staff_required
@blp.doc(operationId="liftSuspension")
@blp.response(200, SuspensionStateSchema)
@blp.errors(404)
def lift_suspension(username):
    """Lift a suspension

    Moderators and admins only. The account, its profile, videos and comments are back at
    once; its tokens work again. 200 with `suspended: false`, also when it was not
    suspended. Recorded in the audit log.
    """
    controllers.lift_suspension(moderator=viewer(), username=username)
    return {"suspended": False}


@blp.route("/moderation/audit", methods=["GET"])
@blp.staff_required
@blp.doc(operationId="listAuditLog")
@blp.paged(AuditEntrySchema)
def audit(args):
    """Every moderation action, newest first

    Moderators and admins only. Every removal, restoration, suspension, resolution and
    blocked-term change, with the moderator who made it, newest first.
    """
    return queries.list_audit(args=args)


@blp.route("/moderation/blocked-terms", methods=["GET"])
@blp.staff_required
@blp.doc(operationId="listBlockedTerms")
@blp.paged(BlockedTermSchema)
def list_blocked_terms(args):
    """Blocked terms, newest first

    Moderators and admins only. The blocked terms, newest first.
    """
    return queries.list_blocked_terms(args=args)


@blp.route("/moderation/blocked-terms", methods=["POST"])
@blp.staff_required
@blp.doc(operationId="addBlockedTerm")
@blp.arguments(BlockedTermCreateSchema, example={"term": "buy followers"})
@blp.response(201, BlockedTermSchema)
@blp.errors(400, 409, 413, 422)
def add_blocked_term(data):
    """Block a term

    Moderators and admins only. From then on a username, display name, bio, caption or
    comment containing it (as whole words, without regard to case) is a 422 naming the
    field; what was posted before stays. 409 if the term is already blocked. Recorded in
    the audit log.
    """
    return controllers.add_blocked_term(moderator=viewer(), term=data["term"])


@blp.route("/moderation/blocked-terms/<id:term_id>", methods=["DELETE"])
@blp.staff_required
@blp.doc(operationId="removeBlockedTerm")
@blp.response(204)
@blp.errors(404)
def remove_blocked_term(term_id):
    """Unblock a term

    Moderators and admins only. Text with the term is accepted again (each process rereads
    the terms within `BLOCKED_TERMS_CACHE_SECONDS`); 204. Recorded in the audit log.
    """
    controllers.remove_blocked_term(moderator=viewer(), term_id=term_id)
