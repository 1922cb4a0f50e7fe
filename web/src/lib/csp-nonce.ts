import { setNonce } from 'get-nonce';

const NONCE_PLACEHOLDER = '__CSP_NONCE__';

function readCspNonce(): string | undefined {
  const content = document
    .querySelector<HTMLMetaElement>('meta[name="csp-nonce"]')
    ?.getAttribute('content');
  // The dev server and `vite preview` serve index.html untouched, so the placeholder is no nonce.
  if (!content || content === NONCE_PLACEHOLDER) return undefined;
  return content;
}

/** The per-response CSP nonce the server injected into index.html, if any. */
export const cspNonce = readCspNonce();

/**
 * Hands the nonce to every library that inserts <style> elements at runtime. Mantine takes it
 * through `MantineProvider getStyleNonce`; react-remove-scroll (Modal/Drawer scroll lock) reads
 * it from `get-nonce`, and without it opening any modal is a CSP violation.
 */
export function registerCspNonce(): void {
  if (cspNonce) setNonce(cspNonce);
}
