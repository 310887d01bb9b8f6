export const metresPerMile = 1609.344;

export const milesToMetres = (miles: number) => miles * metresPerMile;
export const metresToMiles = (metres: number) => metres / metresPerMile;

/** The UK and Crown Dependencies, generously: a point outside is almost certainly a mistake. */
export const ukBounds = { south: 49, north: 61.5, west: -9, east: 2.5 } as const;

export function isInUk(lat: number, lng: number): boolean {
	return lat >= ukBounds.south && lat <= ukBounds.north && lng >= ukBounds.west && lng <= ukBounds.east;
}

/** "0.4", "2.3", "12": one decimal under ten miles, whole miles beyond. */
export function formatMiles(metres: number): string {
	const miles = metresToMiles(metres);
	return miles < 10 ? miles.toFixed(1) : Math.round(miles).toString();
}
