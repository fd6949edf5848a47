from enum import StrEnum


class HealthUnavailableStatus(StrEnum):
    SERVICE_UNAVAILABLE = "Service Unavailable"

    def __str__(self) -> str:
        return str(self.value)
