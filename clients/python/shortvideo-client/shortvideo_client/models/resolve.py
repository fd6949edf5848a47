from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.resolve_action import ResolveAction
from ..types import UNSET, Unset

T = TypeVar("T", bound="Resolve")


@_attrs_define
class Resolve:
    """
    Attributes:
        action (ResolveAction):  Example: remove_content.
        note (str | Unset): Default: the empty string. Example: Spam, removed..
    """

    action: ResolveAction
    note: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        action = self.action.value

        note = self.note

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "action": action,
            }
        )
        if note is not UNSET:
            field_dict["note"] = note

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        action = ResolveAction(d.pop("action"))

        note = d.pop("note", UNSET)

        resolve = cls(
            action=action,
            note=note,
        )

        return resolve
