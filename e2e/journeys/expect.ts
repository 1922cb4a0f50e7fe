import type { Locator, Page } from 'playwright-core';
import { accessibilityCheckOf } from '../a11y.js';

export type { Page };

/**
 * The one assertion the journeys need, without pulling in @playwright/test. What it waited for is
 * on screen: the page state is ready for the accessibility check, which runs once per state.
 */
export function expect(locator: Locator) {
  return {
    async toBeVisible(timeout = 10_000) {
      await locator.first().waitFor({ state: 'visible', timeout });
      await accessibilityCheckOf(locator.page())?.check();
    },
  };
}
