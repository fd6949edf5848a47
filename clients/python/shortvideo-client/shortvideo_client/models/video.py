from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.video_status import VideoStatus
from ..models.video_visibility import VideoVisibility

if TYPE_CHECKING:
    from ..models.user_summary import UserSummary


T = TypeVar("T", bound="Video")


@_attrs_define
class Video:
    """
    Attributes:
        id (int):  Example: 42.
        author (UserSummary):
        caption (str):  Example: Night market dumplings #streetfood #taipei.
        hashtags (list[str]):  Example: ['streetfood', 'taipei'].
        video_url (str): Where the file can be fetched: the playable rendition once ready, the original upload while
            processing, or the linked URL. Example: https://cdn.example.com/media/5f2b9c1e.mp4.
        thumbnail_url (None | str): A JPEG; null until ready. Example: https://cdn.example.com/media/5f2b9c1e.jpg.
        status (VideoStatus): Only ready videos are listed.
        visibility (VideoVisibility):
        duration (float | None): Seconds; null until known. Example: 14.2.
        width (int | None): Of the playable rendition; null until known. Example: 720.
        height (int | None): Of the playable rendition; null until known. Example: 1280.
        processing_error (None | str): Why processing failed; shown to the author only (null for everyone else).
        like_count (int):  Example: 311.
        comment_count (int):  Example: 24.
        view_count (int):  Example: 5120.
        share_count (int):  Example: 9.
        bookmark_count (int):  Example: 17.
        created_at (datetime.datetime):  Example: 2026-12-01T12:00:00+00:00.
        updated_at (datetime.datetime):  Example: 2026-12-01T12:00:00+00:00.
        liked_by_me (bool | None): null when anonymous. Example: False.
        bookmarked_by_me (bool | None): null when anonymous. Example: False.
        is_following_author (bool | None): Whether the viewer follows the author: false on your own videos, null when
            anonymous. Example: True.
    """

    id: int
    author: UserSummary
    caption: str
    hashtags: list[str]
    video_url: str
    thumbnail_url: None | str
    status: VideoStatus
    visibility: VideoVisibility
    duration: float | None
    width: int | None
    height: int | None
    processing_error: None | str
    like_count: int
    comment_count: int
    view_count: int
    share_count: int
    bookmark_count: int
    created_at: datetime.datetime
    updated_at: datetime.datetime
    liked_by_me: bool | None
    bookmarked_by_me: bool | None
    is_following_author: bool | None

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        author = self.author.to_dict()

        caption = self.caption

        hashtags = self.hashtags

        video_url = self.video_url

        thumbnail_url: None | str
        thumbnail_url = self.thumbnail_url

        status = self.status.value

        visibility = self.visibility.value

        duration: float | None
        duration = self.duration

        width: int | None
        width = self.width

        height: int | None
        height = self.height

        processing_error: None | str
        processing_error = self.processing_error

        like_count = self.like_count

        comment_count = self.comment_count

        view_count = self.view_count

        share_count = self.share_count

        bookmark_count = self.bookmark_count

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        liked_by_me: bool | None
        liked_by_me = self.liked_by_me

        bookmarked_by_me: bool | None
        bookmarked_by_me = self.bookmarked_by_me

        is_following_author: bool | None
        is_following_author = self.is_following_author

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
                "author": author,
                "caption": caption,
                "hashtags": hashtags,
                "video_url": video_url,
                "thumbnail_url": thumbnail_url,
                "status": status,
                "visibility": visibility,
                "duration": duration,
                "width": width,
                "height": height,
                "processing_error": processing_error,
                "like_count": like_count,
                "comment_count": comment_count,
                "view_count": view_count,
                "share_count": share_count,
                "bookmark_count": bookmark_count,
                "created_at": created_at,
                "updated_at": updated_at,
                "liked_by_me": liked_by_me,
                "bookmarked_by_me": bookmarked_by_me,
                "is_following_author": is_following_author,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.user_summary import UserSummary  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        author = UserSummary.from_dict(d.pop("author"))

        caption = d.pop("caption")

        hashtags = cast(list[str], d.pop("hashtags"))

        video_url = d.pop("video_url")

        def _parse_thumbnail_url(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        thumbnail_url = _parse_thumbnail_url(d.pop("thumbnail_url"))

        status = VideoStatus(d.pop("status"))

        visibility = VideoVisibility(d.pop("visibility"))

        def _parse_duration(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        duration = _parse_duration(d.pop("duration"))

        def _parse_width(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        width = _parse_width(d.pop("width"))

        def _parse_height(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        height = _parse_height(d.pop("height"))

        def _parse_processing_error(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        processing_error = _parse_processing_error(d.pop("processing_error"))

        like_count = d.pop("like_count")

        comment_count = d.pop("comment_count")

        view_count = d.pop("view_count")

        share_count = d.pop("share_count")

        bookmark_count = d.pop("bookmark_count")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        def _parse_liked_by_me(data: object) -> bool | None:
            if data is None:
                return data
            return cast(bool | None, data)

        liked_by_me = _parse_liked_by_me(d.pop("liked_by_me"))

        def _parse_bookmarked_by_me(data: object) -> bool | None:
            if data is None:
                return data
            return cast(bool | None, data)

        bookmarked_by_me = _parse_bookmarked_by_me(d.pop("bookmarked_by_me"))

        def _parse_is_following_author(data: object) -> bool | None:
            if data is None:
                return data
            return cast(bool | None, data)

        is_following_author = _parse_is_following_author(d.pop("is_following_author"))

        video = cls(
            id=id,
            author=author,
            caption=caption,
            hashtags=hashtags,
            video_url=video_url,
            thumbnail_url=thumbnail_url,
            status=status,
            visibility=visibility,
            duration=duration,
            width=width,
            height=height,
            processing_error=processing_error,
            like_count=like_count,
            comment_count=comment_count,
            view_count=view_count,
            share_count=share_count,
            bookmark_count=bookmark_count,
            created_at=created_at,
            updated_at=updated_at,
            liked_by_me=liked_by_me,
            bookmarked_by_me=bookmarked_by_me,
            is_following_author=is_following_author,
        )

        return video
