import { boxText, gapBands, type PlanningInput } from './planning';

// How the planning dashboard presents its figures: the tables it offers as CSV, the map's legend
// and drawn box, the list of authorities. Pure: the words live in planning-messages.ts.

export const planningTableNames = ['demand', 'trend', 'supply', 'gaps', 'map', 'helped', 'flow'] as const;
export type PlanningTableName = (typeof planningTableNames)[number];

export const isPlanningTable = (name: string): name is PlanningTableName =>
	(planningTableNames as readonly string[]).includes(name);

/** what-matters-demand-2025-12-2026-11.csv: only the readable months reach a file name. */
export function csvFilename(table: PlanningTableName, input: Pick<PlanningInput, 'from' | 'to'>): string {
	const month = (text: string) => (/^\d{4}-\d{2}$/.test(text) ? text : 'period');
	return `what-matters-${table}-${month(input.from)}-${month(input.to)}.csv`;
}

/** Where a table's download lives, with the page's own query string. */
export const csvPath = (table: PlanningTableName, query: string) => `/planning/${table}.csv?${query}`;

/**
 * The map legend: each shaded band (1 … gapBands.length) and its range of people for each local
 * offer, `to` excluded. Band 0 is "too few to say"; the last band also holds "no local offer".
 */
export function bandRanges(): { band: number; from: number | null; to: number | null }[] {
	return gapBands.map((from, i) => ({
		band: i + 1,
		from: i === 0 ? null : from,
		to: i + 1 < gapBands.length ? gapBands[i + 1]! : null
	}));
}

/** The bounds the form's box accepts (planning.ts boxSchema). */
export const ukBounds = { south: 49, west: -9, north: 61.5, east: 2.5 } as const;

export interface Bounds {
	south: number;
	west: number;
	north: number;
	east: number;
}

/**
 * A rectangle drawn or a map view, as the form's `box` text, clipped to the bounds the form
 * accepts; null when nothing of it is left (or it has no area).
 */
export function boxOf(bounds: Bounds): string | null {
	const clip = {
		south: Math.max(ukBounds.south, Math.min(bounds.south, bounds.north)),
		north: Math.min(ukBounds.north, Math.max(bounds.south, bounds.north)),
		west: Math.max(ukBounds.west, Math.min(bounds.west, bounds.east)),
		east: Math.min(ukBounds.east, Math.max(bounds.west, bounds.east))
	};
	const text = boxText(clip);
	const [south, west, north, east] = text.split(',').map(Number) as [number, number, number, number];
	return south < north && west < east ? text : null;
}

/** The box text read back as bounds for drawing on the map, or null when it cannot be read. */
export function boundsOf(text: string): Bounds | null {
	const parts = text.split(',').map((part) => Number(part.trim()));
	if (parts.length !== 4 || parts.some((n) => !Number.isFinite(n))) return null;
	const [south, west, north, east] = parts as [number, number, number, number];
	return south < north && west < east ? { south, west, north, east } : null;
}

export interface AuthorityChoice {
	name: string;
	country: string;
}

/** Authorities in the order given (Wales first), one group per country. */
export function byCountry(authorities: AuthorityChoice[]): { country: string; names: string[] }[] {
	const groups: { country: string; names: string[] }[] = [];
	for (const authority of authorities) {
		const group = groups.find((g) => g.country === authority.country);
		if (group) group.names.push(authority.name);
		else groups.push({ country: authority.country, names: [authority.name] });
	}
	return groups;
}

/** Welsh names of the Welsh principal areas, as the postcode data names them in English. */
export const welshAuthorityNames: Readonly<Record<string, string>> = {
	'Blaenau Gwent': 'Blaenau Gwent',
	Bridgend: 'Pen-y-bont ar Ogwr',
	Caerphilly: 'Caerffili',
	Cardiff: 'Caerdydd',
	Carmarthenshire: 'Sir Gaerfyrddin',
	Ceredigion: 'Ceredigion',
	Conwy: 'Conwy',
	Denbighshire: 'Sir Ddinbych',
	Flintshire: 'Sir y Fflint',
	Gwynedd: 'Gwynedd',
	'Isle of Anglesey': 'Ynys Môn',
	'Merthyr Tydfil': 'Merthyr Tudful',
	Monmouthshire: 'Sir Fynwy',
	'Neath Port Talbot': 'Castell-nedd Port Talbot',
	Newport: 'Casnewydd',
	Pembrokeshire: 'Sir Benfro',
	Powys: 'Powys',
	'Rhondda Cynon Taff': 'Rhondda Cynon Taf',
	Swansea: 'Abertawe',
	'The Vale of Glamorgan': 'Bro Morgannwg',
	'Vale of Glamorgan': 'Bro Morgannwg',
	Torfaen: 'Tor-faen',
	Wrexham: 'Wrecsam'
};

export const authorityName = (name: string, locale: 'en' | 'cy') => (locale === 'cy' && welshAuthorityNames[name]) || name;

/** People for each local offer as the page writes it: one decimal place under 10, whole numbers above. */
export function roundRatio(ratio: number): number {
	return ratio < 10 ? Math.round(ratio * 10) / 10 : Math.round(ratio);
}

/**
 * A chart label broken into lines of at most `maxChars` characters at spaces (a longer word is cut
 * with "…"), at most `maxLines` lines, the last ending "…" when text is left over. The same on
 * the server and in the browser, which measuring text could not promise.
 */
export function wrapLabel(label: string, maxChars: number, maxLines = 2): string[] {
	const width = Math.max(4, Math.floor(maxChars));
	const cut = (word: string) => (word.length > width ? `${word.slice(0, width - 1)}…` : word);
	const lines: string[] = [];
	let line = '';
	const words = label.split(/\s+/).filter(Boolean);
	for (let i = 0; i < words.length; i++) {
		const word = words[i]!;
		if (!line) line = cut(word);
		else if (line.length + 1 + word.length <= width) line += ` ${word}`;
		else {
			lines.push(line);
			line = cut(word);
		}
		if (lines.length === maxLines) {
			const last = lines[maxLines - 1]!;
			lines[maxLines - 1] = last.length + 1 <= width ? `${last}…` : `${last.slice(0, width - 1)}…`;
			return lines;
		}
	}
	if (line) lines.push(line);
	return lines;
}
