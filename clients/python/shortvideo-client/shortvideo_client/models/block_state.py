from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="BlockState")


@_attrs_define
class BlockState:
    """
    Attributes:
        blocking (bool):  Example: True.
    """

    blocking: bool

    def to_dict(self) -> dict[str, Any]:
        blocking = self.blocking

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "blocking": blocking,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        blocking = d.pop("blocking")

        block_state = cls(
            blocking=blocking,
        )

        return block_state
