from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="FollowState")


@_attrs_define
class FollowState:
    """
    Attributes:
        following (bool):
        followers_count (int):
    """

    following: bool
    followers_count: int

    def to_dict(self) -> dict[str, Any]:
        following = self.following

        followers_count = self.followers_count

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "following": following,
                "followers_count": followers_count,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        following = d.pop("following")

        followers_count = d.pop("followers_count")

        follow_state = cls(
            following=following,
            followers_count=followers_count,
        )

        return follow_state
