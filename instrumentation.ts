/**
 * Next.js calls `register` once when the server starts. Start-up runs only
 * in the Node.js runtime: the database, the queue and the worker need it.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startServer } = await import("./lib/server/startup");
  await startServer();
}
