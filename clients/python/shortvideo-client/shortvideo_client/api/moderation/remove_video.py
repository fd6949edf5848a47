from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.reason import Reason
from ...models.removal_state import RemovalState
from ...types import UNSET, Response, Unset


def _get_kwargs(
    video_id: int,
    *,
    body: Reason,
    idempotency_key: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/moderation/videos/{video_id}/removal".format(
            video_id=quote(str(video_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Error | RemovalState | None:
    if response.status_code == 200:
        response_200 = RemovalState.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = Error.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = Error.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = Error.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = Error.from_dict(response.json())

        return response_404

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


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Error | RemovalState]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    video_id: int,
    *,
    client: AuthenticatedClient,
    body: Reason,
    idempotency_key: str | Unset = UNSET,
) -> Response[Error | RemovalState]:
    """Remove a video: hidden from everyone but its author (`status: removed`)

     Moderators and admins only. The video is 404 for everyone but its author, who sees
    `status: removed`. A moderator cannot act on their own content
    or on an admin's (403). Recorded in the audit log.

    Args:
        video_id (int):
        idempotency_key (str | Unset):
        body (Reason):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | RemovalState]
    """

    kwargs = _get_kwargs(
        video_id=video_id,
        body=body,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    video_id: int,
    *,
    client: AuthenticatedClient,
    body: Reason,
    idempotency_key: str | Unset = UNSET,
) -> Error | RemovalState | None:
    """Remove a video: hidden from everyone but its author (`status: removed`)

     Moderators and admins only. The video is 404 for everyone but its author, who sees
    `status: removed`. A moderator cannot act on their own content
    or on an admin's (403). Recorded in the audit log.

    Args:
        video_id (int):
        idempotency_key (str | Unset):
        body (Reason):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | RemovalState
    """

    return sync_detailed(
        video_id=video_id,
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    video_id: int,
    *,
    client: AuthenticatedClient,
    body: Reason,
    idempotency_key: str | Unset = UNSET,
) -> Response[Error | RemovalState]:
    """Remove a video: hidden from everyone but its author (`status: removed`)

     Moderators and admins only. The video is 404 for everyone but its author, who sees
    `status: removed`. A moderator cannot act on their own content
    or on an admin's (403). Recorded in the audit log.

    Args:
        video_id (int):
        idempotency_key (str | Unset):
        body (Reason):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | RemovalState]
    """

    kwargs = _get_kwargs(
        video_id=video_id,
        body=body,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    video_id: int,
    *,
    client: AuthenticatedClient,
    body: Reason,
    idempotency_key: str | Unset = UNSET,
) -> Error | RemovalState | None:
    """Remove a video: hidden from everyone but its author (`status: removed`)

     Moderators and admins only. The video is 404 for everyone but its author, who sees
    `status: removed`. A moderator cannot act on their own content
    or on an admin's (403). Recorded in the audit log.

    Args:
        video_id (int):
        idempotency_key (str | Unset):
        body (Reason):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | RemovalState
    """

    return (
        await asyncio_detailed(
            video_id=video_id,
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
