import { test as base, expect, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { blankTile } from './helpers';

interface Checks {
	/** Runs axe on the page as it is now; every page a test visits must be checked. */
	expectAccessible: (page?: Page) => Promise<void>;
	/** HTTP statuses this test expects pages to answer with (e.g. 403 for a refused page), which the browser logs as console errors. */
	expectedStatuses: Set<number>;
}

/** Paths (at a viewport width) whose colour contrast this worker has checked. */
const contrastChecked = new Set<string>();

export const test = base.extend<Checks & { guard: void }>({
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
			await page.route(/tile\.openstreetmap\.org/, (route) => route.fulfill({ contentType: 'image/png', body: blankTile }));
			await page.route(
				(url) => !['localhost', '127.0.0.1'].includes(url.hostname) && !/tile\.openstreetmap\.org$/.test(url.hostname) && url.protocol.startsWith('http'),
				(route) => {
					problems.push(`request left the machine: ${route.request().url()}`);
					return route.abort();
				}
			);
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
		await use(async (target = page) => {
			await target.waitForLoadState('load');
			// axe runs as a script; on a page without JavaScript it checks the same URL in a sibling page that has it.
			const siblingContext = javaScriptEnabled ? null : await browser.newContext({ javaScriptEnabled: true, viewport: target.viewportSize() });
			const sibling = await siblingContext?.newPage();
			if (sibling) await sibling.goto(target.url());
			// Colour contrast is axe's slowest rule (about half its time) and comes mostly from styles
			// every state of a page shares: it runs on the first visit of each path at each width in a
			// worker; every other rule runs on every visit.
			const look = `${new URL(target.url()).pathname}@${target.viewportSize()?.width ?? 0}`;
			let axe = new AxeBuilder({ page: sibling ?? target }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']);
			if (contrastChecked.has(look)) axe = axe.disableRules(['color-contrast']);
			const results = await axe.analyze();
			contrastChecked.add(look);
			await siblingContext?.close();
			const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
			expect(serious.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join('; ')})`)).toEqual([]);
			checked.add(key(target.url()));
		});
		const unchecked = [...visited].filter((url) => !checked.has(url));
		expect(unchecked, 'pages visited without an axe check').toEqual([]);
	}
});

export { expect };
