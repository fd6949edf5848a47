from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.bookmark_state import BookmarkState
from ...models.error import Error
from ...types import UNSET, Response, Unset


def _get_kwargs(
    video_id: int,
    *,
    idempotency_key: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/videos/{video_id}/bookmark".format(
            video_id=quote(str(video_id), safe=""),
        ),
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> BookmarkState | Error | None:
    if response.status_code == 200:
        response_200 = BookmarkState.from_dict(response.json())

        return response_200

    if response.status_code == 201:
        response_201 = BookmarkState.from_dict(response.json())

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


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[BookmarkState | Error]:
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
    idempotency_key: str | Unset = UNSET,
) -> Response[BookmarkState | Error]:
    """Bookmark a video (idempotent: 200 if already bookmarked)

     Signed in. 201 with the new `bookmark_count`, or 200 with the same body when already
    bookmarked. 404 for a video the viewer cannot see. Rate limited (`RATELIMIT_SOCIAL`,
    429).

    Args:
        video_id (int):
        idempotency_key (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[BookmarkState | Error]
    """

    kwargs = _get_kwargs(
        video_id=video_id,
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
    idempotency_key: str | Unset = UNSET,
) -> BookmarkState | Error | None:
    """Bookmark a video (idempotent: 200 if already bookmarked)

     Signed in. 201 with the new `bookmark_count`, or 200 with the same body when already
    bookmarked. 404 for a video the viewer cannot see. Rate limited (`RATELIMIT_SOCIAL`,
    429).

    Args:
        video_id (int):
        idempotency_key (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        BookmarkState | Error
    """

    return sync_detailed(
        video_id=video_id,
        client=client,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    video_id: int,
    *,
    client: AuthenticatedClient,
    idempotency_key: str | Unset = UNSET,
) -> Response[BookmarkState | Error]:
    """Bookmark a video (idempotent: 200 if already bookmarked)

     Signed in. 201 with the new `bookmark_count`, or 200 with the same body when already
    bookmarked. 404 for a video the viewer cannot see. Rate limited (`RATELIMIT_SOCIAL`,
    429).

    Args:
        video_id (int):
        idempotency_key (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[BookmarkState | Error]
    """

    kwargs = _get_kwargs(
        video_id=video_id,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    video_id: int,
    *,
    client: AuthenticatedClient,
    idempotency_key: str | Unset = UNSET,
) -> BookmarkState | Error | None:
    """Bookmark a video (idempotent: 200 if already bookmarked)

     Signed in. 201 with the new `bookmark_count`, or 200 with the same body when already
    bookmarked. 404 for a video the viewer cannot see. Rate limited (`RATELIMIT_SOCIAL`,
    429).

    Args:
        video_id (int):
        idempotency_key (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        BookmarkState | Error
    """

    return (
        await asyncio_detailed(
            video_id=video_id,
            client=client,
            idempotency_key=idempotency_key,
        )
    ).parsed
