// Placeholders used in manual instructions until the tenant connection (a later issue) supplies real values.
export const ENV_API = "https://<environment-id>.live.dynatrace.com/api";
export const ENV_HOST = "<environment-id>.live.dynatrace.com";
