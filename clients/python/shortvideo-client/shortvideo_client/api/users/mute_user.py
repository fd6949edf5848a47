from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.mute_state import MuteState
from ...types import UNSET, Response, Unset


def _get_kwargs(
    username: str,
    *,
    idempotency_key: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/users/{username}/mute".format(
            username=quote(str(username), safe=""),
        ),
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Error | MuteState | None:
    if response.status_code == 200:
        response_200 = MuteState.from_dict(response.json())

        return response_200

    if response.status_code == 201:
        response_201 = MuteState.from_dict(response.json())

        return response_201

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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Error | MuteState]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    username: str,
    *,
    client: AuthenticatedClient,
    idempotency_key: str | Unset = UNSET,
) -> Response[Error | MuteState]:
    """Mute a user: their videos leave the viewer's feeds; the profile stays visible

     Signed in. 201, or 200 when already muting; 422 on yourself. Their videos leave the
    viewer's feeds (newest, for-you, following, hashtag and search) and their notifications
    stop; the profile stays visible.

    Args:
        username (str):
        idempotency_key (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | MuteState]
    """

    kwargs = _get_kwargs(
        username=username,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    username: str,
    *,
    client: AuthenticatedClient,
    idempotency_key: str | Unset = UNSET,
) -> Error | MuteState | None:
    """Mute a user: their videos leave the viewer's feeds; the profile stays visible

     Signed in. 201, or 200 when already muting; 422 on yourself. Their videos leave the
    viewer's feeds (newest, for-you, following, hashtag and search) and their notifications
    stop; the profile stays visible.

    Args:
        username (str):
        idempotency_key (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | MuteState
    """

    return sync_detailed(
        username=username,
        client=client,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    username: str,
    *,
    client: AuthenticatedClient,
    idempotency_key: str | Unset = UNSET,
) -> Response[Error | MuteState]:
    """Mute a user: their videos leave the viewer's feeds; the profile stays visible

     Signed in. 201, or 200 when already muting; 422 on yourself. Their videos leave the
    viewer's feeds (newest, for-you, following, hashtag and search) and their notifications
    stop; the profile stays visible.

    Args:
        username (str):
        idempotency_key (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | MuteState]
    """

    kwargs = _get_kwargs(
        username=username,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    username: str,
    *,
    client: AuthenticatedClient,
    idempotency_key: str | Unset = UNSET,
) -> Error | MuteState | None:
    """Mute a user: their videos leave the viewer's feeds; the profile stays visible

     Signed in. 201, or 200 when already muting; 422 on yourself. Their videos leave the
    viewer's feeds (newest, for-you, following, hashtag and search) and their notifications
    stop; the profile stays visible.

    Args:
        username (str):
        idempotency_key (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | MuteState
    """

    return (
        await asyncio_detailed(
            username=username,
            client=client,
            idempotency_key=idempotency_key,
        )
    ).parsed
