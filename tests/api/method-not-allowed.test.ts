import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { call, expectError, type Handler } from "./helpers";

const methods = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

// Each API route with the methods it serves; the URL is for messages only.
const routes: { module: string; url: string; params: Record<string, string>; served: string[] }[] = [
  { module: "challenges/route", url: "/api/v1/challenges", params: {}, served: ["GET"] },
  { module: "challenges/[slug]/route", url: "/api/v1/challenges/demo", params: { slug: "demo" }, served: ["GET"] },
  { module: "challenges/[slug]/submissions/route", url: "/api/v1/challenges/demo/submissions", params: { slug: "demo" }, served: ["GET", "POST"] },
  { module: "challenges/[slug]/leaderboard/route", url: "/api/v1/challenges/demo/leaderboard", params: { slug: "demo" }, served: ["GET"] },
  { module: "challenges/[slug]/rescore/route", url: "/api/v1/challenges/demo/rescore", params: { slug: "demo" }, served: ["POST"] },
  { module: "challenges/[slug]/close/route", url: "/api/v1/challenges/demo/close", params: { slug: "demo" }, served: ["POST"] },
  { module: "submissions/[id]/route", url: "/api/v1/submissions/x", params: { id: "x" }, served: ["GET"] },
  { module: "submissions/[id]/select/route", url: "/api/v1/submissions/x/select", params: { id: "x" }, served: ["POST"] },
  { module: "submissions/[id]/rescore/route", url: "/api/v1/submissions/x/rescore", params: { id: "x" }, served: ["POST"] },
  { module: "admin/reload/route", url: "/api/v1/admin/reload", params: {}, served: ["POST"] },
  { module: "me/route", url: "/api/v1/me", params: {}, served: ["GET"] },
];

describe("API methods a route does not serve", () => {
  for (const route of routes) {
    for (const method of methods.filter((candidate) => !route.served.includes(candidate))) {
      test(`${method} ${route.url} gets a JSON 405`, async () => {
        const handlers = (await import(`@/app/api/v1/${route.module}`)) as Record<
          string,
          Handler<Record<string, string>> | undefined
        >;
        const handler = handlers[method];
        assert.ok(handler, `${route.module} exports no ${method} handler`);
        const response = await call(handler, route.params, route.url, { method });
        assert.equal(response.headers.get("allow"), route.served.join(", "));
        const error = await expectError(response, 405, "method_not_allowed:route");
        assert.match(error.message, new RegExp(`^${method} is not allowed on ${route.url.replaceAll("/", "\\/")}\\.`));
      });
    }
  }
});
