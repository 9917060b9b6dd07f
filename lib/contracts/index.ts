// Every boundary's schema and the types inferred from it. Pure (zod and the engine's types): safe for the browser.
export * from "./azure";
export * from "./clusters";
export * from "./endpoints";
export * from "./facts-file";
export * from "./plan";
export * from "./reports";
export * from "./results";
export * from "./sharing";
export * from "./target";
export * from "./tenants";
export * from "./validation";
export * from "./waivers";
