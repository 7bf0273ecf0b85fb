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
  // Enables forbidden() so that pages a role may not open answer with an
  // HTTP 403 status and app/forbidden.tsx, not a 200 with a notice.
  experimental: { authInterrupts: true },
  poweredByHeader: false,
};

export default nextConfig;
