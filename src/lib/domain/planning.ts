import { z } from 'zod';

// The planning dashboard's choices (area and period) and the shape of its suppressed figures.
// The suppression itself is in SQL (suppress_table): nothing here can show a withheld count.

/** A count as a planner may see it: rounded, or withheld and why. */
export interface Cell {
	value: number | null;
	withheld: 'small' | 'secondary' | null;
}

/** One row of a suppressed table from SQL: r/c '*' are the totals. */
export interface SuppressedRow {
	r: string;
	c: string;
	value: number | null;
	withheld: string | null;
}

export const absent: Cell = { value: null, withheld: 'small' };

/** Rows by key, each a map of column → cell; a missing cell is "fewer than" (a zero is under any threshold). */
export class SuppressedTable {
	private readonly cells = new Map<string, Map<string, Cell>>();
	constructor(rows: SuppressedRow[]) {
		for (const row of rows) {
			const withheld = row.withheld === 'small' || row.withheld === 'secondary' ? row.withheld : null;
			if (!this.cells.has(row.r)) this.cells.set(row.r, new Map());
			this.cells.get(row.r)!.set(row.c, { value: withheld ? null : row.value, withheld });
		}
	}
	cell(r: string, c: string): Cell {
		return this.cells.get(r)?.get(c) ?? absent;
	}
	/** Row keys, totals ('*') left out. */
	rows(): string[] {
		return [...this.cells.keys()].filter((key) => key !== '*');
	}
	has(r: string): boolean {
		return this.cells.has(r);
	}
}

/** Percent of `part` in `whole`, from shown counts only, to the nearest 5; null when either is withheld. */
export function shownRate(part: Cell, whole: Cell): number | null {
	if (part.value === null || whole.value === null || whole.value === 0) return null;
	return Math.min(100, Math.round((part.value / whole.value) * 20) * 5);
}

// ---------------------------------------------------------------------------------------------
// Area and period

export const areaKinds = ['wales', 'authority', 'districts', 'box', 'everywhere'] as const;
export type AreaKind = (typeof areaKinds)[number];

export type PlanningArea =
	| { kind: 'wales' }
	| { kind: 'everywhere' }
	| { kind: 'authority'; authority: string }
	| { kind: 'districts'; districts: string[] }
	| { kind: 'box'; south: number; west: number; north: number; east: number };

export type PlanningProblem =
	| 'authority_needed'
	| 'districts_needed'
	| 'districts_unreadable'
	| 'too_many_districts'
	| 'box_unreadable'
	| 'month_unreadable'
	| 'period_backwards'
	| 'period_too_long';

export interface PlanningChoice {
	area: PlanningArea;
	/** First days of months, YYYY-MM-01; `to` inclusive. */
	from: string;
	to: string;
	/** The outcome the map shows, or null for all. */
	outcome: string | null;
}

/** What the planner typed, kept as typed, for the form. */
export interface PlanningInput {
	area: string;
	authority: string;
	districts: string;
	box: string;
	from: string;
	to: string;
	outcome: string;
}

const outcode = /^[A-Z]{1,2}[0-9][0-9A-Z]?$/;
const month = /^(\d{4})-(0[1-9]|1[0-2])$/;
export const MAX_DISTRICTS = 200;
export const MAX_MONTHS = 60;

/** YYYY-MM of a date (UTC). */
export const monthOf = (date: Date) => date.toISOString().slice(0, 7);

/** The default period: the twelve whole months to the current one. */
export function defaultPeriod(today = new Date()): { from: string; to: string } {
	const to = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), 1));
	const from = new Date(Date.UTC(to.getUTCFullYear(), to.getUTCMonth() - 11, 1));
	return { from: monthOf(from), to: monthOf(to) };
}

const monthsBetween = (from: string, to: string) => {
	const [fy, fm] = from.split('-').map(Number) as [number, number];
	const [ty, tm] = to.split('-').map(Number) as [number, number];
	return (ty - fy) * 12 + (tm - fm) + 1;
};

export function readPlanningInput(params: URLSearchParams, today = new Date()): PlanningInput {
	const period = defaultPeriod(today);
	const text = (name: string, fallback = '') => (params.get(name) ?? fallback).trim().slice(0, 2000);
	return {
		area: text('area', 'wales'),
		authority: text('authority'),
		districts: text('districts'),
		box: text('box'),
		from: text('from', period.from),
		to: text('to', period.to),
		outcome: text('outcome')
	};
}

/**
 * The planner's choice, or the problems with it (each named, the input kept). District codes are
 * checked for shape here; that each exists is checked against the database by the caller.
 */
