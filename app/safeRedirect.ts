/** Where targets are resolved when the caller does not name the app's origin: nothing real lives there. */
const PLACEHOLDER_ORIGIN = "http://tongshang.invalid";

/**
 * Control characters (which browsers strip, so `/\t/evil.example` becomes `//evil.example`),
 * any whitespace, and backslashes (which browsers read as `/`): never in a target we follow.
 */
const UNSAFE_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\s\\]/u;

/**
 * Where to send someone after signing in (docs/SPEC.md X-1): only a place on the app's own origin.
 * The target is resolved as a browser would, against `origin`, and kept only when the result has
 * that origin; what leaves is the normalised path, never a scheme or host, and never a path a
 * browser would read as another host (`//evil.example`). Anything else gives `fallback`.
 */
export function safeRedirect(to: string | undefined | null, fallback = "/", origin: string = PLACEHOLDER_ORIGIN): string {
  if (!to || UNSAFE_CHARACTERS.test(to)) return fallback;
  let base: URL;
  let target: URL;
  try {
    base = new URL(origin);
    target = new URL(to, base);
  } catch {
    return fallback;
  }
  if (target.origin !== base.origin) return fallback;
  const path = `${target.pathname}${target.search}${target.hash}`;
  // `/.//evil.example` normalises to `//evil.example`: a path that starts like a host is refused too.
  if (!path.startsWith("/") || path.startsWith("//")) return fallback;
  return path;
}
