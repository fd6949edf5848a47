from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.trending import Trending
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    limit: int | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["limit"] = limit

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/hashtags/trending",
        "params": params,
    }

    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Error | Trending | None:
    if response.status_code == 200:
        response_200 = Trending.from_dict(response.json())

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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Error | Trending]:
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
) -> Response[Error | Trending]:
    """The tags on the most videos posted in the last 24 hours, most first

     Public. Counts the tags of the videos posted in the last `TRENDING_HOURS` (24):
    `recent_count` in that window, `video_count` overall; ties by name. `limit` is 1-50 (422
    outside). Each server process computes the list at most once every
    `TRENDING_CACHE_SECONDS` (60), so a new video may take that long to count here.

    Args:
        limit (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | Trending]
    """

    kwargs = _get_kwargs(
        limit=limit,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    limit: int | Unset = UNSET,
) -> Error | Trending | None:
    """The tags on the most videos posted in the last 24 hours, most first

     Public. Counts the tags of the videos posted in the last `TRENDING_HOURS` (24):
    `recent_count` in that window, `video_count` overall; ties by name. `limit` is 1-50 (422
    outside). Each server process computes the list at most once every
    `TRENDING_CACHE_SECONDS` (60), so a new video may take that long to count here.

    Args:
        limit (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | Trending
    """

    return sync_detailed(
        client=client,
        limit=limit,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    limit: int | Unset = UNSET,
) -> Response[Error | Trending]:
    """The tags on the most videos posted in the last 24 hours, most first

     Public. Counts the tags of the videos posted in the last `TRENDING_HOURS` (24):
    `recent_count` in that window, `video_count` overall; ties by name. `limit` is 1-50 (422
    outside). Each server process computes the list at most once every
    `TRENDING_CACHE_SECONDS` (60), so a new video may take that long to count here.

    Args:
        limit (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | Trending]
    """

    kwargs = _get_kwargs(
        limit=limit,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    limit: int | Unset = UNSET,
) -> Error | Trending | None:
    """The tags on the most videos posted in the last 24 hours, most first

     Public. Counts the tags of the videos posted in the last `TRENDING_HOURS` (24):
    `recent_count` in that window, `video_count` overall; ties by name. `limit` is 1-50 (422
    outside). Each server process computes the list at most once every
    `TRENDING_CACHE_SECONDS` (60), so a new video may take that long to count here.

    Args:
        limit (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | Trending
    """

    return (
        await asyncio_detailed(
            client=client,
            limit=limit,
        )
    ).parsed