export function parsePlanningInput(
	input: PlanningInput,
	knownOutcomes: ReadonlySet<string>
): { choice: PlanningChoice; problems: [] } | { choice: null; problems: PlanningProblem[] } {
	const problems: PlanningProblem[] = [];
	let area: PlanningArea = { kind: 'wales' };
	const kind = (areaKinds as readonly string[]).includes(input.area) ? (input.area as AreaKind) : 'wales';
	if (kind === 'authority') {
		if (!input.authority) problems.push('authority_needed');
		area = { kind, authority: input.authority };
	} else if (kind === 'districts') {
		const codes = [...new Set(input.districts.toUpperCase().split(/[\s,;]+/).filter(Boolean))];
		if (!codes.length) problems.push('districts_needed');
		else if (codes.some((code) => !outcode.test(code))) problems.push('districts_unreadable');
		else if (codes.length > MAX_DISTRICTS) problems.push('too_many_districts');
		area = { kind, districts: codes };
	} else if (kind === 'box') {
		const box = boxSchema.safeParse(input.box);
		if (!box.success) problems.push('box_unreadable');
		else area = { kind, ...box.data };
	} else {
		area = { kind };
	}
	const from = month.test(input.from) ? input.from : null;
	const to = month.test(input.to) ? input.to : null;
	if (!from || !to) problems.push('month_unreadable');
	else if (from > to) problems.push('period_backwards');
	else if (monthsBetween(from, to) > MAX_MONTHS) problems.push('period_too_long');
	if (problems.length) return { choice: null, problems };
	return {
		choice: { area, from: `${from}-01`, to: `${to}-01`, outcome: knownOutcomes.has(input.outcome) ? input.outcome : null },
		problems: []
	};
}

/** "south,west,north,east" in degrees, within the UK's bounds, south below north and west of east. */
const boxSchema = z
	.string()
	.transform((text) => text.split(',').map((part) => Number(part.trim())))
	.pipe(z.tuple([z.number().min(49).max(61.5), z.number().min(-9).max(2.5), z.number().min(49).max(61.5), z.number().min(-9).max(2.5)]))
	.refine(([south, west, north, east]) => south < north && west < east)
	.transform(([south, west, north, east]) => ({ south, west, north, east }));

/** The box as the form and links carry it. */
export const boxText = (box: { south: number; west: number; north: number; east: number }) =>
	[box.south, box.west, box.north, box.east].map((n) => Number(n.toFixed(4))).join(',');

/** The query string for a choice, so a CSV link and the page agree on what they show. */
export function planningQuery(input: PlanningInput): string {
	const params = new URLSearchParams();
	params.set('area', input.area);
	if (input.area === 'authority') params.set('authority', input.authority);
	if (input.area === 'districts') params.set('districts', input.districts);
	if (input.area === 'box') params.set('box', input.box);
	params.set('from', input.from);
	params.set('to', input.to);
	if (input.outcome) params.set('outcome', input.outcome);
	return params.toString();
}

// ---------------------------------------------------------------------------------------------
// Gaps

/**
 * How much demand there is for each local offer: people per offer, or null when demand is
 * withheld. With no local offer, the demand itself ranks it (an infinite ratio, shown as "none").
 */
export function demandPerOffer(demand: Cell, offers: number): number | null {
	if (demand.value === null) return null;
	return offers === 0 ? Number.POSITIVE_INFINITY : demand.value / offers;
}

/** Gaps first: no local offer with the most demand, then the highest demand per offer; withheld last. */
export function byGap<T extends { demand: Cell; offers: number }>(a: T, b: T): number {
	const ra = demandPerOffer(a.demand, a.offers);
	const rb = demandPerOffer(b.demand, b.offers);
	if (ra === null || rb === null) return ra === null ? (rb === null ? 0 : 1) : -1;
	if (ra !== rb) return rb - ra;
	return (b.demand.value ?? 0) - (a.demand.value ?? 0);
}

/** Shading band (0 = no demand shown … 4 = most demand per offer) for the map and its legend. */
export const gapBands = [0, 2, 5, 10, 20] as const;
export function gapBand(demand: Cell, offers: number): number {
	const ratio = demandPerOffer(demand, offers);
	if (ratio === null) return 0;
	let band = 1;
	for (let i = 1; i < gapBands.length; i++) if (ratio >= gapBands[i]!) band = i + 1;
	return Math.min(band, gapBands.length);
}

// ---------------------------------------------------------------------------------------------
// CSV (RFC 4180), with a withheld count written as the words the page shows.

export function csvLine(values: (string | number | null)[]): string {
	return values
		.map((value) => {
			const text = value === null ? '' : String(value);
			// A leading = + - @ would run as a formula in a spreadsheet; a quote mark disarms it.
			const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
			return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
		})
		.join(',');
}

