from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...types import UNSET, File, Response


def _get_kwargs(
    upload_id: str,
    number: int,
    *,
    body: File,
    token: str,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    params: dict[str, Any] = {}

    params["token"] = token

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "put",
        "url": "/api/uploads/{upload_id}/parts/{number}".format(
            upload_id=quote(str(upload_id), safe=""),
            number=quote(str(number), safe=""),
        ),
        "params": params,
    }

    _kwargs["content"] = body.payload
    headers["Content-Type"] = "application/octet-stream"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Any | Error | None:
    if response.status_code == 200:
        response_200 = cast(Any, None)
        return response_200

    if response.status_code == 400:
        response_400 = Error.from_dict(response.json())

        return response_400

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
    upload_id: str,
    number: int,
    *,
    client: AuthenticatedClient | Client,
    body: File,
    token: str,
) -> Response[Any | Error]:
    """Send one part's bytes (local storage; the URL comes from the upload)

     Exactly the part's `size`, else a 400 and nothing is kept.

    Args:
        upload_id (str):
        number (int):
        token (str):
        body (File):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Error]
    """

    kwargs = _get_kwargs(
        upload_id=upload_id,
        number=number,
        body=body,
        token=token,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    upload_id: str,
    number: int,
    *,
    client: AuthenticatedClient | Client,
    body: File,
    token: str,
) -> Any | Error | None:
    """Send one part's bytes (local storage; the URL comes from the upload)

     Exactly the part's `size`, else a 400 and nothing is kept.

    Args:
        upload_id (str):
        number (int):
        token (str):
        body (File):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Error
    """

    return sync_detailed(
        upload_id=upload_id,
        number=number,
        client=client,
        body=body,
        token=token,
    ).parsed


async def asyncio_detailed(
    upload_id: str,
    number: int,
    *,
    client: AuthenticatedClient | Client,
    body: File,
    token: str,
) -> Response[Any | Error]:
    """Send one part's bytes (local storage; the URL comes from the upload)

     Exactly the part's `size`, else a 400 and nothing is kept.

    Args:
        upload_id (str):
        number (int):
        token (str):
        body (File):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Error]
    """

    kwargs = _get_kwargs(
        upload_id=upload_id,
        number=number,
        body=body,
        token=token,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    upload_id: str,
    number: int,
    *,
    client: AuthenticatedClient | Client,
    body: File,
    token: str,
) -> Any | Error | None:
    """Send one part's bytes (local storage; the URL comes from the upload)

     Exactly the part's `size`, else a 400 and nothing is kept.

    Args:
        upload_id (str):
        number (int):
        token (str):
        body (File):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Error
    """

    return (
        await asyncio_detailed(
            upload_id=upload_id,
            number=number,
            client=client,
            body=body,
            token=token,
        )
    ).parsed
