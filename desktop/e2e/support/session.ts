// Who the end-to-end suites and benchmarks act as: the suite's first administrator (its one-time
// password replaced, as the product forces), users that administrator creates, and a browser page
// signed in to the workstation through the real login form.
import type { Page } from 'playwright-core';
import { SuiteApi } from './api.js';
import type { TestSuite } from './suite.js';

/** An e-mail and password. */
export interface Credentials {
  email: string;
  password: string;
}

/** Signs the first administrator in, replaces the one-time password with `password`, returns its client. */
export async function firstAdmin(suite: TestSuite, password: string): Promise<SuiteApi> {
  const admin = new SuiteApi(suite.url);
  await admin.login(suite.adminEmail, suite.adminOneTimePassword);
  await admin.changePassword(suite.adminEmail, suite.adminOneTimePassword, password);
  return admin;
}

/** Creates a user through the admin API; returns its id and a signed-in client. */
export async function createUser(admin: SuiteApi, url: string, user: Credentials, role = 'trader'): Promise<{ id: string; api: SuiteApi }> {
  const created = await admin.call<{ user: { id: string } }>('POST', '/v1/admin/users', { email: user.email, role, password: user.password });
  const api = new SuiteApi(url);
  await api.login(user.email, user.password);
  return { id: created.user.id, api };
}

/** Fills the login form (after opening `url`, when given) and waits for the workstation. */
export async function signIn(page: Page, user: Credentials, url?: string): Promise<void> {
  if (url !== undefined) await page.goto(url);
  await page.fill('input[name=email]', user.email);
  await page.fill('input[name=password]', user.password);
  await page.click('[data-testid=login-form] button[type=submit]');
  await page.waitForSelector('[data-testid=workstation]');
}
