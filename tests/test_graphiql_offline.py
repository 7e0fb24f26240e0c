"""GraphiQL works with nothing reachable but the service: headless Chromium loads GET /graphql with every request
to another host refused, runs a query from the page and shows the answer; a subscription goes over ws to /graphql.
Production serves neither the page nor its files."""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from urllib.parse import quote, urlsplit

import httpx
import pytest
from playwright.async_api import ConsoleMessage, Error, Page, Route, WebSocket, async_playwright, expect

from service.app import create_app
from service.config import Settings
from tests.fixtures.database import DatabaseUnderTest
from tests.fixtures.server import LiveServer, live_server

QUERY = "{ jurisdictions(first: 1) { totalCount } }"
# Anonymous callers may not subscribe: the refusal has to travel back over the WebSocket to reach the page.
SUBSCRIPTION = "subscription { myReviewRequestEvents { type } }"
ASSETS = {
    "/static/graphiql/react.production.min.js",
    "/static/graphiql/react-dom.production.min.js",
    "/static/graphiql/graphiql.min.js",
    "/static/graphiql/graphiql.min.css",
    "/static/graphiql/start.js",
}
WAIT_MS = 10_000


def chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    assert found, "headless Chromium is needed (scripts/test installs Debian's chromium)"
    return found


@dataclass
class Traffic:
    """What the page asked for: paths on the service, and anything else (refused, and the test fails on it)."""

    service: str
    paths: list[str] = field(default_factory=list)
    elsewhere: list[str] = field(default_factory=list)
    sockets: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    async def route(self, route: Route) -> None:
        url = urlsplit(route.request.url)
        if url.netloc != self.service:
            self.elsewhere.append(route.request.url)
            await route.abort("blockedbyclient")
            return
        self.paths.append(url.path)
        await route.continue_()

    def socket(self, socket: WebSocket) -> None:
        self.sockets.append(socket.url)
        if urlsplit(socket.url).netloc != self.service:
            self.elsewhere.append(socket.url)

    def console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.errors.append(message.text)

    def page_error(self, error: Error) -> None:
        self.errors.append(str(error))


@pytest.fixture(scope="module")
async def server(catalog_db: DatabaseUnderTest) -> AsyncIterator[LiveServer]:
    async with live_server(catalog_db) as running:
        yield running


@pytest.fixture
async def page(server: LiveServer) -> AsyncIterator[tuple[Page, Traffic]]:
    traffic = Traffic(service=urlsplit(server.base_url).netloc)
    async with async_playwright() as playwright:
        # Debian's Chromium, not a browser downloaded by Playwright: nothing is fetched to run this test.
        browser = await playwright.chromium.launch(executable_path=chromium())
        try:
            page = await browser.new_page()
            # Every request of the page passes here, so one to another host is both refused and recorded.
            await page.route("**/*", traffic.route)
            page.on("websocket", traffic.socket)
            # A script refused by the page's Content-Security-Policy, or failing, shows up here.
            page.on("console", traffic.console)
            page.on("pageerror", traffic.page_error)
            yield page, traffic
        finally:
            await browser.close()


async def run_in_graphiql(page: Page, base_url: str, operation: str) -> str:
    """Open GraphiQL on `operation` (a shared-query link), press the run button, return the response pane's text."""
    await page.goto(f"{base_url}/graphql?q={quote(operation)}")
    await expect(page.locator(".graphiql-query-editor")).to_contain_text(operation, timeout=WAIT_MS)
    await page.locator(".graphiql-execute-button").click()
    response = page.locator(".graphiql-response")
    await expect(response).to_contain_text('"', timeout=WAIT_MS)
    return await response.inner_text()


async def test_graphiql_runs_a_query_with_only_the_service_reachable(
    server: LiveServer, page: tuple[Page, Traffic]
) -> None:
    # given: how many jurisdictions the API reports
    async with httpx.AsyncClient(base_url=server.base_url) as http:
        expected = (await http.post("/graphql", json={"query": QUERY})).json()["data"]["jurisdictions"]["totalCount"]
    browser_page, traffic = page
    # when
    shown = await run_in_graphiql(browser_page, server.base_url, QUERY)
    # then: the answer is on the page, everything came from the service, and nothing else was asked for
    assert f'"totalCount": {expected}' in shown, shown
    assert set(traffic.paths) >= ASSETS
    assert traffic.elsewhere == []
    assert traffic.errors == []


async def test_graphiql_subscribes_over_a_websocket_to_the_service(
    server: LiveServer, page: tuple[Page, Traffic]
) -> None:
    browser_page, traffic = page
    shown = await run_in_graphiql(browser_page, server.base_url, SUBSCRIPTION)
    # the service's own refusal, so the graphql-transport-ws handshake to /graphql went through
    assert "UNAUTHENTICATED" in shown or "FORBIDDEN" in shown, shown
    assert traffic.sockets == [server.ws_url]
    assert traffic.elsewhere == []


async def test_production_serves_neither_graphiql_nor_its_files(catalog_db: DatabaseUnderTest) -> None:
    app = create_app(Settings(database_url=catalog_db.url, env="production"), engine=catalog_db.engine)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://hia.test") as http:
        page = await http.get("/graphql", headers={"accept": "text/html"})
        asset = await http.get("/static/graphiql/graphiql.min.js")
    assert "graphiql" not in page.text.lower()
    assert asset.status_code == 404
