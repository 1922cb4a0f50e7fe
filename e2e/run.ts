// Browser journeys in headless Debian Chromium (playwright-core, never a downloaded browser),
// against the production build. Prints "e2e: N passed, N failed".
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startAccessibilityCheck } from './a11y.js';
import { alertsJourney } from './journeys/alerts.js';
import { integrationsJourney } from './journeys/integrations.js';
import { campaignsJourney } from './journeys/campaigns.js';
import { contactsJourney } from './journeys/contacts.js';
import { keyboardJourney } from './journeys/keyboard.js';
import { mailJourney } from './journeys/mail.js';
import { messagesJourney } from './journeys/messages.js';
import { monitoringJourney } from './journeys/monitoring.js';
import { settingsJourney } from './journeys/settings.js';
import { signupJourney } from './journeys/signup-org-api-key.js';
import { templatesJourney } from './journeys/templates.js';
import { startServer } from './server.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const allJourneys = [
  { name: 'sign up, create and switch org, create an API key', run: signupJourney },
  {
    name: 'write a template with live validation, save it, see the version diff, preview an email, be asked before leaving unsaved work',
    run: templatesJourney,
  },
  {
    name: 'add sandbox integrations, copy a webhook URL, test, edit, disable and delete',
    run: integrationsJourney,
  },
  { name: 'create contacts, see a conflict, merge a duplicate, opt out', run: contactsJourney },
  {
    name: 'receive a text, open its history, a STOP opts out, see the conversation',
    run: messagesJourney,
  },
  {
    name: 'send a campaign to a group and a searched contact, watch it complete with exact counts, unsubscribe from it',
    run: campaignsJourney,
  },
  {
    name: 'monitoring: launch the welcome email, see its volume and delivery latency, change range and zone, open an event’s message',
    run: monitoringJourney,
  },
  {
    name: 'alerts: a strict rule breaches, the alert opens on its own, is acknowledged with a comment and resolved',
    run: alertsJourney,
  },
  {
    name: 'mail: an emailed invitation opened from the sandbox mailbox in another browser, a password reset, an email change',
    run: mailJourney,
  },
  {
    name: 'upload a logo and see it in the shell, change the time zone and see dates move',
    run: settingsJourney,
  },
  {
    name: 'keyboard only: sign up, connect the sandbox, create a contact, send them a message',
    run: keyboardJourney,
  },
];
/** `E2E_ONLY=campaign npm run test:e2e`: only the journeys whose name contains the text. */
const only = process.env.E2E_ONLY;
const journeys = only ? allJourneys.filter((j) => j.name.includes(only)) : allJourneys;

if (!existsSync(executablePath)) {
  console.log(
    `e2e: skipped ${journeys.length} journey(s) — Chromium not found at ${executablePath} ` +
      '(install it with `apt-get install chromium`, or set CHROMIUM_PATH). CI installs it.',
  );
  process.exit(0);
}

const server = await startServer(root);
const browser = await chromium.launch({
  executablePath,
  headless: true,
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
});

let passed = 0;
let failed = 0;
try {
  for (const journey of journeys) {
    // Reduced motion: modals and notifications appear at once (the theme respects the setting), so
    // axe never measures a colour half-way through a fade.
    const context = await browser.newContext({ baseURL: server.url, reducedMotion: 'reduce' });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (msg) => {
      if (msg.type() === 'error') problems.push(`console error: ${msg.text()}`);
    });
    page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
    // CDP-injected, so it runs even under our CSP; it records every violation.
    await context.addInitScript({
      content: `document.addEventListener('securitypolicyviolation', (e) =>
        console.error('CSP violation: ' + e.violatedDirective + ' blocked ' + e.blockedURI));`,
    });
    // axe-core in light and dark at every page state the journey's expectations reach (a11y.ts).
    const a11y = startAccessibilityCheck(page);
    const started = Date.now();
    try {
      await journey.run(page);
      const a11yReport = a11y.report();
      if (a11yReport) problems.push(a11yReport);
      if (problems.length) throw new Error(problems.join('\n'));
      passed++;
      console.log(
        `✓ ${journey.name} (${Date.now() - started} ms; ` +
          `${a11y.checks} page states checked for accessibility in ${a11y.checkMs} ms)`,
      );
    } catch (err) {
      failed++;
      const shot = path.join(root, '.tmp', `e2e-failure-${passed + failed}.png`);
      await page.screenshot({ path: shot, fullPage: true }).catch(() => undefined);
      console.log(
        `✗ ${journey.name}\n${err instanceof Error ? err.stack : String(err)}\nscreenshot: ${shot}`,
      );
    } finally {
      await context.close();
    }
  }
  const cspReports = server.logs.join('').match(/CSP violation reported/g)?.length ?? 0;
  if (cspReports) {
    failed++;
    console.log(`✗ the server received ${cspReports} CSP violation report(s)`);
  }
} finally {
  await browser.close();
  await server.stop();
}

console.log(`e2e: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
