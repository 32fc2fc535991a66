/** Only same-site paths: never an open redirect to another host (`//evil.example`, `/\evil`). */
export function safeRedirect(to: string | undefined | null, fallback = "/"): string {
  if (!to || !to.startsWith("/") || to.startsWith("//") || to.startsWith("/\\")) return fallback;
  return to;
}
