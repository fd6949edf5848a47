from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.user_page import UserPage
from ...types import UNSET, Response, Unset


def _get_kwargs(
    username: str,
    *,
    limit: int | Unset = UNSET,
    cursor: None | str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["limit"] = limit

    json_cursor: None | str | Unset
    if isinstance(cursor, Unset):
        json_cursor = UNSET
    else:
        json_cursor = cursor
    params["cursor"] = json_cursor

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/users/{username}/followers".format(
            username=quote(str(username), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Error | UserPage | None:
    if response.status_code == 200:
        response_200 = UserPage.from_dict(response.json())

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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Error | UserPage]:
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
    limit: int | Unset = UNSET,
    cursor: None | str | Unset = UNSET,
) -> Response[Error | UserPage]:
    """Who follows a user, most recent first

     Public. The followers of a user the viewer may see (404 otherwise), most recent follow
    first.

    Args:
        username (str):
        limit (int | Unset):  Example: 20.
        cursor (None | str | Unset):  Example:
            WyIyMDI2LTEyLTAxVDEyOjAwOjAwKzAwOjAwIiw0Ml0.LslTKmYK7lpgldhJ-jp8l40ICiI.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | UserPage]
    """

    kwargs = _get_kwargs(
        username=username,
        limit=limit,
        cursor=cursor,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    username: str,
    *,
    client: AuthenticatedClient,
    limit: int | Unset = UNSET,
    cursor: None | str | Unset = UNSET,
) -> Error | UserPage | None:
    """Who follows a user, most recent first

     Public. The followers of a user the viewer may see (404 otherwise), most recent follow
    first.

    Args:
        username (str):
        limit (int | Unset):  Example: 20.
        cursor (None | str | Unset):  Example:
            WyIyMDI2LTEyLTAxVDEyOjAwOjAwKzAwOjAwIiw0Ml0.LslTKmYK7lpgldhJ-jp8l40ICiI.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | UserPage
    """

    return sync_detailed(
        username=username,
        client=client,
        limit=limit,
        cursor=cursor,
    ).parsed


async def asyncio_detailed(
    username: str,
    *,
    client: AuthenticatedClient,
    limit: int | Unset = UNSET,
    cursor: None | str | Unset = UNSET,
) -> Response[Error | UserPage]:
    """Who follows a user, most recent first

     Public. The followers of a user the viewer may see (404 otherwise), most recent follow
    first.

    Args:
        username (str):
        limit (int | Unset):  Example: 20.
        cursor (None | str | Unset):  Example:
            WyIyMDI2LTEyLTAxVDEyOjAwOjAwKzAwOjAwIiw0Ml0.LslTKmYK7lpgldhJ-jp8l40ICiI.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | UserPage]
    """

    kwargs = _get_kwargs(
        username=username,
        limit=limit,
        cursor=cursor,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    username: str,
    *,
    client: AuthenticatedClient,
    limit: int | Unset = UNSET,
    cursor: None | str | Unset = UNSET,
) -> Error | UserPage | None:
    """Who follows a user, most recent first

     Public. The followers of a user the viewer may see (404 otherwise), most recent follow
    first.

    Args:
        username (str):
        limit (int | Unset):  Example: 20.
        cursor (None | str | Unset):  Example:
            WyIyMDI2LTEyLTAxVDEyOjAwOjAwKzAwOjAwIiw0Ml0.LslTKmYK7lpgldhJ-jp8l40ICiI.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | UserPage
    """

    return (
        await asyncio_detailed(
            username=username,
            client=client,
            limit=limit,
            cursor=cursor,
        )
    ).parsed
