import { expect, type Browser, type BrowserContextOptions, type Locator, type Page, type Response } from '@playwright/test';

// Steps several browser tests share: demo accounts (README, demo data), signing in and out through
// the pages (where that is the subject), and set-up made directly by posting forms (accounts,
// sessions, links read from the outbox), which is faster and leaves the test's page alone.

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

/** The server the tests run against (playwright.config.ts); forms posted directly need it as their origin. */
export const origin = `http://localhost:${process.env.E2E_PORT ?? 4173}`;

/** Posts a form as a browser without script would, with the page's cookies; redirects are not followed. */
const postForm = (page: Page, path: string, form: Record<string, string>) =>
	page.context().request.post(`${origin}${path}`, { form, headers: { origin, accept: 'text/html' }, maxRedirects: 0 });


/**
 * Signs the page's browser context in as `who` by posting the sign-in form, as a browser without
 * script would. For set-up: the sign-in page itself is the subject of tests/e2e/accounts.test.ts.
 */
export async function signedIn(page: Page, who: { email: string; password: string }) {
	const response = await postForm(page, '/sign-in', { email: who.email, password: who.password });
	expect(response.status(), `signing in ${who.email} directly`).toBe(303);
}

/** Leaves the current account and signs in as `who`, on the same device (set-up, not the subject). */
export async function switchTo(page: Page, who: { email: string; password: string }) {
	await page.context().clearCookies({ name: 'wm_session' });
	await signedIn(page, who);
}

/**
 * The first link of the newest mail to `to` about `subject`, read from the admin's outbox (the only
 * way mail leaves an embedded install) on a device of its own, so the test's page stays as it was.
 */
export async function linkFromOutbox(page: Page, to: string, subject: RegExp): Promise<string> {
	const browser = page.context().browser();
	if (!browser) throw new Error('linkFromOutbox needs a page from a browser context');
	const context = await browser.newContext({ baseURL: origin, javaScriptEnabled: false });
	try {
		const outbox = await context.newPage();
		await signedIn(outbox, admin);
		await outbox.goto('/admin/outbox');
		const mail = outbox.locator('article.mail', { hasText: `To ${to}` }).filter({ has: outbox.getByRole('heading', { name: subject }) }).first();
		await expect(mail).toBeVisible();
		const href = await mail.locator('pre a').first().getAttribute('href');
		expect(href).toBeTruthy();
		return new URL(href!).pathname + new URL(href!).search;
	} finally {
		await context.close();
	}
}

/** A new account, not yet confirmed, made by posting the sign-up form directly. */
export async function signedUp(page: Page, who: { email: string; password: string }) {
	const response = await postForm(page, '/sign-up', { email: who.email, display_name: '', password: who.password, password_again: who.password });
	expect(response.status(), `signing up ${who.email} directly`).toBe(200);
}

/**
 * A new account, confirmed from its mail and signed in on the page's context, made by posting the
 * forms directly (the sign-up and confirmation pages are the subject of tests/e2e/accounts.test.ts).
 */
export async function confirmedAccount(page: Page, name = 'person', password = 'allotment kettle lantern') {
	const me = { email: unique(name), password };
	await signedUp(page, me);
	const confirm = new URL(await linkFromOutbox(page, me.email, /Confirm your email address/), origin);
	const confirmed = await postForm(page, '/confirm-email', { token: confirm.searchParams.get('token') ?? '', type: 'signup' });
	expect(confirmed.status(), `confirming ${me.email} directly`).toBe(303);
	await signedIn(page, me);
	return me;
}

/**
 * Follows a link as a person would, and waits until its page is the one shown: the address is the
 * link's and nothing is loading. A check straight after a bare click could otherwise run on the
 * page being left.
 */
export async function follow(link: Locator) {
	const page = link.page();
	const href = await link.getAttribute('href');
	expect(href, 'the link has an address').toBeTruthy();
	const target = new URL(href!, page.url());
	await link.click();
	const shown = () => {
		const now = new URL(page.url());
		return now.pathname + now.search;
	};
	await expect.poll(shown, { message: `following the link to ${href}` }).toBe(target.pathname + target.search);
	await expect(page.locator('main[aria-busy="true"]')).toHaveCount(0, { timeout: 15_000 });
}

/**
 * Makes the page's goto, reload, goBack and goForward wait, after one of our pages has loaded,
 * until its scripts have started (the layout marks <html data-started>). Typing before then can
 * be undone by hydration (issue 22 is about that); these tests are about what comes after, and
 * without the wait a faster run typed into pages too early.
 */
export function waitingForScripts(page: Page) {
	for (const name of ['goto', 'reload', 'goBack', 'goForward'] as const) {
		const navigate = page[name].bind(page) as (...args: unknown[]) => Promise<Response | null>;
		Object.assign(page, {
			[name]: async (...args: unknown[]) => {
				const response = await navigate(...args);
				if (response && isOurPage(response)) {
					await page
						.locator('html[data-started]')
						.waitFor({ state: 'attached', timeout: 15_000 })
						.catch(() => {
							throw new Error(`the scripts of ${response.url()} did not start within 15 s`);
						});
				}
				return response;
			}
		});
	}
}
const isOurPage = (response: Response) =>
	response.request().resourceType() === 'document' &&
	!leavesTheMachine(response.url()) &&
	/^text\/html/.test(response.headers()['content-type'] ?? '');

/** Where "Leave this site quickly" goes by default (QUICK_EXIT_URL). */
export const quickExitUrl = 'https://www.bbc.co.uk/weather';

/**
 * A request for anywhere but this machine. The quick-exit page is the one outside page a test
 * opens on purpose, and those tests answer it themselves (page.route); tiles come from the tests'
 * own tile server (tests/e2e/tile-server.ts).
 */
export function leavesTheMachine(url: string) {
	const { protocol, hostname, href } = new URL(url);
	if (!protocol.startsWith('http') || ['localhost', '127.0.0.1'].includes(hostname)) return false;
	return !href.startsWith(quickExitUrl);
}

/**
 * Another person's device (a browser context of its own), held to the fixture's rules: no console
 * errors but the expected statuses, no page errors, no request that leaves the machine.
 */
export async function anotherDevice(browser: Browser, options: BrowserContextOptions, expectedStatuses: Set<number>, allowedConsoleError?: RegExp) {
	const context = await browser.newContext(options);
	const problems: string[] = [];
	context.on('request', (request) => {
		if (leavesTheMachine(request.url())) problems.push(`request left the machine: ${request.url()}`);
	});
	const page = await context.newPage();
	if (options.javaScriptEnabled !== false) waitingForScripts(page);
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
