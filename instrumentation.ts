// Next.js calls register() once when the server starts.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { onServerStart } = await import("@/lib/jobs/startup");
    await onServerStart();
  }
}
