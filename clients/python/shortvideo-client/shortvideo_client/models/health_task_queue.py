from enum import StrEnum


class HealthTaskQueue(StrEnum):
    INLINE = "inline"
    OK = "ok"
    UNREACHABLE = "unreachable"

    def __str__(self) -> str:
        return str(self.value)
