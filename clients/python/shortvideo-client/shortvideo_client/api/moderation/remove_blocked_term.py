from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...types import Response


def _get_kwargs(
    term_id: int,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "delete",
        "url": "/api/moderation/blocked-terms/{term_id}".format(
            term_id=quote(str(term_id), safe=""),
        ),
    }

    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Any | Error | None:
    if response.status_code == 204:
        response_204 = cast(Any, None)
        return response_204

    if response.status_code == 401:
        response_401 = Error.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = Error.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = Error.from_dict(response.json())

        return response_404

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
    term_id: int,
    *,
    client: AuthenticatedClient,
) -> Response[Any | Error]:
    """Unblock a term

     Moderators and admins only. Text with the term is accepted again (each process rereads
    the terms within `BLOCKED_TERMS_CACHE_SECONDS`); 204. Recorded in the audit log.

    Args:
        term_id (int):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Error]
    """

    kwargs = _get_kwargs(
        term_id=term_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    term_id: int,
    *,
    client: AuthenticatedClient,
) -> Any | Error | None:
    """Unblock a term

     Moderators and admins only. Text with the term is accepted again (each process rereads
    the terms within `BLOCKED_TERMS_CACHE_SECONDS`); 204. Recorded in the audit log.

    Args:
        term_id (int):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Error
    """

    return sync_detailed(
        term_id=term_id,
        client=client,
    ).parsed


async def asyncio_detailed(
    term_id: int,
    *,
    client: AuthenticatedClient,
) -> Response[Any | Error]:
    """Unblock a term

     Moderators and admins only. Text with the term is accepted again (each process rereads
    the terms within `BLOCKED_TERMS_CACHE_SECONDS`); 204. Recorded in the audit log.

    Args:
        term_id (int):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Error]
    """

    kwargs = _get_kwargs(
        term_id=term_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    term_id: int,
    *,
    client: AuthenticatedClient,
) -> Any | Error | None:
    """Unblock a term

     Moderators and admins only. Text with the term is accepted again (each process rereads
    the terms within `BLOCKED_TERMS_CACHE_SECONDS`); 204. Recorded in the audit log.

    Args:
        term_id (int):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Error
    """

    return (
        await asyncio_detailed(
            term_id=term_id,
            client=client,
        )
    ).parsed
