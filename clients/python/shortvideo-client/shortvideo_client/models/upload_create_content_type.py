from enum import StrEnum


class UploadCreateContentType(StrEnum):
    VIDEOMP4 = "video/mp4"
    VIDEOQUICKTIME = "video/quicktime"
    VIDEOWEBM = "video/webm"

    def __str__(self) -> str:
        return str(self.value)
