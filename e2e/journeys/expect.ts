import type { Locator, Page } from 'playwright-core';

export type { Page };

/** The one assertion the journeys need, without pulling in @playwright/test. */
export function expect(locator: Locator) {
  return {
    async toBeVisible(timeout = 10_000) {
      await locator.first().waitFor({ state: 'visible', timeout });
    },
  };
}
