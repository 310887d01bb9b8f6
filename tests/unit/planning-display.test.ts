// How the planning dashboard presents its figures: file names, the map's legend and drawn area,
// the authority list, chart labels (src/lib/domain/planning-display.ts), and its tables and CSV
// in words (src/lib/planning-messages.ts).
import { afterEach, describe, expect, it } from 'vitest';
import { overwriteGetLocale } from '$lib/paraglide/runtime';
import { formatMonth } from '$lib/i18n';
import { gapBand, parsePlanningInput, type Cell, type PlanningInput } from '$lib/domain/planning';
import {
	authorityName, bandRanges, boundsOf, boxOf, byCountry, centreText, csvFilename, csvPath, isPlanningTable, roundRatio, wrapLabel
} from '$lib/domain/planning-display';
import {
	areaText, inTaxonomyOrder, outcomeLabels, planningTables, problemField, problemText, tableCsv, tableWithholds, valueText, wordsFor,
	type PlanningProblemCode
} from '$lib/planning-messages';
import type { Dashboard } from '$lib/server/repos/planning';

const inLocale = (locale: 'en' | 'cy') => overwriteGetLocale(() => locale);
afterEach(() => inLocale('en'));

const shown = (value: number): Cell => ({ value, withheld: null });
const small: Cell = { value: null, withheld: 'small' };
const held: Cell = { value: null, withheld: 'secondary' };
const input = (over: Partial<PlanningInput> = {}): PlanningInput => ({
	area: 'wales', authority: '', districts: '', box: '', from: '2025-12', to: '2026-11', outcome: '', ...over
});

describe('csvFilename and csvPath', () => {
	it('names the table and the period', () => {
		expect(csvFilename('demand', input())).toBe('what-matters-demand-2025-12-2026-11.csv');
		expect(csvPath('gaps', 'area=wales&from=2025-12')).toBe('/planning/gaps.csv?area=wales&from=2025-12');
	});

	it('never puts what was typed into a file name', () => {
		expect(csvFilename('flow', input({ from: '2025-12"; rm', to: '../x' }))).toBe('what-matters-flow-period-period.csv');
	});

	it('knows its tables', () => {
		expect(isPlanningTable('helped')).toBe(true);
		expect(isPlanningTable('users')).toBe(false);
	});
});

describe('bandRanges', () => {
	it('gives every shaded band a range that matches gapBand', () => {
		const ranges = bandRanges();
		expect(ranges).toEqual([
			{ band: 1, from: null, to: 2 },
			{ band: 2, from: 2, to: 5 },
			{ band: 3, from: 5, to: 10 },
			{ band: 4, from: 10, to: 20 },
			{ band: 5, from: 20, to: null }
		]);
		for (const range of ranges) {
			const low = range.from ?? 0;
			expect(gapBand(shown(low * 10), 10), `from ${low}`).toBe(range.band);
			if (range.to !== null) expect(gapBand(shown(range.to * 10 - 1), 10), `under ${range.to}`).toBe(range.band);
		}
		// No local offer sits in the last band; a withheld count in band 0.
		expect(gapBand(shown(15), 0)).toBe(5);
		expect(gapBand(small, 3)).toBe(0);
	});
});

describe('boxOf and boundsOf', () => {
	it('writes a rectangle as the form reads it, whichever corner it was drawn from', () => {
		const text = boxOf({ south: 51.7, west: -3.2, north: 51.5, east: -3.5 });
		expect(text).toBe('51.5,-3.5,51.7,-3.2');
		const parsed = parsePlanningInput(input({ area: 'box', box: text! }), new Set());
		expect(parsed.choice?.area).toEqual({ kind: 'box', south: 51.5, west: -3.5, north: 51.7, east: -3.2 });
	});

	it('clips a view that reaches beyond the bounds the form accepts', () => {
		expect(boxOf({ south: 40, west: -20, north: 70, east: 10 })).toBe('49,-9,61.5,2.5');
	});

	it('has nothing to give for a rectangle with no area or outside the bounds', () => {
		expect(boxOf({ south: 51.5, west: -3.2, north: 51.5, east: -3.1 })).toBeNull();
		expect(boxOf({ south: 40, west: 10, north: 45, east: 12 })).toBeNull();
	});

	it('reads the box back for drawing it, or not at all', () => {
		expect(boundsOf('51.5, -3.5, 51.7, -3.2')).toEqual({ south: 51.5, west: -3.5, north: 51.7, east: -3.2 });
		expect(boundsOf('51.7,-3.5,51.5,-3.2')).toBeNull();
		expect(boundsOf('a,b,c,d')).toBeNull();
		expect(boundsOf('')).toBeNull();
	});
});

