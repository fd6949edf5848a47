from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="BlockedTermCreate")


@_attrs_define
class BlockedTermCreate:
    """
    Attributes:
        term (str):  Example: buy followers.
    """

    term: str

    def to_dict(self) -> dict[str, Any]:
        term = self.term

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "term": term,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        term = d.pop("term")

        blocked_term_create = cls(
            term=term,
        )

        return blocked_term_create
