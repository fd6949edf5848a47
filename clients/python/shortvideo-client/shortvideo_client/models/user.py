from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar("T", bound="User")


@_attrs_define
class User:
    """
    Attributes:
        id (int):  Example: 17.
        username (str):  Example: maya.lens.
        display_name (str):  Example: Maya Lens.
        avatar_url (None | str):  Example: https://cdn.example.com/avatars/maya.jpg.
        bio (str):  Example: Street food and slow travel..
        created_at (datetime.datetime):  Example: 2026-03-14T09:26:53+00:00.
        followers_count (int):  Example: 1280.
        following_count (int):  Example: 212.
        video_count (int):  Example: 48.
        like_count (int): Likes received on all their videos. Example: 15230.
        is_following (bool | None): Whether the viewer follows this user; null when anonymous. Example: True.
        is_private (bool): A private account: its videos are for its followers; following it sends a request. Example:
            False.
        follows_you (bool | None): Whether this user follows the viewer; null when anonymous. Example: False.
        is_blocking (bool | None): Whether the viewer blocks this user; null when anonymous. Example: False.
        is_muting (bool | None): Whether the viewer mutes this user; null when anonymous. Example: False.
        follow_requested (bool | None): A follow request from the viewer is pending; null when anonymous. Example:
            False.
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
    is_following: bool | None
    is_private: bool
    follows_you: bool | None
    is_blocking: bool | None
    is_muting: bool | None
    follow_requested: bool | None

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

        is_following: bool | None
        is_following = self.is_following

        is_private = self.is_private

        follows_you: bool | None
        follows_you = self.follows_you

        is_blocking: bool | None
        is_blocking = self.is_blocking

        is_muting: bool | None
        is_muting = self.is_muting

        follow_requested: bool | None
        follow_requested = self.follow_requested

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
                "is_private": is_private,
                "follows_you": follows_you,
                "is_blocking": is_blocking,
                "is_muting": is_muting,
                "follow_requested": follow_requested,
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

        def _parse_is_following(data: object) -> bool | None:
            if data is None:
                return data
            return cast(bool | None, data)

        is_following = _parse_is_following(d.pop("is_following"))

        is_private = d.pop("is_private")

        def _parse_follows_you(data: object) -> bool | None:
            if data is None:
                return data
            return cast(bool | None, data)

        follows_you = _parse_follows_you(d.pop("follows_you"))

        def _parse_is_blocking(data: object) -> bool | None:
            if data is None:
                return data
            return cast(bool | None, data)

        is_blocking = _parse_is_blocking(d.pop("is_blocking"))

        def _parse_is_muting(data: object) -> bool | None:
            if data is None:
                return data
            return cast(bool | None, data)

        is_muting = _parse_is_muting(d.pop("is_muting"))

        def _parse_follow_requested(data: object) -> bool | None:
            if data is None:
                return data
            return cast(bool | None, data)

        follow_requested = _parse_follow_requested(d.pop("follow_requested"))

        user = cls(
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
            is_private=is_private,
            follows_you=follows_you,
            is_blocking=is_blocking,
            is_muting=is_muting,
            follow_requested=follow_requested,
        )

        return user
