from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.user_summary import UserSummary


T = TypeVar("T", bound="Comment")


@_attrs_define
class Comment:
    """
    Attributes:
        id (int):  Example: 901.
        video_id (int):  Example: 42.
        author (UserSummary):
        body (str):  Example: Where is this stall? 😍.
        parent_id (int | None):
        reply_count (int):  Example: 2.
        created_at (datetime.datetime):  Example: 2026-12-01T12:00:00+00:00.
        like_count (int):  Example: 5.
        liked_by_me (bool | None): null when anonymous. Example: False.
        pinned (bool): Pinned by the video's owner: first on the first page of the video's comments. Example: False.
    """

    id: int
    video_id: int
    author: UserSummary
    body: str
    parent_id: int | None
    reply_count: int
    created_at: datetime.datetime
    like_count: int
    liked_by_me: bool | None
    pinned: bool

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        video_id = self.video_id

        author = self.author.to_dict()

        body = self.body

        parent_id: int | None
        parent_id = self.parent_id

        reply_count = self.reply_count

        created_at = self.created_at.isoformat()

        like_count = self.like_count

        liked_by_me: bool | None
        liked_by_me = self.liked_by_me

        pinned = self.pinned

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
                "video_id": video_id,
                "author": author,
                "body": body,
                "parent_id": parent_id,
                "reply_count": reply_count,
                "created_at": created_at,
                "like_count": like_count,
                "liked_by_me": liked_by_me,
                "pinned": pinned,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.user_summary import UserSummary  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        video_id = d.pop("video_id")

        author = UserSummary.from_dict(d.pop("author"))

        body = d.pop("body")

        def _parse_parent_id(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        parent_id = _parse_parent_id(d.pop("parent_id"))

        reply_count = d.pop("reply_count")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        like_count = d.pop("like_count")

        def _parse_liked_by_me(data: object) -> bool | None:
            if data is None:
                return data
            return cast(bool | None, data)

        liked_by_me = _parse_liked_by_me(d.pop("liked_by_me"))

        pinned = d.pop("pinned")

        comment = cls(
            id=id,
            video_id=video_id,
            author=author,
            body=body,
            parent_id=parent_id,
            reply_count=reply_count,
            created_at=created_at,
            like_count=like_count,
            liked_by_me=liked_by_me,
            pinned=pinned,
        )

        return comment
