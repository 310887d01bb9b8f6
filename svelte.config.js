import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

// The tile server must be allowed to load images; its host comes from the same variable the map uses.
// Tile URLs may name subdomains ({s}.tile.example), so the host and its subdomains are allowed.
const tileUrl = new URL((process.env.PUBLIC_TILE_URL || 'https://tile.openstreetmap.org/{z}/{x}/{y}.png').replace(/\{s\}\./, ''));
// Host sources (with a wildcard for subdomains), which Kit's CSP type spells as template literals.
/** @type {any[]} */
const tileSources = [tileUrl.origin, `${tileUrl.protocol}//*.${tileUrl.host}`];

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		adapter: adapter(),
		// CSRF origin check stays on (SvelteKit's default); named here so nobody turns it off by accident.
		csrf: { trustedOrigins: [] },
		csp: {
			mode: 'auto',
			directives: {
				'default-src': ['self'],
				'script-src': ['self'],
				'style-src': ['self', 'unsafe-inline'],
								'img-src': ['self', 'data:', ...tileSources],
				'connect-src': ['self'],
				'font-src': ['self'],
				'object-src': ['none'],
				'base-uri': ['self'],
				'form-action': ['self'],
				'frame-ancestors': ['none']
			}
		}
	}
};

export default config;
