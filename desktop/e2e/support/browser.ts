// Debian's Chromium driven by playwright-core for the end-to-end tests. Every page records
// Content-Security-Policy violations (from the page itself, via the securitypolicyviolation
// event) and uncaught errors, so a test can assert the app ran clean under its real policy.
import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

/** Where Chromium is (KESTREL_CHROMIUM overrides). */
export const CHROMIUM = process.env['KESTREL_CHROMIUM'] ?? '/usr/bin/chromium';

/** Launches headless Chromium; fails with the install command when it is missing. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}: install it (apt-get update && apt-get install -y chromium) or set KESTREL_CHROMIUM`);
  }
  return chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
}

/** What went wrong on the pages of a context. */
export interface PageProblems {
  cspViolations: string[];
  pageErrors: string[];
}

/** A context whose pages report CSP violations and uncaught errors into `problems`. */
export async function watchedContext(browser: Browser, problems: PageProblems, options: Parameters<Browser['newContext']>[0] = {}): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1600, height: 950 }, ...options });
  // Playwright's 30 s default is too tight for what crosses Kafka, the outbox relay and the
  // simulated market while CI runs every suite at once on two cores.
  context.setDefaultTimeout(60_000);
  await context.exposeBinding('__kestrelCspViolation', (_source, text: string) => void problems.cspViolations.push(text));
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      (window as unknown as { __kestrelCspViolation: (text: string) => void }).__kestrelCspViolation(`${event.violatedDirective} blocked ${event.blockedURI || 'inline'} (${event.sourceFile}:${event.lineNumber})`);
    });
  });
  context.on('page', (page: Page) => page.on('pageerror', (error) => problems.pageErrors.push(error.message)));
  return context;
}
