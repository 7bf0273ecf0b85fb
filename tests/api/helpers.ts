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
