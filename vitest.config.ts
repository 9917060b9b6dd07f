import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = fileURLToPath(new URL(".", import.meta.url));
const shared = {
  resolve: {
    alias: {
      "@/": root,
      "server-only": fileURLToPath(new URL("./test/support/server-only.ts", import.meta.url)),
    },
  },
};

export default defineConfig({
  test: {
    projects: [
      {
        ...shared,
        test: {
          name: "unit",
          include: ["lib/**/*.test.ts", "test/**/*.test.ts", "components/**/*.test.ts?(x)"],
          exclude: ["**/*.int.test.ts", "node_modules/**", "e2e/**"],
          environment: "node",
        },
      },
      {
        ...shared,
        test: {
          name: "integration",
          include: ["**/*.int.test.ts"],
          exclude: ["node_modules/**", "e2e/**"],
          environment: "node",
          globalSetup: ["test/cluster/global-setup.ts"],
          // The Entra ID / Resource Manager test server is a custom cloud on loopback, allowed as an administrator would.
          env: { DTREADY_AZURE_CUSTOM_CLOUD_HOSTS: "127.0.0.1" },
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
