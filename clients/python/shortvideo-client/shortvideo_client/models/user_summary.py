from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar("T", bound="UserSummary")


@_attrs_define
class UserSummary:
    """
    Attributes:
        id (int):  Example: 17.
        username (str):  Example: maya.lens.
        display_name (str):  Example: Maya Lens.
        avatar_url (None | str):  Example: https://cdn.example.com/avatars/maya.jpg.
    """

    id: int
    username: str
    display_name: str
    avatar_url: None | str

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        username = self.username

        display_name = self.display_name

        avatar_url: None | str
        avatar_url = self.avatar_url

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
                "username": username,
                "display_name": display_name,
                "avatar_url": avatar_url,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        username = d.pop("username")

        display_name = d.pop("display_name")

        def _parse_avatar_url(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        avatar_url = _parse_avatar_url(d.pop("avatar_url"))

        user_summary = cls(
            id=id,
            username=username,
            display_name=display_name,
            avatar_url=avatar_url,
        )

        return user_summary
