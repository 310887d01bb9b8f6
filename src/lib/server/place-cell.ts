import { latLngToCell } from 'h3-js';

// On the server only (SvelteKit refuses a browser import of $lib/server): h3-js is about 63 kB of
// gzip, most of a public page's JavaScript budget (DESIGN.md §7).

/** A place's H3 cell (resolution 8, a few hundred metres across), stored with every location for the map and planning. */
export const placeCell = (lat: number, lng: number) => latLngToCell(lat, lng, 8);
