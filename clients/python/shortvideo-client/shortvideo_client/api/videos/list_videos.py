from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.video_page import VideoPage
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    limit: int | Unset = UNSET,
    cursor: None | str | Unset = UNSET,
    author: str | Unset = UNSET,
    hashtag: str | Unset = UNSET,
    q: str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["limit"] = limit

    json_cursor: None | str | Unset
    if isinstance(cursor, Unset):
        json_cursor = UNSET
    else:
        json_cursor = cursor
    params["cursor"] = json_cursor

    params["author"] = author

    params["hashtag"] = hashtag

    params["q"] = q

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/videos",
        "params": params,
    }

    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Error | VideoPage | None:
    if response.status_code == 200:
        response_200 = VideoPage.from_dict(response.json())

        return response_200

    if response.status_code == 401:
        response_401 = Error.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = Error.from_dict(response.json())

        return response_403

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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Error | VideoPage]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    limit: int | Unset = UNSET,
    cursor: None | str | Unset = UNSET,
    author: str | Unset = UNSET,
    hashtag: str | Unset = UNSET,
    q: str | Unset = UNSET,
) -> Response[Error | VideoPage]:
    """Newest videos, optionally by author, hashtag or caption words

     Public (a token fills `liked_by_me` and the other viewer fields). Ready videos visible
    to the viewer, newest first: `author` (a username), `hashtag` (with or without `#`) and
    `q` (whole words, every one in the caption, without regard to case) narrow the list and
    may be combined. Without `author`, videos of accounts the viewer mutes are left out. An unknown
    author or
    tag gives an empty page.

    Args:
        limit (int | Unset):  Example: 20.
        cursor (None | str | Unset):  Example:
            WyIyMDI2LTEyLTAxVDEyOjAwOjAwKzAwOjAwIiw0Ml0.LslTKmYK7lpgldhJ-jp8l40ICiI.
        author (str | Unset):
        hashtag (str | Unset):
        q (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | VideoPage]
    """

    kwargs = _get_kwargs(
        limit=limit,
        cursor=cursor,
        author=author,
        hashtag=hashtag,
        q=q,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    limit: int | Unset = UNSET,
    cursor: None | str | Unset = UNSET,
    author: str | Unset = UNSET,
    hashtag: str | Unset = UNSET,
    q: str | Unset = UNSET,
) -> Error | VideoPage | None:
    """Newest videos, optionally by author, hashtag or caption words

     Public (a token fills `liked_by_me` and the other viewer fields). Ready videos visible
    to the viewer, newest first: `author` (a username), `hashtag` (with or without `#`) and
    `q` (whole words, every one in the caption, without regard to case) narrow the list and
    may be combined. Without `author`, videos of accounts the viewer mutes are left out. An unknown
    author or
    tag gives an empty page.

    Args:
        limit (int | Unset):  Example: 20.
        cursor (None | str | Unset):  Example:
            WyIyMDI2LTEyLTAxVDEyOjAwOjAwKzAwOjAwIiw0Ml0.LslTKmYK7lpgldhJ-jp8l40ICiI.
        author (str | Unset):
        hashtag (str | Unset):
        q (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | VideoPage
    """

    return sync_detailed(
        client=client,
        limit=limit,
        cursor=cursor,
        author=author,
        hashtag=hashtag,
        q=q,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    limit: int | Unset = UNSET,
    cursor: None | str | Unset = UNSET,
    author: str | Unset = UNSET,
    hashtag: str | Unset = UNSET,
    q: str | Unset = UNSET,
) -> Response[Error | VideoPage]:
    """Newest videos, optionally by author, hashtag or caption words

     Public (a token fills `liked_by_me` and the other viewer fields). Ready videos visible
    to the viewer, newest first: `author` (a username), `hashtag` (with or without `#`) and
    `q` (whole words, every one in the caption, without regard to case) narrow the list and
    may be combined. Without `author`, videos of accounts the viewer mutes are left out. An unknown
    author or
    tag gives an empty page.

    Args:
        limit (int | Unset):  Example: 20.
        cursor (None | str | Unset):  Example:
            WyIyMDI2LTEyLTAxVDEyOjAwOjAwKzAwOjAwIiw0Ml0.LslTKmYK7lpgldhJ-jp8l40ICiI.
        author (str | Unset):
        hashtag (str | Unset):
        q (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | VideoPage]
    """

    kwargs = _get_kwargs(
        limit=limit,
        cursor=cursor,
        author=author,
        hashtag=hashtag,
        q=q,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    limit: int | Unset = UNSET,
    cursor: None | str | Unset = UNSET,
    author: str | Unset = UNSET,
    hashtag: str | Unset = UNSET,
    q: str | Unset = UNSET,
) -> Error | VideoPage | None:
    """Newest videos, optionally by author, hashtag or caption words

     Public (a token fills `liked_by_me` and the other viewer fields). Ready videos visible
    to the viewer, newest first: `author` (a username), `hashtag` (with or without `#`) and
    `q` (whole words, every one in the caption, without regard to case) narrow the list and
    may be combined. Without `author`, videos of accounts the viewer mutes are left out. An unknown
    author or
    tag gives an empty page.

    Args:
        limit (int | Unset):  Example: 20.
        cursor (None | str | Unset):  Example:
            WyIyMDI2LTEyLTAxVDEyOjAwOjAwKzAwOjAwIiw0Ml0.LslTKmYK7lpgldhJ-jp8l40ICiI.
        author (str | Unset):
        hashtag (str | Unset):
        q (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | VideoPage
    """

    return (
        await asyncio_detailed(
            client=client,
            limit=limit,
            cursor=cursor,
            author=author,
            hashtag=hashtag,
            q=q,
        )
    ).parsed
