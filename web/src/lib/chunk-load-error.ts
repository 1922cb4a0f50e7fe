/**
 * A route's code failed to download: usually a deploy replaced the hashed chunk files this tab
 * was built against, sometimes a dropped connection. Either way a full reload fixes it.
 * Browsers word the dynamic-import failure differently; Vite's preload helper adds its own.
 */
const CHUNK_ERROR_PATTERNS = [
  /Failed to fetch dynamically imported module/i, // Chromium
  /error loading dynamically imported module/i, // Firefox
  /Importing a module script failed/i, // Safari
  /Unable to preload CSS/i, // Vite, a route's stylesheet
];

export function isChunkLoadError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  return CHUNK_ERROR_PATTERNS.some((pattern) => pattern.test(error.message));
}
