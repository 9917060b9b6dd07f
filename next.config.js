/** @type {import('next').NextConfig} */
const nextConfig = {
  // Server-only SDKs stay out of the bundle: they are ESM with native or dynamic requires. undici too: the
  // Kubernetes client compares dispatchers by class, so it must be the one copy client-node loads.
  serverExternalPackages: ["@kubernetes/client-node", "undici", "better-sqlite3", "@prisma/adapter-better-sqlite3", "@prisma/client"],
  poweredByHeader: false,
  // No gzip in the Node process: with 20 users browsing while 4 runs executed, compressing the pages and API answers
  // took 1.8 s of CPU in a 35 s profile (scripts/bench-dashboard.ts), on the event loop the runs share. A team's
  // dashboard is read over a LAN; an ingress or reverse proxy in front can compress when the link is slow.
  compress: false,
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
