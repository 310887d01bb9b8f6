import { test as base, expect, type Page } from '@playwright/test';
import { createHash } from 'node:crypto';
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
/** Page states (template, width and shape) axe has passed in this worker. */
const axeChecked = new Set<string>();

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
		await use(async (target = page) =>
			base.step(`axe: ${key(target.url())}`, async () => {
				await target.waitForLoadState('load');
				const width = target.viewportSize()?.width ?? 0;
				// The same page, at the same width, in the same state (structure, roles, states, names
				// present or not) gives axe the same answer: it is checked once per worker.
				const seen = javaScriptEnabled ? `${pageTemplate(target.url())}@${width}#${await pageShape(target)}` : null;
				if (seen && axeChecked.has(seen)) {
					checked.add(key(target.url()));
					return;
				}
				// axe runs as a script; on a page without JavaScript it checks the same URL in a sibling page that has it.
				const siblingContext = javaScriptEnabled ? null : await browser.newContext({ javaScriptEnabled: true, viewport: target.viewportSize() });
				const sibling = await siblingContext?.newPage();
				if (sibling) await sibling.goto(target.url());
				// Colour contrast is axe's slowest rule (about half its time) and comes mostly from styles
				// every state of a page shares: it runs on the first visit of each path at each width in a
				// worker; every other rule runs on every distinct state.
				const look = `${new URL(target.url()).pathname}@${width}`;
				let axe = new AxeBuilder({ page: sibling ?? target }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']);
				if (contrastChecked.has(look)) axe = axe.disableRules(['color-contrast']);
				const results = await axe.analyze();
				await siblingContext?.close();
				const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
				expect(serious.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join('; ')})`)).toEqual([]);
				contrastChecked.add(look);
				if (seen) axeChecked.add(seen);
				checked.add(key(target.url()));
			}, { box: true })
		);
		const unchecked = [...visited].filter((url) => !checked.has(url));
		expect(unchecked, 'pages visited without an axe check').toEqual([]);
	}
});

/** A URL's path with ids and tokens taken out: /offers/<id> is one page, whichever offer it shows. */
const pageTemplate = (url: string) =>
	new URL(url).pathname.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, ':id').replace(/\/[A-Za-z0-9_-]{20,}/g, '/:token');

/**
 * What axe's answer depends on, without the words: every element in document order with its depth,
 * tag, roles, states, classes and ARIA attributes, which ids its references point at (by position,
 * not value), and whether it has text or a name. Hashed, so it is cheap to keep.
 */
async function pageShape(page: Page): Promise<string> {
	const shape = await page.evaluate(() => {
		const ids = new Map<string, number>();
		const idOf = (value: string) => value.split(/\s+/).filter(Boolean).map((v) => (ids.has(v) ? ids.get(v)! : (ids.set(v, ids.size), ids.size - 1))).join(',');
		const references = new Set(['id', 'for', 'headers', 'list', 'form', 'aria-labelledby', 'aria-describedby', 'aria-controls', 'aria-owns', 'aria-activedescendant', 'aria-errormessage', 'aria-details', 'aria-flowto']);
		const kept = new Set(['class', 'role', 'type', 'lang', 'hidden', 'tabindex', 'disabled', 'open', 'checked', 'selected', 'required', 'scope', 'inert', 'multiple', 'readonly', 'autocomplete', 'dir']);
		const named = new Set(['alt', 'title', 'aria-label', 'aria-placeholder', 'aria-roledescription', 'aria-valuetext', 'placeholder', 'summary', 'label']);
		const lines: string[] = [];
		const walk = (element: Element, depth: number) => {
			let line = `${depth} ${element.tagName}`;
			for (const { name, value } of Array.from(element.attributes)) {
				if (references.has(name)) line += ` ${name}=${idOf(value)}`;
				else if (named.has(name)) line += ` ${name}${value.trim() ? '+' : '-'}`;
				else if (kept.has(name) || name.startsWith('aria-')) line += ` ${name}=${value}`;
				else line += ` ${name}`;
			}
			if (Array.from(element.childNodes).some((node) => node.nodeType === Node.TEXT_NODE && node.textContent!.trim())) line += ' T';
			if (element instanceof HTMLDetailsElement && element.open) line += ' OPEN';
			lines.push(line);
			for (const child of Array.from(element.children)) walk(child, depth + 1);
		};
		walk(document.documentElement, 0);
		return lines.join('\n');
	});
	return createHash('sha256').update(shape).digest('hex').slice(0, 16);
}

export { expect };
