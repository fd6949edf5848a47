from enum import IntEnum


class HealthUnavailableCode(IntEnum):
    VALUE_503 = 503

    def __str__(self) -> str:
        return str(self.value)
