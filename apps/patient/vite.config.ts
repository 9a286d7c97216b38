import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// Served by the API server at / in production; in development Vite proxies the API
// (HTTP and WebSocket) to the server on port 3000 (or API_URL), so the app always talks to its
// own origin.
const api = process.env.API_URL ?? "http://127.0.0.1:3000";

export default defineConfig({
  base: "/",
  plugins: [react()],
  server: {
    port: 5173,
    host: "127.0.0.1",
    strictPort: true,
    proxy: {
      "/trpc": { target: api, ws: true },
      "/api": api,
      "/metrics": api,
      "/health": api,
    },
  },
  build: { outDir: "dist", sourcemap: true },
});
