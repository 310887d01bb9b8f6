import { test as base, expect, type Page } from '@playwright/test';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import axe from 'axe-core';
import { leavesTheMachine, waitingForScripts } from './helpers';

interface Checks {
	/** Runs axe on the page as it is now; every page a test visits must be checked. */
	expectAccessible: (page?: Page) => Promise<void>;
	/** HTTP statuses this test expects pages to answer with (e.g. 403 for a refused page), which the browser logs as console errors. */
	expectedStatuses: Set<number>;
}

/** Pages (path templates, at a viewport width) whose colour contrast this worker has checked. */
const contrastChecked = new Set<string>();
/**
 * Page states (template, width and state) axe has passed in this run, shared by the workers as one
 * small file each, named by a hash (tests/e2e/global-setup.ts empties the folder when a run starts).
 */
export const axeCheckedDir = join('.data', 'e2e-axe-checked');
const axeChecked = {
	file: (state: string) => join(axeCheckedDir, createHash('sha256').update(state).digest('hex').slice(0, 24)),
	has(state: string) {
		return existsSync(this.file(state));
	},
	add(state: string) {
		mkdirSync(axeCheckedDir, { recursive: true });
		writeFileSync(this.file(state), state);
	}
};

export const test = base.extend<Checks & { guard: void }>({
	page: async ({ page, javaScriptEnabled }, use) => {
		if (javaScriptEnabled) waitingForScripts(page);
		await use(page);
	},
	expectedStatuses: async ({}, use) => use(new Set<number>()),
	guard: [
		async ({ page, expectedStatuses }, use) => {
			const problems: string[] = [];
			page.on('console', (message) => {
				const status = /status of (\d{3})/.exec(message.text())?.[1];
				if (status && expectedStatuses.has(Number(status))) return;
				if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
			});
			page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
			// Watched, not intercepted (a route would turn the browser's cache off); the browser cannot
			// reach any other host anyway (--host-resolver-rules in playwright.config.ts).
			page.on('request', (request) => {
				if (leavesTheMachine(request.url())) problems.push(`request left the machine: ${request.url()}`);
			});
			await use();
			expect(problems, 'console errors and outside requests').toEqual([]);
		},
		{ auto: true }
	],
	expectAccessible: async ({ page, browser, javaScriptEnabled }, use) => {
		const visited = new Set<string>();
		const checked = new Set<string>();
		const key = (url: string) => {
			const u = new URL(url);
			return u.pathname + u.search;
		};
		page.on('framenavigated', (frame) => {
			if (frame === page.mainFrame() && frame.url().startsWith('http')) visited.add(key(frame.url()));
		});
		await use(async (target = page) =>
			base.step('axe', async () => {
				// A link just clicked may still be loading its page (the layout marks <main> busy meanwhile).
				await expect(target.locator('main[aria-busy="true"]')).toHaveCount(0, { timeout: 15_000 });
				await target.waitForLoadState('load');
				const width = target.viewportSize()?.width ?? 0;
				// Each distinct page, at each width, in each state (pageState) is checked once a run: the
				// first test to reach it checks it, for every worker (.data/e2e-axe-checked).
				const seen = `${pageTemplate(target.url())}@${width}#${await pageState(target)}${javaScriptEnabled ? '' : '#no-js'}`;
				if (axeChecked.has(seen)) {
					checked.add(key(target.url()));
					return;
				}
				// axe runs as a script; on a page without JavaScript it checks the same URL in a sibling page that has it.
				const siblingContext = javaScriptEnabled ? null : await browser.newContext({ javaScriptEnabled: true, viewport: target.viewportSize() });
				const sibling = await siblingContext?.newPage();
				if (sibling) await sibling.goto(target.url());
				// Colour contrast is axe's slowest rule (about half its time) and comes mostly from styles
				// every state of a page shares: it runs on the first visit of each page at each width in a
				// worker; every other rule runs on every distinct state.
				const look = `${pageTemplate(target.url())}@${width}`;
				const results = await runAxe(sibling ?? target, { contrast: !contrastChecked.has(look) });
				await siblingContext?.close();
				const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
				expect(serious.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join('; ')})`)).toEqual([]);
				contrastChecked.add(look);
				axeChecked.add(seen);
				checked.add(key(target.url()));
			}, { box: true })
		);
		const unchecked = [...visited].filter((url) => !checked.has(url));
		expect(unchecked, 'pages visited without an axe check').toEqual([]);
	}
});

const wcag = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/**
 * axe-core's own run, in the page. Unlike @axe-core/playwright, which sends axe's half-megabyte
 * source again for every check and finishes in a new blank page, this injects it only when the
 * document lacks it: SvelteKit's client-side navigation keeps the document, so a journey's later
 * checks cost only the rules. The pages have no frames, so one run covers the whole page.
 */
async function runAxe(page: Page, { contrast }: { contrast: boolean }): Promise<axe.AxeResults> {
	if (!(await page.evaluate(() => typeof (window as { axe?: { run?: unknown } }).axe?.run === 'function'))) await page.evaluate(axe.source);
	return page.evaluate(
		({ tags, contrast }) =>
			(window as unknown as { axe: typeof axe }).axe.run(document, {
				runOnly: { type: 'tag', values: tags },
				rules: contrast ? {} : { 'color-contrast': { enabled: false } },
				resultTypes: ['violations']
			}),
		{ tags: wcag, contrast }
	);
}

/** A URL's path with ids and tokens taken out: /offers/<id> is one page, whichever offer it shows. */
const pageTemplate = (url: string) =>
	new URL(url).pathname.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, ':id').replace(/\/[A-Za-z0-9_-]{20,}/g, '/:token');

/**
 * A page's state, coarsely: whether it shows a problem summary, a field marked invalid, a status
 * message, an open disclosure or a dialog. A form sent back with problems is checked apart from
 * the same form before, as is a page after an action; the words in it are not part of the state.
 */
async function pageState(page: Page): Promise<string> {
	// Locators, not page.evaluate: they work on a page without JavaScript too.
	const selectors = ['[role=alert]', '[aria-invalid=true]', '[role=status]:not(:empty)', 'details[open]', 'dialog[open],[role=dialog]'];
	const counts = await Promise.all(selectors.map((selector) => page.locator(selector).count()));
	return counts.map((count) => (count ? '1' : '0')).join('');
}

export { expect };
