from http import HTTPStatus
from typing import Any, cast

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.account_delete import AccountDelete
from ...models.error import Error
from ...types import Response


def _get_kwargs(
    *,
    body: AccountDelete,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "delete",
        "url": "/api/auth/me",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Any | Error | None:
    if response.status_code == 204:
        response_204 = cast(Any, None)
        return response_204

    if response.status_code == 400:
        response_400 = Error.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = Error.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = Error.from_dict(response.json())

        return response_403

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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Any | Error]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: AccountDelete,
) -> Response[Any | Error]:
    """Delete the account and everything it made

     Signed in; `password` confirms it (a wrong one is a 401 and deletes nothing). The
    account and everything it made (videos and their files, comments, likes, follows,
    bookmarks, uploads, its export) are deleted and every counter that included them is
    updated; 204. Failed password checks are rate limited (429).

    Args:
        body (AccountDelete):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Error]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    body: AccountDelete,
) -> Any | Error | None:
    """Delete the account and everything it made

     Signed in; `password` confirms it (a wrong one is a 401 and deletes nothing). The
    account and everything it made (videos and their files, comments, likes, follows,
    bookmarks, uploads, its export) are deleted and every counter that included them is
    updated; 204. Failed password checks are rate limited (429).

    Args:
        body (AccountDelete):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Error
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: AccountDelete,
) -> Response[Any | Error]:
    """Delete the account and everything it made

     Signed in; `password` confirms it (a wrong one is a 401 and deletes nothing). The
    account and everything it made (videos and their files, comments, likes, follows,
    bookmarks, uploads, its export) are deleted and every counter that included them is
    updated; 204. Failed password checks are rate limited (429).

    Args:
        body (AccountDelete):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Error]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: AccountDelete,
) -> Any | Error | None:
    """Delete the account and everything it made

     Signed in; `password` confirms it (a wrong one is a 401 and deletes nothing). The
    account and everything it made (videos and their files, comments, likes, follows,
    bookmarks, uploads, its export) are deleted and every counter that included them is
    updated; 204. Failed password checks are rate limited (429).

    Args:
        body (AccountDelete):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Error
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
