import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// The backend (FastAPI + Socket.IO) listens here during development.
const backend = "http://127.0.0.1:8000";

export default defineConfig({
  plugins: [react()],
  build: {
    // The SPA ships inside the Python package; FastAPI serves it from there.
    outDir: "../src/voicedash/web/dist",
    emptyOutDir: true,
    target: "es2022",
  },
  server: {
    // The origin the backend allows by default for a separate front-end dev server.
    port: 3000,
    proxy: {
      "/api": backend,
      "/health": backend,
      "/socket.io": { target: backend, ws: true },
    },
  },
});
