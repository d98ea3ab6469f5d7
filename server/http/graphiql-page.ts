import { createHash } from "node:crypto";
import type http from "node:http";
import { gzipSync } from "node:zlib";
import type { GraphiQLOptions } from "graphql-yoga";

/**
 * GraphiQL served from Drover's own dependencies (the build that
 * @graphql-yoga/render-graphiql ships), so it works without a network:
 * Yoga's default page loads its code from a public CDN and stays blank on
 * "Loading…" offline. The page itself is small and holds no secret; the
 * ~8 MB of code and editor workers are separate, cacheable files under
 * /graphiql/.
 */
export const GRAPHIQL_ASSETS_PATH = "/graphiql/";

interface Asset {
  type: string;
  body: Buffer;
  gzip: Buffer;
  etag: string;
}

let assets: Promise<Map<string, Asset>> | null = null;

function loadAssets(): Promise<Map<string, Asset>> {
  assets ??= (async () => {
    // Imported on first use: the strings are large and most processes (tests, agents) never serve them.
    const g = await import("@graphql-yoga/render-graphiql/graphiql");
    const files: [string, string, string][] = [
      ["graphiql.js", "text/javascript; charset=utf-8", g.js],
      ["graphiql.css", "text/css; charset=utf-8", g.css],
      ["editor.worker.js", "text/javascript; charset=utf-8", g.editorWorkerService],
      ["json.worker.js", "text/javascript; charset=utf-8", g.jsonWorker],
      ["graphql.worker.js", "text/javascript; charset=utf-8", g.graphqlWorker],
      ["drover-graphiql.js", "text/javascript; charset=utf-8", BOOT_SCRIPT],
    ];
    const map = new Map<string, Asset>();
    for (const [name, type, text] of files) {
      const body = Buffer.from(text);
      map.set(name, { type, body, gzip: gzipSync(body), etag: `"${createHash("sha256").update(body).digest("base64url").slice(0, 16)}"` });
    }
    const icon = /^data:([^;]+);base64,(.*)$/s.exec(g.favicon);
    if (icon) {
      const body = Buffer.from(icon[2]!, "base64");
      map.set("favicon.ico", { type: icon[1]!, body, gzip: gzipSync(body), etag: `"${createHash("sha256").update(body).digest("base64url").slice(0, 16)}"` });
    }
    return map;
  })();
  return assets;
}

/** Serves a file under /graphiql/; false when `pathname` is not one. */
export async function serveGraphiqlAsset(pathname: string, req: http.IncomingMessage, res: http.ServerResponse): Promise<boolean> {
  if (!pathname.startsWith(GRAPHIQL_ASSETS_PATH)) return false;
  const asset = (await loadAssets()).get(pathname.slice(GRAPHIQL_ASSETS_PATH.length));
  if (!asset || (req.method !== "GET" && req.method !== "HEAD")) {
    res.writeHead(404, { "content-type": "text/plain" }).end("not found\n");
    return true;
  }
  const headers: http.OutgoingHttpHeaders = {
    "content-type": asset.type,
    etag: asset.etag,
    // Names do not change with the content, so clients revalidate (a 304) after an hour.
    "cache-control": "public, max-age=3600",
    vary: "accept-encoding",
    "x-content-type-options": "nosniff",
  };
  if (req.headers["if-none-match"] === asset.etag) {
    res.writeHead(304, headers).end();
    return true;
  }
  const gzip = /\bgzip\b/.test(String(req.headers["accept-encoding"] ?? ""));
  const body = gzip ? asset.gzip : asset.body;
  res.writeHead(200, { ...headers, ...(gzip ? { "content-encoding": "gzip" } : {}), "content-length": body.length });
  res.end(req.method === "HEAD" ? undefined : body);
  return true;
}

