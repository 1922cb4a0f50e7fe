// The accessibility check of the journeys: axe-core over each distinct page state a journey
// reaches, in the light and the dark colour scheme, for the WCAG 2.0/2.1 A and AA rules.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

export type Scheme = 'light' | 'dark';

export interface Violation {
  rule: string;
  target: string;
  page: string;
  scheme: Scheme;
  summary: string;
}

const axeSource = readFileSync(
  createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
  'utf8',
);
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
/**
 * The WCAG rules whose outcome depends on colours. The markup is the same in both schemes, so the
 * second scheme runs only these: half the time, the same findings.
 */
const COLOUR_RULES = ['color-contrast', 'link-in-text-block'];

// The journeys compile without the DOM library; these run in the page.
declare const document: {
  documentElement: { getAttribute(name: string): string | null };
  querySelectorAll(selector: string): ArrayLike<{
    getAttribute(name: string): string | null;
    textContent: string | null;
  }>;
  getElementById(id: string): { textContent: string | null } | null;
  getAnimations(): {
    playState: string;
    effect: { getComputedTiming(): { iterations?: number } } | null;
  }[];
};
declare function requestAnimationFrame(callback: () => void): number;
declare const axe: {
  run(
    context: unknown,
    options: unknown,
  ): Promise<{
    violations: {
      id: string;
      help: string;
      nodes: { target: unknown[]; failureSummary?: string }[];
    }[];
  }>;
};

/**
 * Where the page is, as a pattern: ids and tokens in the path are placeholders, the query is left
 * out (the same page with other filters is the same markup).
 */
export function pagePattern(url: string): string {
  const { pathname } = new URL(url);
  return pathname
    .split('/')
    .map((s) =>
      /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s)
        ? ':id'
        : /^[A-Za-z0-9_.-]{20,}$/.test(s)
          ? ':token'
          : s,
    )
    .join('/');
}

/**
 * Waits until nothing finite is animating: a modal fading in, or colours in transition after a
 * change of scheme, would be measured half-way. Loaders spin forever and do not count.
 */
async function settle(page: Page) {
  // A transition starts a frame or a timeout after the change that causes it, so one quiet look
  // is not enough: the page must be quiet on two looks, each after a frame, 50 ms apart.
  const deadline = Date.now() + 5_000;
  for (let quietLooks = 0; quietLooks < 2;) {
    if (Date.now() > deadline) throw new Error(`${page.url()} was still animating after 5 s`);
    await page.waitForTimeout(50);
    const quiet = await page.evaluate(
      () =>
        new Promise<boolean>((resolve) =>
          requestAnimationFrame(() =>
            resolve(
              document
                .getAnimations()
                .every(
                  (a) =>
                    a.playState !== 'running' ||
                    a.effect?.getComputedTiming().iterations === Infinity,
                ),
            ),
          ),
        ),
    );
    quietLooks = quiet ? quietLooks + 1 : 0;
  }
}

async function useScheme(page: Page, scheme: Scheme) {
  await page.emulateMedia({ colorScheme: scheme });
  // The app follows the system scheme (Mantine's `auto`); pages outside it have no attribute.
  await page.waitForFunction(
    (s) => {
      const attr = document.documentElement.getAttribute('data-mantine-color-scheme');
      return attr === null || attr === s;
    },
    scheme,
    { timeout: 5_000 },
  );
  await settle(page);
}

/**
 * axe-core's WCAG 2.1 AA violations on the page as it is now (`onlyColours`: of the rules that
 * depend on colours).
 */
