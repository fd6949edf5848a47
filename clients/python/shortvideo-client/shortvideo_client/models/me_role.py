from enum import StrEnum


class MeRole(StrEnum):
    ADMIN = "admin"
    MODERATOR = "moderator"
    USER = "user"

    def __str__(self) -> str:
        return str(self.value)
