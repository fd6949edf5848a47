from enum import StrEnum


class HealthUnavailableTaskQueue(StrEnum):
    INLINE = "inline"
    OK = "ok"
    UNREACHABLE = "unreachable"

    def __str__(self) -> str:
        return str(self.value)
