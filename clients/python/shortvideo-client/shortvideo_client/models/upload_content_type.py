from enum import StrEnum


class UploadContentType(StrEnum):
    VIDEOMP4 = "video/mp4"
    VIDEOQUICKTIME = "video/quicktime"
    VIDEOWEBM = "video/webm"

    def __str__(self) -> str:
        return str(self.value)
