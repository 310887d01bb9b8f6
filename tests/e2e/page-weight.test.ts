import { expect, test } from '@playwright/test';
import { describeScript, jsGzipBudgetBytes, kb, onDemandBesidesRoutes, pageJavaScript, type PageJavaScript } from '../page-weight';

// DESIGN.md §7: the JavaScript of every public page, gzip, before the map is opened, against the
// production build the other browser tests use. A build's sizes are the same on every run, so this is a
// test, not only a bench figure (`npm run bench -- --only=js` measures the same, with tests/page-weight.ts).
// No browser page is opened: the scripts are followed from the page's HTML as the browser would load them.

const search = '/find?where=CF10'; // results and a map: the heaviest public page

function report(page: PageJavaScript): string {
	const later = onDemandBesidesRoutes(page);
	return [
		`${page.path}: ${kb(page.gzip)} gzip in ${page.files} files and the inline boot script (${kb(page.inline.gzip)}), budget ${kb(jsGzipBudgetBytes)}.`,
		`Largest: ${page.scripts.slice(0, 5).map((s) => `${describeScript(s)} [${s.via}]`).join(', ')}.`,
		later.length ? `Loaded on demand, not counted: ${later.map(describeScript).join(', ')}.` : ''
	].filter(Boolean).join('\n');
}

async function measure(origin: string, path: string): Promise<PageJavaScript> {
	const page = await pageJavaScript(origin, path);
	console.log(report(page));
	expect.soft(page.gzip, `JavaScript over budget.\n${report(page)}\n`).toBeLessThanOrEqual(jsGzipBudgetBytes);
	const mapBeforeOpening = page.scripts.filter((s) => s.libraries.includes('leaflet'));
	expect.soft(mapBeforeOpening.map(describeScript), `${page.path} loads the map library (leaflet) before the map is opened; it must be import()ed when the map opens.\n${report(page)}\n`).toEqual([]);
	return page;
}

test('the home page is within the JavaScript budget', async ({ baseURL }) => {
	await measure(baseURL!, '/');
});

test('a search with results and a map is within the JavaScript budget, with the map loaded on demand', async ({ baseURL }) => {
	const html = await (await fetch(new URL(search, baseURL))).text();
	expect(html, `${search} shows offers`).toContain('data-offer-id=');
	const page = await measure(baseURL!, search);
	// The page can still open the map, so leaflet is within its reach: the check above is not passing because the map is gone.
	const reach = [...page.scripts, ...page.onDemand];
	expect(reach.filter((s) => s.libraries.includes('leaflet')).length, `${search} can open a map, so leaflet is among its scripts (loaded on demand).\n${report(page)}\n`).toBeGreaterThan(0);
});

test('an offer page is within the JavaScript budget', async ({ baseURL }) => {
	const html = await (await fetch(new URL(search, baseURL))).text();
	const id = /data-offer-id="([0-9a-f-]{36})"/.exec(html)?.[1];
	expect(id, `a published offer among the results of ${search}`).toBeTruthy();
	await measure(baseURL!, `/offers/${id}`);
});

test('the "what matters" page is within the JavaScript budget', async ({ baseURL }) => {
	await measure(baseURL!, '/what-matters');
});