/** The GraphiQL page: markup, the options as JSON data, and the scripts above. */
export function renderGraphiqlPage(options: GraphiQLOptions): string {
  // JSON inside a <script type="application/json"> block: "<" is escaped so no text in the options can close the block.
  const json = JSON.stringify(options).replace(/</g, "\\u003c");
  const title = String(options.title ?? "GraphiQL").replace(/[<>&"]/g, "");
  const a = GRAPHIQL_ASSETS_PATH;
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>${title}</title>
    <link rel="icon" href="${a}favicon.ico" />
    <link rel="stylesheet" href="${a}graphiql.css" />
    <style>
      #drover-token-form { font-family: system-ui, sans-serif; max-width: 36rem; margin: 12vh auto; padding: 2rem; line-height: 1.5; }
      #drover-token-form input { width: 100%; font: inherit; padding: .4rem; box-sizing: border-box; }
      #drover-token-form code { background: #eee; padding: 0 .25rem; }
      #drover-token-error { color: #b00020; }
      #drover-forget { position: fixed; right: .5rem; bottom: .3rem; z-index: 10; font: 12px system-ui, sans-serif; }
    </style>
  </head>
  <body id="body" class="no-focus-outline">
    <noscript>GraphiQL needs JavaScript.</noscript>
    <div id="root"></div>
    <script id="drover-graphiql-options" type="application/json">${json}</script>
    <script src="${a}graphiql.js"></script>
    <script src="${a}drover-graphiql.js"></script>
  </body>
</html>
`;
}

/**
 * Runs in the browser. GraphiQL asks for a token once and keeps it in this
 * browser's localStorage for this address: no page carries a secret, so a
 * cross-origin read of the page (which CORS already refuses) would find none.
 * The token is checked against the server before it is kept.
 */
const BOOT_SCRIPT = String.raw`(function () {
  var KEY = "drover:token";
  var options = JSON.parse(document.getElementById("drover-graphiql-options").textContent);
  var root = document.getElementById("root");
  var workers = { editorWorkerService: "editor.worker.js", json: "json.worker.js", graphql: "graphql.worker.js" };
  self.MonacoEnvironment = {
    globalAPI: false,
    getWorkerUrl: function (_moduleId, label) { return "${GRAPHIQL_ASSETS_PATH}" + (workers[label] || workers.editorWorkerService); },
  };

  // GraphiQL re-renders its tab bar between pointerdown and pointerup, so the
  // click of a tab often lands on the bar instead of the tab and nothing
  // switches (the editor keeps the previous tab's text). Hand such a click to
  // the tab that was pressed.
  var pressedTab = null;
  document.addEventListener("pointerdown", function (e) {
    var tab = e.target.closest && e.target.closest(".graphiql-tab-button");
    pressedTab = tab ? tab.id : null;
  }, true);
  document.addEventListener("click", function (e) {
    var id = pressedTab;
    pressedTab = null;
    if (!id || !e.isTrusted || (e.target.closest && e.target.closest(".graphiql-tab"))) return;
    var tab = document.getElementById(id);
    if (tab) tab.click();
  }, true);

  function start(token) {
    options.additionalHeaders = { Authorization: "Bearer " + token };
    var forget = document.createElement("button");
    forget.id = "drover-forget";
    forget.textContent = "Forget token";
    forget.title = "Remove the token from this browser and ask again";
    forget.onclick = function () { localStorage.removeItem(KEY); location.reload(); };
    document.body.appendChild(forget);
    YogaGraphiQL.renderYogaGraphiQL(root, options);
  }

  function check(token) {
    return fetch(location.pathname, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: "Bearer " + token },
      body: JSON.stringify({ query: "{ __typename }" }),
    }).then(function (res) {
      if (res.status === 401) throw new Error("The server does not accept this token (missing, expired or revoked).");
      if (!res.ok) throw new Error("The server answered " + res.status + ".");
    });
  }

  function ask() {
    root.innerHTML =
      '<form id="drover-token-form">' +
      "<h1>Drover GraphiQL</h1>" +
      '<p><label for="drover-token">Token</label><br /><input id="drover-token" type="password" autocomplete="off" autofocus /></p>' +
      "<p>The quickstart writes its admin token to <code>.drover/admin.token</code> beside the server " +
      "(<code>cat .drover/admin.token</code>); <code>drover token create</code> makes others. " +
      "It is kept in this browser's local storage for this address until you press Forget token.</p>" +
      '<p id="drover-token-error" role="alert"></p>' +
      '<p><button id="drover-token-submit" type="submit">Open GraphiQL</button></p>' +
      "</form>";
    var form = document.getElementById("drover-token-form");
    form.onsubmit = function (e) {
      e.preventDefault();
      var token = document.getElementById("drover-token").value.trim().replace(/^Bearer\s+/i, "");
      check(token).then(
        function () { localStorage.setItem(KEY, token); root.innerHTML = ""; start(token); },
        function (err) { document.getElementById("drover-token-error").textContent = err.message; },
      );
    };
  }

  var saved = localStorage.getItem(KEY);
  if (saved) check(saved).then(function () { start(saved); }, function () { localStorage.removeItem(KEY); ask(); });
  else ask();
})();
`;
