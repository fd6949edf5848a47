from enum import StrEnum


class ReportTargetType(StrEnum):
    COMMENT = "comment"
    USER = "user"
    VIDEO = "video"

    def __str__(self) -> str:
        return str(self.value)
