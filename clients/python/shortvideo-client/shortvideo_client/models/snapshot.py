from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar("T", bound="Snapshot")


@_attrs_define
class Snapshot:
    """
    Attributes:
        text (str): The caption, comment body or username when reported. Example: Buy followers cheap #promo.
        author_id (int | None): null once deleted. Example: 23.
        author_username (str):  Example: promo_bot.
    """

    text: str
    author_id: int | None
    author_username: str

    def to_dict(self) -> dict[str, Any]:
        text = self.text

        author_id: int | None
        author_id = self.author_id

        author_username = self.author_username

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "text": text,
                "author_id": author_id,
                "author_username": author_username,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        text = d.pop("text")

        def _parse_author_id(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        author_id = _parse_author_id(d.pop("author_id"))

        author_username = d.pop("author_username")

        snapshot = cls(
            text=text,
            author_id=author_id,
            author_username=author_username,
        )

        return snapshot
