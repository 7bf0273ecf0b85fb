import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Native and WebAssembly packages are loaded by Node at run time, not
  // bundled: onnxruntime-node ships a .node add-on, PGlite a wasm file.
  serverExternalPackages: [
    "@electric-sql/pglite",
    "onnxruntime-node",
    "@node-rs/argon2",
    "pg-boss",
    "pino",
    "@tensorflow/tfjs",
    "@tensorflow/tfjs-backend-wasm",
  ],
  typedRoutes: false,
  // Enables forbidden(), which responds with HTTP 403 and app/forbidden.tsx
  // when a user's role may not open a page.
  experimental: { authInterrupts: true },
  poweredByHeader: false,
};

export default nextConfig;
