import type { NextConfig } from 'next';

const config: NextConfig = {
  // The API is served by the custom server (src/http-server.ts); Next renders the pages.
  poweredByHeader: false,
  typescript: { ignoreBuildErrors: true }, // type-checked by `pnpm typecheck` for the whole monorepo
};

export default config;
