import assert from "node:assert/strict";
import { readdirSync, statSync } from "node:fs";
import path from "node:path";

/** The folder of the API tests' bundles (api-auc) and upload files. */
export const apiFixturesDir = path.join(process.cwd(), "tests/api/fixtures");

export const baseUrl = "http://127.0.0.1:3000";

/** A route handler as Next calls it. */
export type Handler<Params> = (
  request: Request,
  context: { params: Promise<Params> },
) => Promise<Response>;

export interface CallOptions {
  method?: string;
  token?: string;
  cookie?: string;
  headers?: Record<string, string>;
  body?: BodyInit;
  query?: string;
}

/** Calls a route handler with a real Request, as Next would. */
export async function call<Params>(
  handler: Handler<Params>,
  params: Params,
  urlPath: string,
  options: CallOptions = {},
): Promise<Response> {
  const headers: Record<string, string> = { host: "127.0.0.1:3000", ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.cookie) headers.cookie = options.cookie;
  const request = new Request(`${baseUrl}${urlPath}${options.query ?? ""}`, {
    method: options.method ?? "GET",
    headers,
    body: options.body,
  });
  return handler(request, { params: Promise.resolve(params) });
}

/** Reads a JSON error body and checks its status and code. */
export async function expectError(
  response: Response,
  status: number,
  code: string,
): Promise<{ code: string; message: string; details?: unknown }> {
  const body = (await response.json()) as {
    error?: { code: string; message: string; details?: unknown };
  };
  assert.equal(response.status, status, JSON.stringify(body));
  assert.ok(body.error, "the body has no error object");
  assert.equal(body.error.code, code);
  assert.equal(typeof body.error.message, "string");
  return body.error;
}

/** Builds a multipart body with the file in `file`. */
export function uploadForm(
  content: string,
  fileName = "predictions.csv",
  description?: string,
): FormData {
  const form = new FormData();
  if (description !== undefined) form.set("description", description);
  form.set("file", new Blob([content]), fileName);
  return form;
}

/** Lists the stored uploads below a data folder, temporary files included. */
export function listUploads(dataDir: string): string[] {
  const root = path.join(dataDir, "uploads");
  const found: string[] = [];
  const walk = (dir: string) => {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      return;
    }
    for (const name of names) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else found.push(full);
    }
  };
  walk(root);
  return found.sort();
}

/** A route of the loopback test server: a path pattern with `:name` parts. */
export interface ServedRoute {
  method: string;
  pattern: string;
  handler: Handler<Record<string, string>>;
}

function matchPattern(pattern: string, pathname: string): Record<string, string> | undefined {
  const expected = pattern.split("/");
  const actual = pathname.split("/");
  if (expected.length !== actual.length) return undefined;
  const params: Record<string, string> = {};
  for (const [index, part] of expected.entries()) {
    const value = actual[index] ?? "";
    if (part.startsWith(":")) params[part.slice(1)] = decodeURIComponent(value);
    else if (part !== value) return undefined;
  }
  return params;
}

/**
 * Serves route handlers over HTTP on 127.0.0.1 with a random port, turning
 * each Node request into a fetch Request the way Next does, so that a
 * client such as `arena submit` can be tested over a real socket.
 */
export async function serveRoutes(
  routes: ServedRoute[],
): Promise<{ url: string; close(): Promise<void> }> {
  const { createServer } = await import("node:http");
  const { Readable } = await import("node:stream");
  const server = createServer((incoming, outgoing) => {
    void (async () => {
      const url = new URL(incoming.url ?? "/", "http://127.0.0.1");
      const route = routes
        .filter((candidate) => candidate.method === incoming.method)
        .map((candidate) => ({ candidate, params: matchPattern(candidate.pattern, url.pathname) }))
        .find((entry) => entry.params !== undefined);
      if (!route?.params) {
        outgoing.writeHead(404).end();
        return;
      }
      const headers = new Headers();
      for (const [name, value] of Object.entries(incoming.headers)) {
        if (typeof value === "string") headers.set(name, value);
      }
      const hasBody = incoming.method !== "GET" && incoming.method !== "HEAD";
      const request = new Request(`http://${incoming.headers.host}${incoming.url}`, {
        method: incoming.method,
        headers,
        body: hasBody ? (Readable.toWeb(incoming) as ReadableStream<Uint8Array>) : undefined,
        duplex: "half",
      } as RequestInit);
      const response = await route.candidate.handler(request, {
        params: Promise.resolve(route.params),
      });
      outgoing.writeHead(response.status, Object.fromEntries(response.headers));
      outgoing.end(Buffer.from(await response.arrayBuffer()));
    })().catch((error: unknown) => {
      outgoing.writeHead(500).end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (!address || typeof address === "string") throw new Error("the test server has no port");
  return {
    url: `http://127.0.0.1:${address.port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
