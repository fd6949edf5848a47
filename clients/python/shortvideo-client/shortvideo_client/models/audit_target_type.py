from enum import StrEnum


class AuditTargetType(StrEnum):
    BLOCKED_TERM = "blocked_term"
    COMMENT = "comment"
    REPORT = "report"
    USER = "user"
    VIDEO = "video"

    def __str__(self) -> str:
        return str(self.value)