describe('byCountry and authorityName', () => {
	it('groups authorities by country in the order given', () => {
		expect(byCountry([
			{ name: 'Cardiff', country: 'Wales' }, { name: 'Swansea', country: 'Wales' },
			{ name: 'Bristol', country: 'England' }, { name: 'Bath', country: 'England' }
		])).toEqual([
			{ country: 'Wales', names: ['Cardiff', 'Swansea'] },
			{ country: 'England', names: ['Bristol', 'Bath'] }
		]);
	});

	it('gives Welsh authorities their Welsh names in Welsh', () => {
		expect(authorityName('Swansea', 'cy')).toBe('Abertawe');
		expect(authorityName('Swansea', 'en')).toBe('Swansea');
		expect(authorityName('Bristol', 'cy')).toBe('Bristol');
	});
});

describe('wrapLabel', () => {
	it('breaks at spaces', () => {
		expect(wrapLabel('Dealing with stigma or discrimination', 20)).toEqual(['Dealing with stigma', 'or discrimination']);
		expect(wrapLabel('Feeling safe', 20)).toEqual(['Feeling safe']);
	});

	it('ends with an ellipsis when the words do not fit', () => {
		expect(wrapLabel('Improved confidence and morale for everyone here', 12)).toEqual(['Improved', 'confidence…']);
		expect(wrapLabel('Supercalifragilistic', 8)).toEqual(['Superca…']);
		expect(wrapLabel('one two three', 4, 1)).toEqual(['one…']);
	});
});

describe('centreText', () => {
	it('writes a centre to two decimal places, or nothing', () => {
		expect(centreText([51.7389, -3.4567])).toBe('51.74, -3.46');
		expect(centreText(undefined)).toBe('');
	});
});

describe('roundRatio', () => {
	it('keeps one decimal place under 10', () => {
		expect(roundRatio(6.4444)).toBe(6.4);
		expect(roundRatio(49.6)).toBe(50);
	});
});

describe('formatMonth', () => {
	it('writes months the same in every browser', () => {
		expect(formatMonth('2026-01', 'en')).toBe('January 2026');
		expect(formatMonth('2026-01', 'cy')).toBe('Ionawr 2026');
		expect(formatMonth('2026-12', 'cy', 'short')).toBe('Rhag 2026');
		expect(formatMonth('nonsense', 'en')).toBe('nonsense');
	});
});

describe('problems', () => {
	const codes: PlanningProblemCode[] = [
		'authority_needed', 'districts_needed', 'districts_unreadable', 'too_many_districts', 'box_unreadable', 'month_unreadable',
		'period_backwards', 'period_too_long', 'authority_unknown', 'districts_unknown', 'box_empty'
	];

	it('says each in both languages and links it to its field', () => {
		for (const locale of ['en', 'cy'] as const) {
			inLocale(locale);
			const texts = codes.map((code) => problemText(code, ['ZZ99']));
			expect(new Set(texts).size, locale).toBe(codes.length);
			for (const text of texts) expect(text.length).toBeGreaterThan(20);
		}
		for (const code of codes) expect(problemField[code]).toMatch(/^planning-/);
	});

	it('names the unknown districts and the limits', () => {
		expect(problemText('districts_unknown', ['ZZ99', 'QQ1'])).toContain('ZZ99 and QQ1');
		expect(problemText('too_many_districts')).toContain('200');
		expect(problemText('period_too_long')).toContain('60 months');
	});
});

// A small dashboard: what the repository returns, already suppressed.
const dashboard: Dashboard = {
	status: { refreshedAt: '2026-11-22T14:05:00.000Z', smallestShown: 10, roundTo: 5 },
	districtCount: 190,
	demand: {
		rows: [
			{ outcomeId: 'seeing_people', selfService: shown(1250), practitioner: held, total: shown(1300) },
			{ outcomeId: 'feeling_safe', selfService: shown(20), practitioner: small, total: shown(25) }
		],
		total: { outcomeId: '*', selfService: shown(1270), practitioner: shown(55), total: shown(1325) }
	},
	trend: { rows: [{ month: '2026-11', selfService: shown(30), practitioner: small, total: shown(35) }], total: { month: '*', selfService: shown(30), practitioner: small, total: shown(35) } },
	supply: [{ outcomeId: 'seeing_people', offers: 12, onlineOffers: 3, waitingList: 1, reviewedIn6Months: 10, notReviewedInAYear: 1 }],
	gaps: [
		{ outcomeId: 'feeling_safe', demand: shown(25), offers: 0, perOffer: Number.POSITIVE_INFINITY },
		{ outcomeId: 'seeing_people', demand: shown(1300), offers: 12, perOffer: 1300 / 12 }
	],
	map: { outcome: null, cells: [{ h3: '86195849fffffff', demand: small, offers: 2, band: 0 }], unplaced: shown(15) },
	helped: [
		{ outcomeId: 'seeing_people', kind: 'peer_support', helped: shown(40), didNotHelp: small, didNotGo: small, total: shown(50), rate: 80 },
		{ outcomeId: 'seeing_people', kind: 'lunch_club', helped: small, didNotHelp: small, didNotGo: small, total: small, rate: null }
	],
	flow: {
		rows: [{ outcomeId: null, signpostAttending: shown(10), signpostOther: shown(15), referralAttending: small, referralOther: held, total: shown(40) }],
		total: { outcomeId: '*', signpostAttending: shown(10), signpostOther: shown(15), referralAttending: small, referralOther: held, total: shown(40) }
	}
};
const labels = outcomeLabels([
	{ id: 'feeling_safe', label_en: 'Feeling safe', label_cy: "Teimlo'n ddiogel" },
	{ id: 'seeing_people', label_en: 'Seeing people', label_cy: 'Gweld pobl' }
]);

