from enum import StrEnum


class NotificationType(StrEnum):
    COMMENT = "comment"
    COMMENT_LIKE = "comment_like"
    CONTENT_REMOVED = "content_removed"
    FOLLOW = "follow"
    FOLLOW_ACCEPTED = "follow_accepted"
    FOLLOW_REQUEST = "follow_request"
    LIKE = "like"
    MENTION = "mention"
    REPLY = "reply"
    REPORT_RESOLVED = "report_resolved"
    VIDEO_FAILED = "video_failed"
    VIDEO_READY = "video_ready"

    def __str__(self) -> str:
        return str(self.value)
