// Mounts GraphiQL on the page that GET /graphql renders: queries and mutations go to the same URL as JSON POSTs,
// subscriptions over graphql-transport-ws on the same path. A file rather than an inline script, so that the
// page's Content-Security-Policy can allow scripts from this service only.
(function () {
  "use strict";

  var endpoint = new URL(window.location.pathname, window.location.origin);
  var subscriptions = new URL(endpoint);
  subscriptions.protocol = endpoint.protocol === "https:" ? "wss:" : "ws:";
  // ?q=...&variables=... open GraphiQL on a shared query (strawberry's page used the same names; `query` itself
  // would make GET /graphql try to run it).
  var shared = new URLSearchParams(window.location.search);

  var fetcher = GraphiQL.createFetcher({
    url: endpoint.href,
    subscriptionUrl: subscriptions.href,
  });

  // An Authorization header typed into the headers editor goes with every request; for subscriptions GraphiQL
  // sends the headers as connection_init's payload, where the service reads the token too.
  ReactDOM.createRoot(document.getElementById("graphiql")).render(
    React.createElement(GraphiQL, {
      fetcher: fetcher,
      query: shared.get("q") || undefined,
      variables: shared.get("variables") || undefined,
      defaultEditorToolsVisibility: true,
      // Bearer tokens stay out of localStorage unless the user turns this on in the settings.
      shouldPersistHeaders: false,
      inputValueDeprecation: true,
    }),
  );
})();
