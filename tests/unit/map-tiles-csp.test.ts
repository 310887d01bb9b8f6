import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';

// The map's tiles must be allowed by the Content-Security-Policy the build writes: the browser
// tests load them from a server of their own (PUBLIC_TILE_URL), so the default host is checked here.

/** svelte.config.js's img-src, evaluated afresh with PUBLIC_TILE_URL as given. */
async function imgSrc(tileUrl?: string): Promise<string[]> {
	if (tileUrl === undefined) vi.stubEnv('PUBLIC_TILE_URL', '');
	else vi.stubEnv('PUBLIC_TILE_URL', tileUrl);
	vi.resetModules(); // the config reads the variable when it is first evaluated
	const { default: config } = await import('../../svelte.config.js');
	return (config.kit?.csp?.directives?.['img-src'] ?? []) as string[];
}

describe('the map tiles and the Content-Security-Policy', () => {
	afterEach(() => vi.unstubAllEnvs());

	it("allows OpenStreetMap's tile server by default, the same default the map uses", async () => {
		const sources = await imgSrc();
		expect(sources).toContain('https://tile.openstreetmap.org');
		const mapDefault = /PUBLIC_TILE_URL \|\| '([^']+)'/.exec(readFileSync('src/lib/map-config.ts', 'utf8'))?.[1];
		expect(mapDefault && new URL(mapDefault).origin).toBe('https://tile.openstreetmap.org');
	});

	it('allows a configured tile server, and its subdomains when the address names them', async () => {
		expect(await imgSrc('http://localhost:4174/{z}/{x}/{y}.png')).toEqual(expect.arrayContaining(['http://localhost:4174']));
		expect(await imgSrc('https://{s}.tiles.example.org/{z}/{x}/{y}.png')).toEqual(
			expect.arrayContaining(['https://tiles.example.org', 'https://*.tiles.example.org'])
		);
		expect(await imgSrc('https://{s}.tiles.example.org/{z}/{x}/{y}.png')).not.toContain('https://tile.openstreetmap.org');
	});
});
