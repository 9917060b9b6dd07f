/** @type {import('next').NextConfig} */
const nextConfig = {
  // Server-only SDKs stay out of the bundle: they are ESM with native or dynamic requires.
  serverExternalPackages: ["@kubernetes/client-node", "better-sqlite3", "@prisma/adapter-better-sqlite3", "@prisma/client"],
  poweredByHeader: false,
  typedRoutes: false,
};
export default nextConfig;
