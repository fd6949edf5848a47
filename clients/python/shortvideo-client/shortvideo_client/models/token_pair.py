from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.token_pair_token_type import TokenPairTokenType

T = TypeVar("T", bound="TokenPair")


@_attrs_define
class TokenPair:
    """
    Attributes:
        access_token (str): A JWT; send it as Bearer. Example:
            eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxNyIsInR5cGUiOiJhY2Nlc3MifQ.c2lnbmF0dXJl.
        refresh_token (str): A JWT for POST /api/auth/refresh only (rotated). Example:
            eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxNyIsInR5cGUiOiJyZWZyZXNoIn0.c2lnbmF0dXJl.
        token_type (TokenPairTokenType):
        expires_in (int): Seconds until the access token expires. Example: 900.
    """

    access_token: str
    refresh_token: str
    token_type: TokenPairTokenType
    expires_in: int

    def to_dict(self) -> dict[str, Any]:
        access_token = self.access_token

        refresh_token = self.refresh_token

        token_type = self.token_type.value

        expires_in = self.expires_in

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "access_token": access_token,
                "refresh_token": refresh_token,
                "token_type": token_type,
                "expires_in": expires_in,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        access_token = d.pop("access_token")

        refresh_token = d.pop("refresh_token")

        token_type = TokenPairTokenType(d.pop("token_type"))

        expires_in = d.pop("expires_in")

        token_pair = cls(
            access_token=access_token,
            refresh_token=refresh_token,
            token_type=token_type,
            expires_in=expires_in,
        )

        return token_pair
