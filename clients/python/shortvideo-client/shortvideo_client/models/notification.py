from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.notification_type import NotificationType

if TYPE_CHECKING:
    from ..models.notification_comment import NotificationComment
    from ..models.notification_video import NotificationVideo
    from ..models.user_summary import UserSummary


T = TypeVar("T", bound="Notification")


@_attrs_define
class Notification:
    """
    Attributes:
        id (int):  Example: 5003.
        type_ (NotificationType):  Example: like.
        actor (None | UserSummary): Who did it; null for the system's own (video_ready, ...).
        video (None | NotificationVideo):
        comment (None | NotificationComment):
        read (bool):  Example: False.
        created_at (datetime.datetime):  Example: 2026-12-01T12:00:00+00:00.
    """

    id: int
    type_: NotificationType
    actor: None | UserSummary
    video: None | NotificationVideo
    comment: None | NotificationComment
    read: bool
    created_at: datetime.datetime

    def to_dict(self) -> dict[str, Any]:
        from ..models.notification_comment import NotificationComment  # noqa: PLC0415
        from ..models.notification_video import NotificationVideo  # noqa: PLC0415
        from ..models.user_summary import UserSummary  # noqa: PLC0415

        id = self.id

        type_ = self.type_.value

        actor: dict[str, Any] | None
        if isinstance(self.actor, UserSummary):
            actor = self.actor.to_dict()
        else:
            actor = self.actor

        video: dict[str, Any] | None
        if isinstance(self.video, NotificationVideo):
            video = self.video.to_dict()
        else:
            video = self.video

        comment: dict[str, Any] | None
        if isinstance(self.comment, NotificationComment):
            comment = self.comment.to_dict()
        else:
            comment = self.comment

        read = self.read

        created_at = self.created_at.isoformat()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
                "type": type_,
                "actor": actor,
                "video": video,
                "comment": comment,
                "read": read,
                "created_at": created_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.notification_comment import NotificationComment  # noqa: PLC0415
        from ..models.notification_video import NotificationVideo  # noqa: PLC0415
        from ..models.user_summary import UserSummary  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        type_ = NotificationType(d.pop("type"))

        def _parse_actor(data: object) -> None | UserSummary:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                actor_type_1 = UserSummary.from_dict(data)

                return actor_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | UserSummary, data)

        actor = _parse_actor(d.pop("actor"))

        def _parse_video(data: object) -> None | NotificationVideo:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                video_type_1 = NotificationVideo.from_dict(data)

                return video_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | NotificationVideo, data)

        video = _parse_video(d.pop("video"))

        def _parse_comment(data: object) -> None | NotificationComment:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                comment_type_1 = NotificationComment.from_dict(data)

                return comment_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | NotificationComment, data)

        comment = _parse_comment(d.pop("comment"))

        read = d.pop("read")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        notification = cls(
            id=id,
            type_=type_,
            actor=actor,
            video=video,
            comment=comment,
            read=read,
            created_at=created_at,
        )

        return notification
