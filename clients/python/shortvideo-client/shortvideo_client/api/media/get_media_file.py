from http import HTTPStatus
from io import BytesIO
from typing import Any, cast
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...types import UNSET, File, Response, Unset


def _get_kwargs(
    name: str,
    *,
    range_: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(range_, Unset):
        headers["Range"] = range_

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/media/{name}".format(
            name=quote(str(name), safe=""),
        ),
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Any | Error | File | None:
    if response.status_code == 200:
        response_200 = File(payload=BytesIO(response.content))

        return response_200

    if response.status_code == 206:
        response_206 = File(payload=BytesIO(response.content))

        return response_206

    if response.status_code == 304:
        response_304 = cast(Any, None)
        return response_304

    if response.status_code == 404:
        response_404 = Error.from_dict(response.json())

        return response_404

    if response.status_code == 416:
        response_416 = Error.from_dict(response.json())

        return response_416

    if response.status_code == 500:
        response_500 = Error.from_dict(response.json())

        return response_500

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Any | Error | File]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    name: str,
    *,
    client: AuthenticatedClient | Client,
    range_: str | Unset = UNSET,
) -> Response[Any | Error | File]:
    """A stored video or thumbnail (the development media server)

     Public. Where `video_url` and `thumbnail_url` point with local storage, when the API serves
    MEDIA_URL itself (SERVE_MEDIA, on in development; nginx or object storage serves media in
    production, and then this route does not exist). Not called through a client's methods: use the URLs
    as they are. MP4, QuickTime, WebM or JPEG, with `X-Content-Type-Options: nosniff`. A `Range` request
    is a 206 with `Content-Range`; a range beyond the file is a 416 (`Content-Range: bytes */SIZE`). 304
    for a matching If-None-Match or If-Modified-Since; 404 for any other name.

    Args:
        name (str):
        range_ (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Error | File]
    """

    kwargs = _get_kwargs(
        name=name,
        range_=range_,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    name: str,
    *,
    client: AuthenticatedClient | Client,
    range_: str | Unset = UNSET,
) -> Any | Error | File | None:
    """A stored video or thumbnail (the development media server)

     Public. Where `video_url` and `thumbnail_url` point with local storage, when the API serves
    MEDIA_URL itself (SERVE_MEDIA, on in development; nginx or object storage serves media in
    production, and then this route does not exist). Not called through a client's methods: use the URLs
    as they are. MP4, QuickTime, WebM or JPEG, with `X-Content-Type-Options: nosniff`. A `Range` request
    is a 206 with `Content-Range`; a range beyond the file is a 416 (`Content-Range: bytes */SIZE`). 304
    for a matching If-None-Match or If-Modified-Since; 404 for any other name.

    Args:
        name (str):
        range_ (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Error | File
    """

    return sync_detailed(
        name=name,
        client=client,
        range_=range_,
    ).parsed


async def asyncio_detailed(
    name: str,
    *,
    client: AuthenticatedClient | Client,
    range_: str | Unset = UNSET,
) -> Response[Any | Error | File]:
    """A stored video or thumbnail (the development media server)

     Public. Where `video_url` and `thumbnail_url` point with local storage, when the API serves
    MEDIA_URL itself (SERVE_MEDIA, on in development; nginx or object storage serves media in
    production, and then this route does not exist). Not called through a client's methods: use the URLs
    as they are. MP4, QuickTime, WebM or JPEG, with `X-Content-Type-Options: nosniff`. A `Range` request
    is a 206 with `Content-Range`; a range beyond the file is a 416 (`Content-Range: bytes */SIZE`). 304
    for a matching If-None-Match or If-Modified-Since; 404 for any other name.

    Args:
        name (str):
        range_ (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Error | File]
    """

    kwargs = _get_kwargs(
        name=name,
        range_=range_,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    name: str,
    *,
    client: AuthenticatedClient | Client,
    range_: str | Unset = UNSET,
) -> Any | Error | File | None:
    """A stored video or thumbnail (the development media server)

     Public. Where `video_url` and `thumbnail_url` point with local storage, when the API serves
    MEDIA_URL itself (SERVE_MEDIA, on in development; nginx or object storage serves media in
    production, and then this route does not exist). Not called through a client's methods: use the URLs
    as they are. MP4, QuickTime, WebM or JPEG, with `X-Content-Type-Options: nosniff`. A `Range` request
    is a 206 with `Content-Range`; a range beyond the file is a 416 (`Content-Range: bytes */SIZE`). 304
    for a matching If-None-Match or If-Modified-Since; 404 for any other name.

    Args:
        name (str):
        range_ (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Error | File
    """

    return (
        await asyncio_detailed(
            name=name,
            client=client,
            range_=range_,
        )
    ).parsed
