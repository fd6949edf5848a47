from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.accepted_status import AcceptedStatus

T = TypeVar("T", bound="Accepted")


@_attrs_define
class Accepted:
    """
    Attributes:
        status (AcceptedStatus): Always `accepted`.
        message (str): What happens next, for people. Example: If an account has this address, a link to choose a new
            password has been mailed to it..
    """

    status: AcceptedStatus
    message: str

    def to_dict(self) -> dict[str, Any]:
        status = self.status.value

        message = self.message

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "status": status,
                "message": message,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        status = AcceptedStatus(d.pop("status"))

        message = d.pop("message")

        accepted = cls(
            status=status,
            message=message,
        )

        return accepted
