import type { NextConfig } from "next";

// Security headers of every response. No page is meant to be framed, so
// X-Frame-Options denies framing in older browsers and frame-ancestors in
// current ones. A script-src policy is left out because Next's inline
// bootstrap scripts would need a nonce on every page.
const securityHeaders = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "X-Frame-Options", value: "DENY" },
  {
    key: "Content-Security-Policy",
    value: "frame-ancestors 'none'; base-uri 'self'; object-src 'none'",
  },
];

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
  async headers() {
    return [{ source: "/:path*", headers: securityHeaders }];
  },
};

export default nextConfig;
