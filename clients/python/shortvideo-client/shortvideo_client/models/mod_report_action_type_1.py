from enum import StrEnum


class ModReportActionType1(StrEnum):
    DISMISS = "dismiss"
    REMOVE_CONTENT = "remove_content"
    SUSPEND_AUTHOR = "suspend_author"

    def __str__(self) -> str:
        return str(self.value)
