from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.mod_report import ModReport


T = TypeVar("T", bound="ModReportPage")


@_attrs_define
class ModReportPage:
    """
    Attributes:
        items (list[ModReport]):
        next_cursor (None | str): Pass it as `cursor` for the next page; null on the last page. Example:
            WyIyMDI2LTEyLTAxVDEyOjAwOjAwKzAwOjAwIiw0Ml0.LslTKmYK7lpgldhJ-jp8l40ICiI.
    """

    items: list[ModReport]
    next_cursor: None | str

    def to_dict(self) -> dict[str, Any]:
        items = []
        for items_item_data in self.items:
            items_item = items_item_data.to_dict()
            items.append(items_item)

        next_cursor: None | str
        next_cursor = self.next_cursor

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "items": items,
                "next_cursor": next_cursor,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.mod_report import ModReport  # noqa: PLC0415

        d = dict(src_dict)
        items = []
        _items = d.pop("items")
        for items_item_data in _items:
            items_item = ModReport.from_dict(items_item_data)

            items.append(items_item)

        def _parse_next_cursor(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        next_cursor = _parse_next_cursor(d.pop("next_cursor"))

        mod_report_page = cls(
            items=items,
            next_cursor=next_cursor,
        )

        return mod_report_page
