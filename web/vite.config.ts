/**
 * The storefront is served under /store/ by the local gateway (no API route starts with it), so
 * the app and the API share one origin and need no CORS. `VITE_API_URL` points it elsewhere
 * (e.g. `npm run dev`, whose server is on another port, against http://localhost:3000).
 */
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  base: '/store/',
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false },
});
