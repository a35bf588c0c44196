import { defineConfig } from 'vite';

const serverPort = Number(process.env.PORT ?? 3000);

// The client lives in client/ and is served by the Node server from dist/client in production.
export default defineConfig({
  root: 'client',
  publicDir: false,
  build: {
    outDir: '../dist/client',
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
    rolldownOptions: {
      output: {
        // Phaser is large: keep it in its own chunk so the join screen never downloads it.
        codeSplitting: {
          groups: [{ name: 'phaser', test: /node_modules[\\/]phaser[\\/]/ }],
        },
      },
    },
  },
  server: {
    port: Number(process.env.VITE_PORT ?? 5173),
    proxy: {
      '/socket.io': { target: `http://localhost:${serverPort}`, ws: true },
      '/api': { target: `http://localhost:${serverPort}` },
      '/healthz': { target: `http://localhost:${serverPort}` },
    },
  },
});