export async function axeViolations(
  page: Page,
  scheme: Scheme,
  onlyColours = false,
): Promise<Violation[]> {
  // Evaluated through the driver (CDP), which the page's CSP does not govern.
  if (!(await page.evaluate('typeof axe !== "undefined"'))) await page.evaluate(axeSource);
  const runOnly = onlyColours
    ? { type: 'rule', values: COLOUR_RULES }
    : { type: 'tag', values: WCAG_TAGS };
  const results = await page.evaluate(
    (only) =>
      // The email preview frame holds the template author's markup, not the app's.
      axe.run(document, { runOnly: only, iframes: false, resultTypes: ['violations'] }),
    runOnly,
  );
  const where = page.url();
  return results.violations.flatMap((v) =>
    v.nodes.map((n) => ({
      rule: v.id,
      target: n.target.map(String).join(' '),
      page: where,
      scheme,
      summary: `${v.help}${n.failureSummary ? `: ${n.failureSummary.replace(/\s+/g, ' ')}` : ''}`,
    })),
  );
}

/** The page's state as far as its markup goes: where, which dialogs are open, rows or none. */
async function stateKey(page: Page): Promise<string> {
  const parts = await page.evaluate(() => {
    const dialogs = Array.from(document.querySelectorAll('[role="dialog"]')).map((d) => {
      const label = d.getAttribute('aria-label');
      const by = d.getAttribute('aria-labelledby');
      return label ?? (by ? document.getElementById(by)?.textContent : null) ?? 'dialog';
    });
    const rows = document.querySelectorAll('tbody tr').length > 0;
    return `${dialogs.sort().join('+')}|${rows ? 'rows' : 'no rows'}`;
  });
  return `${pagePattern(page.url())}|${parts}`;
}

/**
 * One journey's accessibility check. `check()` runs axe in both schemes once per distinct page
 * state (the journeys' expectations call it, once what they wait for is on screen); every page the
 * journey's browser visits must have been checked by the end.
 */
export class AccessibilityCheck {
  readonly violations: Violation[] = [];
  /** Page states checked, and the time it took: the journeys' time budget is small. */
  checks = 0;
  checkMs = 0;
  private readonly checkedStates = new Set<string>();
  private readonly checkedPages = new Set<string>();
  private readonly visitedPages = new Set<string>();
  private readonly seen = new Set<string>();

  constructor(private readonly page: Page) {
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame() && frame.url().startsWith('http')) {
        this.visitedPages.add(pagePattern(frame.url()));
      }
    });
  }

  async check(): Promise<void> {
    const page = this.page;
    await settle(page);
    const key = await stateKey(page);
    if (this.checkedStates.has(key)) return;
    this.checkedStates.add(key);
    const started = Date.now();
    for (const scheme of ['light', 'dark'] as const) {
      await useScheme(page, scheme);
      for (const v of await axeViolations(page, scheme, scheme === 'dark')) {
        const id = `${v.rule} ${v.target} ${pagePattern(v.page)} ${v.scheme}`;
        if (this.seen.has(id)) continue;
        this.seen.add(id);
        this.violations.push(v);
      }
    }
    await useScheme(page, 'light');
    this.checkedPages.add(pagePattern(page.url()));
    this.checks++;
    this.checkMs += Date.now() - started;
  }

  /** Pages the journey reached that no check looked at. */
  unchecked(): string[] {
    return [...this.visitedPages].filter((p) => !this.checkedPages.has(p));
  }

  /** The failure message: every violation with its rule, element, page and scheme. */
  report(): string | null {
    const lines = this.violations.map(
      (v) => `a11y: ${v.rule} at ${v.target} on ${v.page} (${v.scheme}) — ${v.summary}`,
    );
    for (const p of this.unchecked()) lines.push(`a11y: ${p} was visited but never checked`);
    return lines.length ? lines.join('\n') : null;
  }
}

const checks = new WeakMap<Page, AccessibilityCheck>();

export function startAccessibilityCheck(page: Page): AccessibilityCheck {
  const check = new AccessibilityCheck(page);
  checks.set(page, check);
  return check;
}

/** The check of the journey driving this page; none when a script drives it outside the run. */
export function accessibilityCheckOf(page: Page): AccessibilityCheck | undefined {
  return checks.get(page);
}
