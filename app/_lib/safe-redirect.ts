/**
 * Returns `target` when it is a path on this site, and `fallback` for
 * anything else, so a `callbackUrl` query parameter cannot send a user to
 * another host (`//evil.example` and `/\evil.example` are rejected too).
 */
export function safeRedirectPath(
  target: string | string[] | undefined | null,
  fallback = "/",
): string {
  if (typeof target !== "string") return fallback;
  if (!target.startsWith("/") || target.startsWith("//")) return fallback;
  if (target.includes("\\")) return fallback;
  for (const character of target) {
    if (character.charCodeAt(0) < 0x20) return fallback;
  }
  return target;
}
