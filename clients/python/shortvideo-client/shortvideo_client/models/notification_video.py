from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar("T", bound="NotificationVideo")


@_attrs_define
class NotificationVideo:
    """
    Attributes:
        id (int):  Example: 42.
        thumbnail_url (None | str): A JPEG; null until ready. Example: https://cdn.example.com/media/5f2b9c1e.jpg.
        caption (str):  Example: Night market dumplings #streetfood #taipei.
    """

    id: int
    thumbnail_url: None | str
    caption: str

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        thumbnail_url: None | str
        thumbnail_url = self.thumbnail_url

        caption = self.caption

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
                "thumbnail_url": thumbnail_url,
                "caption": caption,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        def _parse_thumbnail_url(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        thumbnail_url = _parse_thumbnail_url(d.pop("thumbnail_url"))

        caption = d.pop("caption")

        notification_video = cls(
            id=id,
            thumbnail_url=thumbnail_url,
            caption=caption,
        )

        return notification_video
