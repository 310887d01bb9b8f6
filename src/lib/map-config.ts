import { env } from '$env/dynamic/public';

// Tile server from configuration (DESIGN.md §3); OpenStreetMap by default. If you change the
// host, add it to img-src in svelte.config.js (it reads the same variable at build time).
export const tileUrl = env.PUBLIC_TILE_URL || 'https://tile.openstreetmap.org/{z}/{x}/{y}.png';
export const tileAttribution =
	env.PUBLIC_TILE_ATTRIBUTION || '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors';

/** What a marker needs; the list card carries the rest. */
export interface MapOffer {
	id: string;
	title: string;
	href: string;
	lat: number;
	lng: number;
}
