from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="MuteState")


@_attrs_define
class MuteState:
    """
    Attributes:
        muting (bool):  Example: True.
    """

    muting: bool

    def to_dict(self) -> dict[str, Any]:
        muting = self.muting

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "muting": muting,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        muting = d.pop("muting")

        mute_state = cls(
            muting=muting,
        )

        return mute_state
