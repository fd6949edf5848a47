from enum import StrEnum


class HealthUnavailableRedis(StrEnum):
    MEMORY = "memory"
    OFF = "off"
    OK = "ok"
    UNREACHABLE = "unreachable"

    def __str__(self) -> str:
        return str(self.value)
