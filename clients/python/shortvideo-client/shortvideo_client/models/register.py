from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="Register")


@_attrs_define
class Register:
    """
    Attributes:
        username (str): 2-24 letters (of any script, with their combining marks), digits, '_' or '.', not starting with
            a mark or a '.' nor ending with a '.'; unique without regard to case. Example: maya.lens.
        email (str):
        password (str):
        display_name (str | Unset):
        accepted_terms_version (str | Unset): The terms version the user accepted (GET /api/instance `terms_version`);
            required, and equal to it, when the instance has terms. Example: 2026-12.
    """

    username: str
    email: str
    password: str
    display_name: str | Unset = UNSET
    accepted_terms_version: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        username = self.username

        email = self.email

        password = self.password

        display_name = self.display_name

        accepted_terms_version = self.accepted_terms_version

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "username": username,
                "email": email,
                "password": password,
            }
        )
        if display_name is not UNSET:
            field_dict["display_name"] = display_name
        if accepted_terms_version is not UNSET:
            field_dict["accepted_terms_version"] = accepted_terms_version

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        username = d.pop("username")

        email = d.pop("email")

        password = d.pop("password")

        display_name = d.pop("display_name", UNSET)

        accepted_terms_version = d.pop("accepted_terms_version", UNSET)

        register = cls(
            username=username,
            email=email,
            password=password,
            display_name=display_name,
            accepted_terms_version=accepted_terms_version,
        )

        return register
