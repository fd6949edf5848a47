from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="ProfileUpdate")


@_attrs_define
class ProfileUpdate:
    """
    Attributes:
        display_name (str | Unset):
        bio (str | Unset):
        avatar_url (None | str | Unset): An http or https URL, never fetched. An international one is kept in its ASCII
            form: the host in punycode, other characters percent-encoded.
        is_private (bool | Unset): Going public approves every pending follow request. Example: True.
    """

    display_name: str | Unset = UNSET
    bio: str | Unset = UNSET
    avatar_url: None | str | Unset = UNSET
    is_private: bool | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        display_name = self.display_name

        bio = self.bio

        avatar_url: None | str | Unset
        if isinstance(self.avatar_url, Unset):
            avatar_url = UNSET
        else:
            avatar_url = self.avatar_url

        is_private = self.is_private

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if display_name is not UNSET:
            field_dict["display_name"] = display_name
        if bio is not UNSET:
            field_dict["bio"] = bio
        if avatar_url is not UNSET:
            field_dict["avatar_url"] = avatar_url
        if is_private is not UNSET:
            field_dict["is_private"] = is_private

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        display_name = d.pop("display_name", UNSET)

        bio = d.pop("bio", UNSET)

        def _parse_avatar_url(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        avatar_url = _parse_avatar_url(d.pop("avatar_url", UNSET))

        is_private = d.pop("is_private", UNSET)

        profile_update = cls(
            display_name=display_name,
            bio=bio,
            avatar_url=avatar_url,
            is_private=is_private,
        )

        return profile_update
