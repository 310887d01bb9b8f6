// The JavaScript a public page makes the browser load before anything is opened, and its budget.
// One copy, used by the bench (`npm run bench`, step 5) and by the browser tests
// (tests/e2e/page-weight.test.ts), which fail when a page is over it.
import { gzipSync } from 'node:zlib';

/**
 * DESIGN.md §7: "JavaScript for every public page, gzip ≤ 90 KB before the map is opened", counted
 * as kB of 1,000 bytes as Vite prints them (the stricter reading).
 */
export const jsGzipBudgetBytes = 90_000;

/**
 * Libraries worth naming when a script holds them, each by a string only it contains (the build names
 * chunks by hash alone). leaflet must only ever be loaded on demand; h3-js belongs on the server.
 */
export const knownLibraries = {
	leaflet: 'A JavaScript library for interactive maps', // the attribution prefix, leaflet-src.js
	'h3-js': 'Pentagon distortion was encountered' // an H3 error message
} as const;
export type KnownLibrary = keyof typeof knownLibraries;

export interface ScriptSize {
	/** The path of the script on the server. */
	url: string;
	bytes: number;
	gzip: number;
	/** How the page reaches it: a modulepreload, the boot script, a route node, a static import in another script. */
	via: string;
	libraries: KnownLibrary[];
}

export interface OnDemandScript {
	url: string;
	/** -1 when the script could not be fetched. */
	gzip: number;
	libraries: KnownLibrary[];
}

export interface PageJavaScript {
	path: string;
	files: number;
	/** Every script below plus the inline boot script. */
	bytes: number;
	gzip: number;
	nodeIds: number[];
	inline: { bytes: number; gzip: number };
	/** Largest (gzip) first. */
	scripts: ScriptSize[];
	/** import()ed by those scripts and not loaded with the page: other routes' nodes, the map. */
	onDemand: OnDemandScript[];
}

export const kb = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;

const librariesIn = (text: string) =>
	(Object.keys(knownLibraries) as KnownLibrary[]).filter((name) => text.includes(knownLibraries[name]));

