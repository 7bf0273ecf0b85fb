import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";

import {
  offeredPublicFiles,
  resolveInBundle,
  toChallengeView,
} from "@/app/_lib/challenge-view";
import { logger } from "@/lib/log";
import { getChallengeBySlug } from "@/lib/server/challenges";

const contentTypes: Record<string, string> = {
  ".csv": "text/csv; charset=utf-8",
  ".gz": "application/gzip",
  ".json": "application/json",
  ".md": "text/markdown; charset=utf-8",
  ".png": "image/png",
  ".svg": "image/svg+xml",
  ".txt": "text/plain; charset=utf-8",
  ".zip": "application/zip",
};

function notFound(message: string): Response {
  return Response.json(
    { error: { code: "not_found:file", message } },
    { status: 404 },
  );
}

/**
 * Streams one public file of a challenge. Only paths that the definition
 * lists as public are served; any other path, including the answer key,
 * gets a 404 whether or not the file exists.
 */
export async function GET(
  _request: Request,
  { params }: { params: Promise<{ slug: string; path: string[] }> },
): Promise<Response> {
  const { slug, path: segments } = await params;
  const relativePath = segments.join("/");

  const row = await getChallengeBySlug(slug);
  if (!row) return notFound(`No challenge has the slug ${slug}.`);
  const view = toChallengeView(row);

  const listed = offeredPublicFiles(view).find((file) => file.path === relativePath);
  const file = listed ? resolveInBundle(view, listed.path) : undefined;
  if (!file) {
    return notFound(
      `${relativePath} is not a public file of ${slug}. The data tab lists the files you can download.`,
    );
  }

  let size: number;
  try {
    const info = await stat(/*turbopackIgnore: true*/ file);
    if (!info.isFile()) throw new Error("not a regular file");
    size = info.size;
  } catch (error) {
    logger.warn({ slug, file: relativePath, err: error }, "public file missing");
    return notFound(
      `${relativePath} has not been generated yet. Ask the course staff to prepare the challenge data.`,
    );
  }

  const name = path.posix.basename(relativePath);
  const type =
    contentTypes[path.extname(name).toLowerCase()] ?? "application/octet-stream";
  const body = Readable.toWeb(createReadStream(/*turbopackIgnore: true*/ file)) as ReadableStream<Uint8Array>;
  return new Response(body, {
    headers: {
      "Content-Type": type,
      "Content-Length": String(size),
      "Content-Disposition": `attachment; filename*=UTF-8''${encodeURIComponent(name)}`,
      "X-Content-Type-Options": "nosniff",
      "Cache-Control": "private, max-age=300",
    },
  });
}
