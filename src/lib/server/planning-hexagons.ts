import { cellToBoundary, cellToLatLng, isValidCell } from 'h3-js';

// Where each map cell is: its centre (for the table) and its outline (for the map), worked out on
// the server so h3-js (about 200 KB) never goes to the browser.

export interface HexagonPlace {
	centre: [number, number];
	boundary: [number, number][];
}

const round = (n: number) => Math.round(n * 1e5) / 1e5;

export function hexagonPlaces(cells: { h3: string }[]): Record<string, HexagonPlace> {
	const places: Record<string, HexagonPlace> = {};
	for (const { h3 } of cells) {
		if (!isValidCell(h3)) continue;
		const [lat, lng] = cellToLatLng(h3);
		places[h3] = {
			centre: [round(lat), round(lng)],
			boundary: cellToBoundary(h3).map(([a, b]) => [round(a), round(b)] as [number, number])
		};
	}
	return places;
}

/** "51.48, -3.18": a hexagon's centre as the tables write it. */
export const centreText = (place: HexagonPlace | undefined) => (place ? `${place.centre[0].toFixed(2)}, ${place.centre[1].toFixed(2)}` : '');
