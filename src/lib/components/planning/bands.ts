// The map's shades, band 0 ("too few to say") to the last band (most people for each local offer,
// and "no local offer", which also gets a dashed edge). Sequential, light to dark, and each told
// apart from its neighbours by lightness as well as hue.
export const bandColours = ['#b1b4b6', '#fff2b2', '#fec44f', '#f08a24', '#c4421a', '#7f1d0f'] as const;
export const noOfferDash = '5 4';

/** A hexagon as the map draws it. */
export interface Hexagon {
	h3: string;
	boundary: [number, number][];
	band: number;
	noOffer: boolean;
	/** The lines of its popup, already in words. */
	lines: string[];
}
