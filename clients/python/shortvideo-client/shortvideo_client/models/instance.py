from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.limits import Limits


T = TypeVar("T", bound="Instance")


@_attrs_define
class Instance:
    """
    Attributes:
        name (str):  Example: Short-video API.
        description (str):  Example: Short videos from the neighbourhood..
        contact_email (None | str):  Example: safety@example.com.
        terms_url (None | str):  Example: https://example.com/terms.
        terms_version (None | str): Registering requires accepting it; null: no terms. Example: 2026-12.
        limits (Limits):
    """

    name: str
    description: str
    contact_email: None | str
    terms_url: None | str
    terms_version: None | str
    limits: Limits

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        description = self.description

        contact_email: None | str
        contact_email = self.contact_email

        terms_url: None | str
        terms_url = self.terms_url

        terms_version: None | str
        terms_version = self.terms_version

        limits = self.limits.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "name": name,
                "description": description,
                "contact_email": contact_email,
                "terms_url": terms_url,
                "terms_version": terms_version,
                "limits": limits,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.limits import Limits  # noqa: PLC0415

        d = dict(src_dict)
        name = d.pop("name")

        description = d.pop("description")

        def _parse_contact_email(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        contact_email = _parse_contact_email(d.pop("contact_email"))

        def _parse_terms_url(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        terms_url = _parse_terms_url(d.pop("terms_url"))

        def _parse_terms_version(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        terms_version = _parse_terms_version(d.pop("terms_version"))

        limits = Limits.from_dict(d.pop("limits"))

        instance = cls(
            name=name,
            description=description,
            contact_email=contact_email,
            terms_url=terms_url,
            terms_version=terms_version,
            limits=limits,
        )

        return instance