describe('planningTables', () => {
	it('puts outcomes in taxonomy order, gaps in rank order', () => {
		const tables = planningTables(inTaxonomyOrder(dashboard, labels), labels);
		const first = (name: keyof typeof tables) => tables[name].rows.map((row) => valueText(row.values[0]!, wordsFor(10)));
		expect(first('demand')).toEqual(['Feeling safe', 'Seeing people', 'All outcomes']);
		expect(first('gaps')).toEqual(['Feeling safe', 'Seeing people']);
		expect(first('flow')).toEqual(['No outcome named', 'All outcomes']);
	});

	it('writes withheld counts, ratios and rates in words', () => {
		const words = wordsFor(10);
		const tables = planningTables(dashboard, labels, () => '51.74, -3.46');
		const text = (name: keyof typeof tables, row: number) => tables[name].rows[row]!.values.map((value) => valueText(value, words));
		expect(text('demand', 0)).toEqual(['Seeing people', '1,250', 'held back', '1,300']);
		expect(text('demand', 1)).toEqual(['Feeling safe', '20', 'fewer than 10', '25']);
		expect(text('gaps', 0)).toEqual(['Feeling safe', '25', '0', 'no local offer']);
		expect(text('gaps', 1)).toEqual(['Seeing people', '1,300', '12', '108']);
		expect(text('map', 0)).toEqual(['86195849fffffff', '51.74, -3.46', 'fewer than 10', '2', 'too few to say']);
		expect(text('map', 1)).toEqual(['Not placed on the map', '', '15', '', '']);
		expect(text('helped', 0)).toEqual(['Peer support', '40', 'fewer than 10', 'fewer than 10', '50', '80% of 50']);
		expect(text('helped', 1).at(-1)).toBe('too few to say');
		expect(tables.helped.rows[0]!.group).toBe('Seeing people');
		expect(tableWithholds(tables.demand, 'secondary')).toBe(true);
		expect(tableWithholds(tables.supply, 'small')).toBe(false);
	});
});

describe('tableCsv', () => {
	it('writes the page’s figures and words, then the rule and what the figures cover', () => {
		const csv = tableCsv(planningTables(dashboard, labels).demand, dashboard, input());
		expect(csv.split('\r\n')).toEqual([
			'Outcome,Self-service,With a practitioner,Total',
			'Seeing people,1250,held back,1300',
			'Feeling safe,20,fewer than 10,25',
			'All outcomes,1270,55,1325',
			'',
			'Counts under 10 are written as “fewer than 10” and others are rounded to the nearest 5; “held back” marks counts held back so the hidden ones cannot be worked out from totals.',
			'Area: All of Wales (190 postcode districts). Period: December 2025 to November 2026. Figures rebuilt: 22 November 2026 14:05.',
			''
		]);
	});

	it('writes the group as a column, and rates as numbers', () => {
		const lines = tableCsv(planningTables(dashboard, labels).helped, dashboard, input()).split('\r\n');
		expect(lines[0]).toBe('Outcome,Kind of offer,Said it helped,Said it did not help,Did not go,Answers,Share who said it helped (%)');
		expect(lines[1]).toBe('Seeing people,Peer support,40,fewer than 10,fewer than 10,50,80');
		expect(lines[2]).toBe('Seeing people,Lunch club,fewer than 10,fewer than 10,fewer than 10,fewer than 10,too few to say');
	});

	it('is headed in Welsh for a Welsh request', () => {
		inLocale('cy');
		const welsh = outcomeLabels([{ id: 'seeing_people', label_en: 'Seeing people', label_cy: 'Gweld pobl' }]);
		const lines = tableCsv(planningTables(dashboard, welsh).demand, dashboard, input()).split('\r\n');
		expect(lines[0]).toBe('Canlyniad,Hunanwasanaeth,Gydag ymarferydd,Cyfanswm');
		expect(lines[1]).toBe("Gweld pobl,1250,wedi'i ddal yn ôl,1300");
		expect(lines[2]).toContain('llai na 10');
	});
});

describe('areaText', () => {
	it('says which area, and how many districts it covers', () => {
		expect(areaText(input(), 190)).toBe('All of Wales (190 postcode districts)');
		expect(areaText(input({ area: 'authority', authority: 'Swansea' }), 1)).toBe('Swansea (1 postcode district)');
		expect(areaText(input({ area: 'districts', districts: 'cf44, cf45' }), 2)).toBe('postcode districts CF44 CF45');
		expect(areaText(input({ area: 'everywhere' }), null)).toBe('Everywhere, including people who gave no area');
		inLocale('cy');
		expect(areaText(input({ area: 'authority', authority: 'Swansea' }), 12)).toBe('Abertawe (12 o ardaloedd cod post)');
	});
});
