from enum import StrEnum


class TargetType(StrEnum):
    COMMENT = "comment"
    USER = "user"
    VIDEO = "video"

    def __str__(self) -> str:
        return str(self.value)
