from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="BlockedTerm")


@_attrs_define
class BlockedTerm:
    """
    Attributes:
        id (int):  Example: 3.
        term (str):  Example: buy followers.
        created_at (datetime.datetime):  Example: 2026-12-01T12:00:00+00:00.
    """

    id: int
    term: str
    created_at: datetime.datetime

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        term = self.term

        created_at = self.created_at.isoformat()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
                "term": term,
                "created_at": created_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        term = d.pop("term")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        blocked_term = cls(
            id=id,
            term=term,
            created_at=created_at,
        )

        return blocked_term
