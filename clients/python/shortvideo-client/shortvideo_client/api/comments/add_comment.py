from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.comment import Comment
from ...models.comment_create import CommentCreate
from ...models.error import Error
from ...types import UNSET, Response, Unset


def _get_kwargs(
    video_id: int,
    *,
    body: CommentCreate,
    idempotency_key: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/videos/{video_id}/comments".format(
            video_id=quote(str(video_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Comment | Error | None:
    if response.status_code == 201:
        response_201 = Comment.from_dict(response.json())

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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Comment | Error]:
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
    body: CommentCreate,
    idempotency_key: str | Unset = UNSET,
) -> Response[Comment | Error]:
    """Comment on a video, or reply to a top-level comment

     Signed in, on a video the viewer may see (404 otherwise). `body` is 1-150 characters;
    `parent_id` makes it a reply, and must be a top-level comment of the same video (422
    otherwise). A body with a blocked term is a 422. `@username` mentions notify those
    users. Rate limited (`RATELIMIT_COMMENT`, 429).

    Args:
        video_id (int):
        idempotency_key (str | Unset):
        body (CommentCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Comment | Error]
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
    body: CommentCreate,
    idempotency_key: str | Unset = UNSET,
) -> Comment | Error | None:
    """Comment on a video, or reply to a top-level comment

     Signed in, on a video the viewer may see (404 otherwise). `body` is 1-150 characters;
    `parent_id` makes it a reply, and must be a top-level comment of the same video (422
    otherwise). A body with a blocked term is a 422. `@username` mentions notify those
    users. Rate limited (`RATELIMIT_COMMENT`, 429).

    Args:
        video_id (int):
        idempotency_key (str | Unset):
        body (CommentCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Comment | Error
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
    body: CommentCreate,
    idempotency_key: str | Unset = UNSET,
) -> Response[Comment | Error]:
    """Comment on a video, or reply to a top-level comment

     Signed in, on a video the viewer may see (404 otherwise). `body` is 1-150 characters;
    `parent_id` makes it a reply, and must be a top-level comment of the same video (422
    otherwise). A body with a blocked term is a 422. `@username` mentions notify those
    users. Rate limited (`RATELIMIT_COMMENT`, 429).

    Args:
        video_id (int):
        idempotency_key (str | Unset):
        body (CommentCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Comment | Error]
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
    body: CommentCreate,
    idempotency_key: str | Unset = UNSET,
) -> Comment | Error | None:
    """Comment on a video, or reply to a top-level comment

     Signed in, on a video the viewer may see (404 otherwise). `body` is 1-150 characters;
    `parent_id` makes it a reply, and must be a top-level comment of the same video (422
    otherwise). A body with a blocked term is a 422. `@username` mentions notify those
    users. Rate limited (`RATELIMIT_COMMENT`, 429).

    Args:
        video_id (int):
        idempotency_key (str | Unset):
        body (CommentCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Comment | Error
    """

    return (
        await asyncio_detailed(
            video_id=video_id,
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
