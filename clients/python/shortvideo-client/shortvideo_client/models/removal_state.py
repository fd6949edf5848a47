from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="RemovalState")


@_attrs_define
class RemovalState:
    """
    Attributes:
        removed (bool):  Example: True.
    """

    removed: bool

    def to_dict(self) -> dict[str, Any]:
        removed = self.removed

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "removed": removed,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        removed = d.pop("removed")

        removal_state = cls(
            removed=removed,
        )

        return removal_state
