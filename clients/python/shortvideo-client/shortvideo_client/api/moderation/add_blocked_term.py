from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.blocked_term import BlockedTerm
from ...models.blocked_term_create import BlockedTermCreate
from ...models.error import Error
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: BlockedTermCreate,
    idempotency_key: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/moderation/blocked-terms",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> BlockedTerm | Error | None:
    if response.status_code == 201:
        response_201 = BlockedTerm.from_dict(response.json())

        return response_201

    if response.status_code == 400:
        response_400 = Error.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = Error.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = Error.from_dict(response.json())

        return response_403

    if response.status_code == 409:
        response_409 = Error.from_dict(response.json())

        return response_409

    if response.status_code == 413:
        response_413 = Error.from_dict(response.json())

        return response_413

    if response.status_code == 422:
        response_422 = Error.from_dict(response.json())

        return response_422

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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[BlockedTerm | Error]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: BlockedTermCreate,
    idempotency_key: str | Unset = UNSET,
) -> Response[BlockedTerm | Error]:
    """Block a term

     Moderators and admins only. From then on a username, display name, bio, caption or
    comment containing it (as whole words, without regard to case) is a 422 naming the
    field; what was posted before stays. 409 if the term is already blocked. Recorded in
    the audit log.

    Args:
        idempotency_key (str | Unset):
        body (BlockedTermCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[BlockedTerm | Error]
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
    client: AuthenticatedClient,
    body: BlockedTermCreate,
    idempotency_key: str | Unset = UNSET,
) -> BlockedTerm | Error | None:
    """Block a term

     Moderators and admins only. From then on a username, display name, bio, caption or
    comment containing it (as whole words, without regard to case) is a 422 naming the
    field; what was posted before stays. 409 if the term is already blocked. Recorded in
    the audit log.

    Args:
        idempotency_key (str | Unset):
        body (BlockedTermCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        BlockedTerm | Error
    """

    return sync_detailed(
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: BlockedTermCreate,
    idempotency_key: str | Unset = UNSET,
) -> Response[BlockedTerm | Error]:
    """Block a term

     Moderators and admins only. From then on a username, display name, bio, caption or
    comment containing it (as whole words, without regard to case) is a 422 naming the
    field; what was posted before stays. 409 if the term is already blocked. Recorded in
    the audit log.

    Args:
        idempotency_key (str | Unset):
        body (BlockedTermCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[BlockedTerm | Error]
    """

    kwargs = _get_kwargs(
        body=body,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: BlockedTermCreate,
    idempotency_key: str | Unset = UNSET,
) -> BlockedTerm | Error | None:
    """Block a term

     Moderators and admins only. From then on a username, display name, bio, caption or
    comment containing it (as whole words, without regard to case) is a 422 naming the
    field; what was posted before stays. 409 if the term is already blocked. Recorded in
    the audit log.

    Args:
        idempotency_key (str | Unset):
        body (BlockedTermCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        BlockedTerm | Error
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
