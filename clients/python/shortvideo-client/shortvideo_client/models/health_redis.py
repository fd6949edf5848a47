from enum import StrEnum


class HealthRedis(StrEnum):
    MEMORY = "memory"
    OFF = "off"
    OK = "ok"
    UNREACHABLE = "unreachable"

    def __str__(self) -> str:
        return str(self.value)
