from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.accepted import Accepted
from ...models.error import Error
from ...models.password_reset_request import PasswordResetRequest
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: PasswordResetRequest,
    idempotency_key: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/auth/password-reset",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Accepted | Error | None:
    if response.status_code == 202:
        response_202 = Accepted.from_dict(response.json())

        return response_202

    if response.status_code == 400:
        response_400 = Error.from_dict(response.json())

        return response_400

    if response.status_code == 409:
        response_409 = Error.from_dict(response.json())

        return response_409

    if response.status_code == 413:
        response_413 = Error.from_dict(response.json())

        return response_413

    if response.status_code == 422:
        response_422 = Error.from_dict(response.json())

        return response_422

    if response.status_code == 429:
        response_429 = Error.from_dict(response.json())

        return response_429

    if response.status_code == 500:
        response_500 = Error.from_dict(response.json())

        return response_500

    if response.status_code == 503:
        response_503 = Error.from_dict(response.json())

        return response_503

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Accepted | Error]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: PasswordResetRequest,
    idempotency_key: str | Unset = UNSET,
) -> Response[Accepted | Error]:
    """Mail a password-reset link

     Always 202 with the same body, whether or not the address has an account (nothing
    tells who is registered). A registered address gets a mail with a link carrying a
    `token` query parameter, valid once, for `PASSWORD_RESET_MINUTES` (60); send it to
    `POST /api/auth/password-reset/confirm`. Limited per address and per client.

    Args:
        idempotency_key (str | Unset):
        body (PasswordResetRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Accepted | Error]
    """

    kwargs = _get_kwargs(
        body=body,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    body: PasswordResetRequest,
    idempotency_key: str | Unset = UNSET,
) -> Accepted | Error | None:
    """Mail a password-reset link

     Always 202 with the same body, whether or not the address has an account (nothing
    tells who is registered). A registered address gets a mail with a link carrying a
    `token` query parameter, valid once, for `PASSWORD_RESET_MINUTES` (60); send it to
    `POST /api/auth/password-reset/confirm`. Limited per address and per client.

    Args:
        idempotency_key (str | Unset):
        body (PasswordResetRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Accepted | Error
    """

    return sync_detailed(
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: PasswordResetRequest,
    idempotency_key: str | Unset = UNSET,
) -> Response[Accepted | Error]:
    """Mail a password-reset link

     Always 202 with the same body, whether or not the address has an account (nothing
    tells who is registered). A registered address gets a mail with a link carrying a
    `token` query parameter, valid once, for `PASSWORD_RESET_MINUTES` (60); send it to
    `POST /api/auth/password-reset/confirm`. Limited per address and per client.

    Args:
        idempotency_key (str | Unset):
        body (PasswordResetRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Accepted | Error]
    """

    kwargs = _get_kwargs(
        body=body,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: PasswordResetRequest,
    idempotency_key: str | Unset = UNSET,
) -> Accepted | Error | None:
    """Mail a password-reset link

     Always 202 with the same body, whether or not the address has an account (nothing
    tells who is registered). A registered address gets a mail with a link carrying a
    `token` query parameter, valid once, for `PASSWORD_RESET_MINUTES` (60); send it to
    `POST /api/auth/password-reset/confirm`. Limited per address and per client.

    Args:
        idempotency_key (str | Unset):
        body (PasswordResetRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Accepted | Error
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
