from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="FollowState")


@_attrs_define
class FollowState:
    """
    Attributes:
        following (bool):  Example: True.
        requested (bool): A follow request to a private account is pending. Example: False.
        followers_count (int):  Example: 42.
    """

    following: bool
    requested: bool
    followers_count: int

    def to_dict(self) -> dict[str, Any]:
        following = self.following

        requested = self.requested

        followers_count = self.followers_count

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "following": following,
                "requested": requested,
                "followers_count": followers_count,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        following = d.pop("following")

        requested = d.pop("requested")

        followers_count = d.pop("followers_count")

        follow_state = cls(
            following=following,
            requested=requested,
            followers_count=followers_count,
        )

        return follow_state
