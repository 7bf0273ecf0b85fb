import pino from "pino";

/** The structured logger shared by the server, the worker and the CLI. */
export const logger = pino({
  level: process.env.LOG_LEVEL ?? (process.env.NODE_ENV === "test" ? "warn" : "info"),
  base: { service: "collider-arena" },
});
