/** @type {import('next').NextConfig} */
const nextConfig = {
  // Server-only SDKs stay out of the bundle: they are ESM with native or dynamic requires. undici too: the
  // Kubernetes client compares dispatchers by class, so it must be the one copy client-node loads.
  serverExternalPackages: ["@kubernetes/client-node", "undici", "better-sqlite3", "@prisma/adapter-better-sqlite3", "@prisma/client"],
  poweredByHeader: false,
  typedRoutes: false,
  // The approver's page carries its token in the URL: never send it on as a Referer, never index it.
  async headers() {
    return [
      {
        source: "/share/:path*",
        headers: [
          { key: "Referrer-Policy", value: "no-referrer" },
          { key: "X-Robots-Tag", value: "noindex" },
          { key: "Cache-Control", value: "no-store" },
        ],
      },
    ];
  },
};
export default nextConfig;
