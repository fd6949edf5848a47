from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.target_type import TargetType
from ..types import UNSET, Unset

T = TypeVar("T", bound="Target")


@_attrs_define
class Target:
    """
    Attributes:
        type_ (TargetType):  Example: video.
        id (int | Unset): For a video or a comment. Example: 42.
        username (str | Unset): For a user. Example: alice.
    """

    type_: TargetType
    id: int | Unset = UNSET
    username: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_.value

        id = self.id

        username = self.username

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "type": type_,
            }
        )
        if id is not UNSET:
            field_dict["id"] = id
        if username is not UNSET:
            field_dict["username"] = username

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        type_ = TargetType(d.pop("type"))

        id = d.pop("id", UNSET)

        username = d.pop("username", UNSET)

        target = cls(
            type_=type_,
            id=id,
            username=username,
        )

        return target
