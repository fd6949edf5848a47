from enum import StrEnum


class ReportCreateReason(StrEnum):
    HARASSMENT = "harassment"
    HATE = "hate"
    ILLEGAL = "illegal"
    IMPERSONATION = "impersonation"
    INTELLECTUAL_PROPERTY = "intellectual_property"
    MINOR_SAFETY = "minor_safety"
    MISINFORMATION = "misinformation"
    OTHER = "other"
    SELF_HARM = "self_harm"
    SEXUAL = "sexual"
    SPAM = "spam"
    VIOLENCE = "violence"

    def __str__(self) -> str:
        return str(self.value)
