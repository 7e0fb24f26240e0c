"""The HTTP edge of /graphql: what reaches the GraphQL engine at all, and the access log.

- POST only with `Content-Type: application/json` (form posts are how cross-site requests forge
  mutations); GET serves GraphiQL and nothing else.
- The request body is limited (HIA_MAX_BODY_BYTES), counted as it streams, not trusted from headers.
- Each request has a time limit (HIA_REQUEST_TIMEOUT_S); PostgreSQL has its own statement_timeout.
- WebSocket connections must come from an allowed origin (same host, or HIA_ALLOWED_ORIGINS).
- One JSON line per request on the `hia.access` logger: principal, operation, status, duration, outcome.
  Tokens and request bodies are never logged.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from typing import Any
from urllib.parse import urlsplit

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from service.config import Settings

access_log = logging.getLogger("hia.access")


class BodyTooLarge(Exception):
    pass


async def _respond(send: Send, status: int, message: str, code: str) -> None:
    body = json.dumps({"errors": [{"message": message, "extensions": {"code": code}}]}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())],
        }
    )
    await send({"type": "http.response.body", "body": body})


def _header(scope: Scope, name: bytes) -> str:
    for key, value in scope.get("headers", []):
        if key == name:
            return str(value.decode("latin-1"))
    return ""


class GraphQLGuard:
    def __init__(self, app: ASGIApp, settings: Settings, path: str = "/graphql") -> None:
        self.app = app
        self.settings = settings
        self.path = path

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "websocket" and scope["path"] == self.path:
            await self._websocket(scope, receive, send)
            return
        if scope["type"] != "http" or scope["path"] != self.path:
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = [0]

        async def tracking_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                status[0] = message["status"]
            await send(message)

        try:
            await self._http(scope, receive, tracking_send)
        finally:
            self._log(scope, status[0], time.perf_counter() - started)

    async def _http(self, scope: Scope, receive: Receive, send: Send) -> None:
        method = scope["method"]
        if method == "POST" and not _header(scope, b"content-type").lower().startswith("application/json"):
            await _respond(
                send, 415, "POST /graphql takes Content-Type: application/json only", "UNSUPPORTED_MEDIA_TYPE"
            )
            return
        if method not in ("GET", "POST"):
            await _respond(send, 405, "use POST with application/json", "METHOD_NOT_ALLOWED")
            return
        limit = self.settings.max_body_bytes
        declared = _header(scope, b"content-length")
        if declared.isascii() and declared.isdigit() and (len(declared) > 18 or int(declared) > limit):
            await _respond(send, 413, f"the request body is over the limit of {limit:,} bytes", "BODY_TOO_LARGE")
            return
        received = [0]

        async def limited_receive() -> Message:
            message = await receive()
            if message["type"] == "http.request":
                received[0] += len(message.get("body", b""))
                if received[0] > limit:
                    raise BodyTooLarge
            return message

        responded = [False]

        async def watched_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                responded[0] = True
            await send(message)

        try:
            await asyncio.wait_for(self.app(scope, limited_receive, watched_send), self.settings.request_timeout_s)
        except BodyTooLarge:
            if not responded[0]:
                await _respond(send, 413, f"the request body is over the limit of {limit:,} bytes", "BODY_TOO_LARGE")
        except TimeoutError:
            if not responded[0]:
                await _respond(
                    send,
                    503,
                    f"the request took longer than the limit of {self.settings.request_timeout_s} s",
                    "TIMEOUT",
                )

    async def _websocket(self, scope: Scope, receive: Receive, send: Send) -> None:
        origin = _header(scope, b"origin")
        host = _header(scope, b"host")
        allowed = not origin or urlsplit(origin).netloc == host or origin in self.settings.allowed_origins
        if not allowed:
            await receive()  # the websocket.connect message
            await send({"type": "websocket.close", "code": 4403, "reason": "origin not allowed"})
            return
        await self.app(scope, receive, send)

    def _log(self, scope: Scope, status: int, seconds: float) -> None:
        state: dict[str, Any] = scope.get("state") or {}
        principal = state.get("principal")
        access_log.info(
            json.dumps(
                {
                    "method": scope["method"],
                    "path": scope["path"],
                    "status": status,
                    "duration_ms": round(seconds * 1000, 2),
                    "user": getattr(principal, "user", None),
                    "role": getattr(getattr(principal, "role", None), "value", None),
                    "token": getattr(principal, "token_prefix", None),
                    "operation": state.get("operation_name"),
                    "outcome": state.get("outcome"),
                },
                ensure_ascii=False,
            )
        )
