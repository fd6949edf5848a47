from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="ApiIndex")


@_attrs_define
class ApiIndex:
    """
    Attributes:
        docs (str): The interactive docs. Example: http://127.0.0.1:5000/api/docs.
        openapi (str): This OpenAPI document. Example: http://127.0.0.1:5000/api/openapi.json.
    """

    docs: str
    openapi: str

    def to_dict(self) -> dict[str, Any]:
        docs = self.docs

        openapi = self.openapi

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "docs": docs,
                "openapi": openapi,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        docs = d.pop("docs")

        openapi = d.pop("openapi")

        api_index = cls(
            docs=docs,
            openapi=openapi,
        )

        return api_index
