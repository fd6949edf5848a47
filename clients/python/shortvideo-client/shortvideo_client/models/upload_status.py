from enum import StrEnum


class UploadStatus(StrEnum):
    ABORTED = "aborted"
    COMPLETED = "completed"
    OPEN = "open"

    def __str__(self) -> str:
        return str(self.value)
