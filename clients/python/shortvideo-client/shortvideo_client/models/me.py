from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar("T", bound="Me")


@_attrs_define
class Me:
    """
    Attributes:
        id (int):
        username (str):
        display_name (str):
        avatar_url (None | str):
        bio (str):
        created_at (datetime.datetime):
        followers_count (int):
        following_count (int):
        video_count (int):
        like_count (int): Likes received on all their videos.
        is_following (bool): Always false: you do not follow yourself. Default: False.
        email (str):
        email_verified (bool): Whether the address was confirmed with the link mailed to it.
    """

    id: int
    username: str
    display_name: str
    avatar_url: None | str
    bio: str
    created_at: datetime.datetime
    followers_count: int
    following_count: int
    video_count: int
    like_count: int
    email: str
    email_verified: bool
    is_following: bool = False

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        username = self.username

        display_name = self.display_name

        avatar_url: None | str
        avatar_url = self.avatar_url

        bio = self.bio

        created_at = self.created_at.isoformat()

        followers_count = self.followers_count

        following_count = self.following_count

        video_count = self.video_count

        like_count = self.like_count

        is_following = self.is_following

        email = self.email

        email_verified = self.email_verified

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
                "username": username,
                "display_name": display_name,
                "avatar_url": avatar_url,
                "bio": bio,
                "created_at": created_at,
                "followers_count": followers_count,
                "following_count": following_count,
                "video_count": video_count,
                "like_count": like_count,
                "is_following": is_following,
                "email": email,
                "email_verified": email_verified,
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

        bio = d.pop("bio")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        followers_count = d.pop("followers_count")

        following_count = d.pop("following_count")

        video_count = d.pop("video_count")

        like_count = d.pop("like_count")

        is_following = d.pop("is_following")

        email = d.pop("email")

        email_verified = d.pop("email_verified")

        me = cls(
            id=id,
            username=username,
            display_name=display_name,
            avatar_url=avatar_url,
            bio=bio,
            created_at=created_at,
            followers_count=followers_count,
            following_count=following_count,
            video_count=video_count,
            like_count=like_count,
            is_following=is_following,
            email=email,
            email_verified=email_verified,
        )

        return me
