from enum import StrEnum


class VideoStatus(StrEnum):
    FAILED = "failed"
    PROCESSING = "processing"
    READY = "ready"
    REMOVED = "removed"

    def __str__(self) -> str:
        return str(self.value)
