from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.bookmark_state import BookmarkState
from ...models.error import Error
from ...types import Response


def _get_kwargs(
    video_id: int,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "delete",
        "url": "/api/videos/{video_id}/bookmark".format(
            video_id=quote(str(video_id), safe=""),
        ),
    }

    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> BookmarkState | Error | None:
    if response.status_code == 200:
        response_200 = BookmarkState.from_dict(response.json())

        return response_200

    if response.status_code == 401:
        response_401 = Error.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = Error.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = Error.from_dict(response.json())

        return response_404

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
) -> Response[BookmarkState | Error]:
    """Remove the viewer's bookmark (also 200 when there was none)

     Signed in. 200 with `bookmarked: false` and the `bookmark_count`, also when it was not
    bookmarked. 404 for a video the viewer cannot see.

    Args:
        video_id (int):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[BookmarkState | Error]
    """

    kwargs = _get_kwargs(
        video_id=video_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    video_id: int,
    *,
    client: AuthenticatedClient,
) -> BookmarkState | Error | None:
    """Remove the viewer's bookmark (also 200 when there was none)

     Signed in. 200 with `bookmarked: false` and the `bookmark_count`, also when it was not
    bookmarked. 404 for a video the viewer cannot see.

    Args:
        video_id (int):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        BookmarkState | Error
    """

    return sync_detailed(
        video_id=video_id,
        client=client,
    ).parsed


async def asyncio_detailed(
    video_id: int,
    *,
    client: AuthenticatedClient,
) -> Response[BookmarkState | Error]:
    """Remove the viewer's bookmark (also 200 when there was none)

     Signed in. 200 with `bookmarked: false` and the `bookmark_count`, also when it was not
    bookmarked. 404 for a video the viewer cannot see.

    Args:
        video_id (int):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[BookmarkState | Error]
    """

    kwargs = _get_kwargs(
        video_id=video_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    video_id: int,
    *,
    client: AuthenticatedClient,
) -> BookmarkState | Error | None:
    """Remove the viewer's bookmark (also 200 when there was none)

     Signed in. 200 with `bookmarked: false` and the `bookmark_count`, also when it was not
    bookmarked. 404 for a video the viewer cannot see.

    Args:
        video_id (int):

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
        )
    ).parsed