// Vite writes `import{a as b}from"./x.js"` and `import(`./y.js`)` (back-ticks); accept any quote.
const importFrom = /\b(?:import|export)\s*(?:[\w$*{}\s,]*?\bfrom\s*)?["'`]([^"'`]+\.m?js)["'`]/g;
const dynamicImport = /\bimport\(\s*["'`]([^"'`]+\.m?js)["'`]\s*\)/g;

/**
 * Every script the browser runs to show `path`, before anything is opened: the inline boot script,
 * what it import()s (start, app), the modulepreloads (SvelteKit sends them as a `Link` header, and
 * in <head> with other adapters), the route's nodes (`node_ids` in the boot script), and all their
 * static imports. import() inside those (the map, other routes) is listed as loaded on demand.
 */
export async function pageJavaScript(origin: string, path: string): Promise<PageJavaScript> {
	const pageUrl = new URL(path, origin);
	const response = await fetch(pageUrl);
	if (response.status !== 200) throw new Error(`GET ${path} answered ${response.status}`);
	const html = await response.text();

	const via = new Map<string, string>(); // url → how it was referenced
	const queue: string[] = [];
	const add = (href: string, how: string, base: URL | string = pageUrl) => {
		const url = new URL(href, base).href;
		if (via.has(url)) return;
		via.set(url, how);
		queue.push(url);
	};

	for (const part of (response.headers.get('link') ?? '').split(/,\s*(?=<)/)) {
		const match = /^<([^>]+)>(.*)$/.exec(part.trim());
		if (match && /\brel="?modulepreload\b/i.test(match[2]!)) add(match[1]!, 'Link: modulepreload');
	}
	for (const [tag] of html.matchAll(/<link\b[^>]*>/gi)) {
		if (!/\brel=["']?modulepreload\b/i.test(tag)) continue;
		const href = /\bhref=["']?([^"'\s>]+)/i.exec(tag)?.[1];
		if (href) add(href, '<link rel=modulepreload>');
	}
	let inlineBytes = 0;
	let inlineGzip = 0;
	const nodeIds: number[] = [];
	for (const [, attrs, body] of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
		const src = /\bsrc=["']?([^"'\s>]+)/i.exec(attrs!)?.[1];
		if (src) {
			add(src, '<script src>');
			continue;
		}
		if (!body!.trim() || /type=["']?application\/(?:ld\+)?json/i.test(attrs!)) continue;
		inlineBytes += Buffer.byteLength(body!);
		inlineGzip += gzipSync(body!, { level: 9 }).length;
		for (const [, spec] of body!.matchAll(dynamicImport)) add(spec!, 'boot script import()');
		const ids = /node_ids:\s*\[([\d,\s]*)\]/.exec(body!)?.[1];
		if (ids) nodeIds.push(...ids.split(',').filter((id) => id.trim()).map(Number));
	}

	const scripts: ScriptSize[] = [];
	const lazy = new Set<string>();
	const drain = async () => {
		while (queue.length) {
			const url = queue.shift()!;
			const res = await fetch(url);
			if (res.status !== 200) throw new Error(`GET ${url} (${via.get(url)}) answered ${res.status}`);
			const body = Buffer.from(await res.arrayBuffer());
			const name = new URL(url).pathname;
			const text = body.toString('utf8');
			scripts.push({ url: name, bytes: body.length, gzip: gzipSync(body, { level: 9 }).length, via: via.get(url)!, libraries: librariesIn(text) });
			for (const [, spec] of text.matchAll(importFrom)) add(spec!, `static import in ${name.split('/').pop()}`, url);
			for (const [, spec] of text.matchAll(dynamicImport)) lazy.add(new URL(spec!, url).href);
		}
	};
	await drain();
	// The router import()s the nodes the page was rendered with (node_ids) straight away.
	for (const id of nodeIds) {
		const node = [...lazy].find((url) => new RegExp(`/nodes/${id}\\.[^/]*\\.m?js$`).test(url));
		if (node) add(node, `node ${id} (node_ids)`);
		else throw new Error(`Could not find the script of route node ${id} (from node_ids) among the app's imports.`);
	}
	await drain();

	const onDemand: OnDemandScript[] = [];
	for (const url of lazy) {
		if (via.has(url)) continue;
		const res = await fetch(url);
		const body = Buffer.from(await res.arrayBuffer());
		const ok = res.status === 200;
		onDemand.push({
			url: new URL(url).pathname,
			gzip: ok ? gzipSync(body, { level: 9 }).length : -1,
			libraries: ok ? librariesIn(body.toString('utf8')) : []
		});
	}
	return {
		path,
		files: scripts.length,
		bytes: scripts.reduce((sum, s) => sum + s.bytes, 0) + inlineBytes,
		gzip: scripts.reduce((sum, s) => sum + s.gzip, 0) + inlineGzip,
		nodeIds,
		inline: { bytes: inlineBytes, gzip: inlineGzip },
		scripts: scripts.sort((a, b) => b.gzip - a.gzip),
		onDemand
	};
}

/** "nodes/7.Bx1.js 12.3 kB (leaflet)": a script's short name, gzip size and the libraries found in it. */
export function describeScript(script: { url: string; gzip: number; libraries: KnownLibrary[] }): string {
	const name = script.url.split('/').slice(-2).join('/');
	const size = script.gzip >= 0 ? kb(script.gzip) : '?';
	return `${name} ${size}${script.libraries.length ? ` (${script.libraries.join(', ')})` : ''}`;
}

/** What is loaded on demand apart from other routes' nodes (which the router import()s too): the map. */
export const onDemandBesidesRoutes = (page: PageJavaScript) => page.onDemand.filter((script) => !script.url.includes('/nodes/'));
