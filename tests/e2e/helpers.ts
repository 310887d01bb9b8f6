import { expect, type Browser, type BrowserContextOptions, type Page } from '@playwright/test';

// Steps several browser tests share: demo accounts (README, demo data), signing in and out, and
// reading a link from the outbox (the only way mail leaves an embedded install).

export const admin = { email: 'admin@demo.example.org', password: 'wm-demo-admin' };
export const owner = { email: 'owner@demo.example.org', password: 'wm-demo-owner' };
export const moderator = { email: 'moderator@demo.example.org', password: 'wm-demo-moderator' };
export const unique = (name: string) => `${name}-${Date.now()}-${Math.floor(Math.random() * 1e6)}@example.org`;

export type Check = (page?: Page) => Promise<void>;

export async function signIn(page: Page, who: { email: string; password: string }, check: Check) {
	await page.goto('/sign-in');
	await check();
	await page.getByLabel('Email address').fill(who.email);
	await page.getByLabel('Password', { exact: true }).fill(who.password);
	await page.getByRole('button', { name: 'Sign in' }).click();
	await expect(page.getByRole('link', { name: 'Your account' })).toBeVisible();
	await check();
}

export async function signOut(page: Page, check: Check) {
	await page.getByRole('button', { name: 'Sign out' }).first().click();
	await expect(page.getByText("You've signed out.")).toBeVisible();
	await check();
}

/** Creates an account (not yet confirmed) through the sign-up page. */
export async function signUp(page: Page, who: { email: string; password: string }, check: Check) {
	await page.goto('/sign-up');
	await check();
	await page.getByLabel('Email address').fill(who.email);
	await page.getByLabel('New password', { exact: true }).fill(who.password);
	await page.getByLabel('Type the new password again').fill(who.password);
	await page.getByRole('button', { name: 'Create account' }).click();
	await expect(page.getByRole('heading', { name: 'Check your email' })).toBeVisible();
}

/** Signs in as the demo admin, takes the first link of the newest mail to `to` about `subject`, signs out. */
export async function linkFromOutbox(page: Page, to: string, subject: RegExp, check: Check): Promise<string> {
	await signIn(page, admin, check);
	await page.goto('/admin/outbox');
	await check();
	const mail = page.locator('article.mail', { hasText: `To ${to}` }).filter({ has: page.getByRole('heading', { name: subject }) }).first();
	await expect(mail).toBeVisible();
	const href = await mail.locator('pre a').first().getAttribute('href');
	await signOut(page, check);
	expect(href).toBeTruthy();
	return new URL(href!).pathname + new URL(href!).search;
}

/** A new account, confirmed from its mail and signed in. */
export async function confirmedAccount(page: Page, check: Check, name = 'person', password = 'allotment kettle lantern') {
	const me = { email: unique(name), password };
	await signUp(page, me, check);
	const confirm = await linkFromOutbox(page, me.email, /Confirm your email address/, check);
	await page.goto(confirm);
	await check();
	await page.getByRole('button', { name: 'Confirm my email address' }).click();
	await expect(page.getByRole('status')).toContainText('your email address is confirmed');
	await check();
	await signIn(page, me, check);
	return me;
}

/** A 1×1 transparent PNG served for every map tile: tiles cannot (and must not) be fetched from outside. */
export const blankTile = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');

/**
 * Another person's device (a browser context of its own), held to the fixture's rules: no console
 * errors but the expected statuses, no page errors, no request that leaves the machine.
 */
export async function anotherDevice(browser: Browser, options: BrowserContextOptions, expectedStatuses: Set<number>, allowedConsoleError?: RegExp) {
	const context = await browser.newContext(options);
	const problems: string[] = [];
	await context.route(/tile\.openstreetmap\.org/, (route) => route.fulfill({ contentType: 'image/png', body: blankTile }));
	await context.route(
		(url) => !['localhost', '127.0.0.1'].includes(url.hostname) && !/tile\.openstreetmap\.org$/.test(url.hostname) && url.protocol.startsWith('http'),
		(route) => {
			problems.push(`request left the machine: ${route.request().url()}`);
			return route.abort();
		}
	);
	const page = await context.newPage();
	page.on('console', (message) => {
		const status = /status of (\d{3})/.exec(message.text())?.[1];
		if (status && expectedStatuses.has(Number(status))) return;
		if (allowedConsoleError?.test(message.text())) return;
		if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
	});
	page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
	return {
		page,
		context,
		async close() {
			await context.close();
			expect(problems, 'console errors and outside requests on the other device').toEqual([]);
		}
	};
}
