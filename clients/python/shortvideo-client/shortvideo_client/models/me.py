from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.me_role import MeRole

T = TypeVar("T", bound="Me")


@_attrs_define
class Me:
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
        is_following (bool):  Default: False. Example: False.
        is_private (bool): A private account: its videos are for its followers; following it sends a request. Example:
            False.
        follows_you (bool):  Default: False. Example: False.
        is_blocking (bool):  Default: False. Example: False.
        is_muting (bool):  Default: False. Example: False.
        follow_requested (bool):  Default: False. Example: False.
        email (str):  Example: maya@example.com.
        email_verified (bool): Whether the address was confirmed with the link mailed to it. Example: True.
        role (MeRole):
        accepted_terms_version (None | str): null if none. Example: 2026-12.
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
    is_private: bool
    email: str
    email_verified: bool
    role: MeRole
    accepted_terms_version: None | str
    is_following: bool = False
    follows_you: bool = False
    is_blocking: bool = False
    is_muting: bool = False
    follow_requested: bool = False

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

        is_private = self.is_private

        follows_you = self.follows_you

        is_blocking = self.is_blocking

        is_muting = self.is_muting

        follow_requested = self.follow_requested

        email = self.email

        email_verified = self.email_verified

        role = self.role.value

        accepted_terms_version: None | str
        accepted_terms_version = self.accepted_terms_version

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
                "email": email,
                "email_verified": email_verified,
                "role": role,
                "accepted_terms_version": accepted_terms_version,
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

        is_private = d.pop("is_private")

        follows_you = d.pop("follows_you")

        is_blocking = d.pop("is_blocking")

        is_muting = d.pop("is_muting")

        follow_requested = d.pop("follow_requested")

        email = d.pop("email")

        email_verified = d.pop("email_verified")

        role = MeRole(d.pop("role"))

        def _parse_accepted_terms_version(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        accepted_terms_version = _parse_accepted_terms_version(d.pop("accepted_terms_version"))

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
            is_private=is_private,
            follows_you=follows_you,
            is_blocking=is_blocking,
            is_muting=is_muting,
            follow_requested=follow_requested,
            email=email,
            email_verified=email_verified,
            role=role,
            accepted_terms_version=accepted_terms_version,
        )

        return me
