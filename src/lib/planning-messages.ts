import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { MAX_DISTRICTS, MAX_MONTHS, csvLine, type Cell, type PlanningInput, type PlanningProblem } from '$lib/domain/planning';
import { authorityName, roundRatio, type PlanningTableName } from '$lib/domain/planning-display';
import { formatDate, formatMonth, formatNumber, formatTime, inLocale, joinList, label } from '$lib/i18n';
import type { AreaProblem, Dashboard } from '$lib/server/repos/planning';

// The planning dashboard's words: problems, countries, and its tables as one model that both the
// page and the CSV downloads read, so a download says exactly what the page says.

export type PlanningProblemCode = PlanningProblem | AreaProblem;

/** Which form field each problem is about, for the summary's links. */
export const problemField: Record<PlanningProblemCode, string> = {
	authority_needed: 'planning-authority',
	authority_unknown: 'planning-authority',
	districts_needed: 'planning-districts',
	districts_unreadable: 'planning-districts',
	too_many_districts: 'planning-districts',
	districts_unknown: 'planning-districts',
	box_unreadable: 'planning-box',
	box_empty: 'planning-box',
	month_unreadable: 'planning-from',
	period_backwards: 'planning-from',
	period_too_long: 'planning-from'
};

export function problemText(problem: PlanningProblemCode, unknownDistricts: string[] = []): string {
	switch (problem) {
		case 'authority_needed': return m.planning_problem_authority_needed();
		case 'districts_needed': return m.planning_problem_districts_needed();
		case 'districts_unreadable': return m.planning_problem_districts_unreadable();
		case 'too_many_districts': return m.planning_problem_too_many_districts({ max: MAX_DISTRICTS });
		case 'box_unreadable': return m.planning_problem_box_unreadable();
		case 'month_unreadable': return m.planning_problem_month_unreadable();
		case 'period_backwards': return m.planning_problem_period_backwards();
		case 'period_too_long': return m.planning_problem_period_too_long({ max: MAX_MONTHS });
		case 'authority_unknown': return m.planning_problem_authority_unknown();
		case 'districts_unknown': return m.planning_problem_districts_unknown({ districts: joinList(unknownDistricts) });
		case 'box_empty': return m.planning_problem_box_empty();
	}
}

const countryMessages: Record<string, () => string> = {
	Wales: m.planning_country_wales,
	England: m.planning_country_england,
	Scotland: m.planning_country_scotland,
	'Northern Ireland': m.planning_country_northern_ireland,
	'Isle of Man': m.planning_country_isle_of_man,
	Guernsey: m.planning_country_guernsey,
	Jersey: m.planning_country_jersey
};

export const countryName = (country: string) => countryMessages[country]?.() ?? country;

// ---------------------------------------------------------------------------------------------
// Tables

/** One value in a table: a label, a plain count, a suppressed count, a rate or a ratio. */
export type TableValue =
	| { t: 'text'; text: string; lang?: 'en' }
	| { t: 'count'; n: number }
	| { t: 'cell'; cell: Cell }
	| { t: 'rate'; rate: number | null; of: Cell }
	| { t: 'ratio'; ratio: number | null };

export interface TableRow {
	values: TableValue[];
	/** A totals row, set apart at the foot. */
	total?: boolean;
	/** Rows sharing a group label sit under one heading on the page; the CSV writes it as the first column. */
	group?: string;
}

export interface TableModel {
	name: PlanningTableName;
	caption: string;
	/** The column the group label fills in the CSV, when rows are grouped. */
	groupColumn?: string;
	columns: { label: string; csv?: string }[];
	rows: TableRow[];
}

export interface Words {
	fewerThan: string;
	heldBack: string;
	tooFew: string;
	noLocalOffer: string;
}

export const wordsFor = (smallestShown: number): Words => ({
	fewerThan: m.planning_fewer_than({ n: smallestShown }),
	heldBack: m.planning_held_back(),
	tooFew: m.planning_too_few_to_say(),
	noLocalOffer: m.planning_no_local_offer()
});

export const cellText = (cell: Cell, words: Words): string =>
	cell.value !== null ? formatNumber(cell.value) : cell.withheld === 'secondary' ? words.heldBack : words.fewerThan;

export const ratioText = (ratio: number | null, words: Words): string =>
	ratio === null ? words.tooFew : ratio === Number.POSITIVE_INFINITY ? words.noLocalOffer : formatNumber(roundRatio(ratio));

/** A value as the page writes it. */
export function valueText(value: TableValue, words: Words): string {
	switch (value.t) {
		case 'text': return value.text;
		case 'count': return formatNumber(value.n);
		case 'cell': return cellText(value.cell, words);
		case 'ratio': return ratioText(value.ratio, words);
		case 'rate':
			return value.rate === null || value.of.value === null
				? words.tooFew
				: m.planning_rate_of({ rate: value.rate, total: formatNumber(value.of.value) });
	}
}

/** A value as the CSV writes it: numbers bare (no thousands separator), withheld ones in words. */
function csvValue(value: TableValue, words: Words): string | number {
	switch (value.t) {
		case 'count': return value.n;
		case 'cell': return value.cell.value ?? (value.cell.withheld === 'secondary' ? words.heldBack : words.fewerThan);
		case 'ratio': return value.ratio === null || value.ratio === Number.POSITIVE_INFINITY ? ratioText(value.ratio, words) : roundRatio(value.ratio);
		case 'rate': return value.rate ?? words.tooFew;
		case 'text': return value.text;
	}
}

/** Does the table show a withheld count of this kind (for its footnotes)? */
export const tableWithholds = (table: TableModel, kind: 'small' | 'secondary') =>
	table.rows.some((row) => row.values.some((value) => (value.t === 'cell' || value.t === 'rate') && (value.t === 'cell' ? value.cell : value.of).withheld === kind));

export interface Labels {
	outcome: (id: string) => string;
	/** Where an outcome sits in the taxonomy, so every table lists outcomes in the same order. */
	order: (id: string | null) => number;
}

/** Outcome labels in the reader's language, from the outcomes the view lists (in taxonomy order). */
export function outcomeLabels(outcomes: { id: string; label_en: string; label_cy: string | null }[]): Labels {
	const names = new Map(outcomes.map((outcome) => [outcome.id, inLocale(outcome.label_en, outcome.label_cy)]));
	const places = new Map(outcomes.map((outcome, i) => [outcome.id, i]));
	return { outcome: (id) => names.get(id) ?? id, order: (id) => (id === null ? Number.MAX_SAFE_INTEGER : (places.get(id) ?? outcomes.length)) };
}

/**
 * The dashboard with its outcome tables in taxonomy order ("no outcome named" last), the order
 * the page, its charts and the CSV files share. Gaps keep their ranking; what helped keeps each
 * outcome's kinds of offer as the repository ranked them (most answers first).
 */
export function inTaxonomyOrder(dashboard: Dashboard, labels: Labels): Dashboard {
	const byOutcome = <T extends { outcomeId: string | null }>(rows: T[]) =>
		rows.map((row, i) => ({ row, i })).sort((a, b) => labels.order(a.row.outcomeId) - labels.order(b.row.outcomeId) || a.i - b.i).map(({ row }) => row);
	return {
		...dashboard,
		demand: { ...dashboard.demand, rows: byOutcome(dashboard.demand.rows) },
		supply: byOutcome(dashboard.supply),
		helped: byOutcome(dashboard.helped),
		flow: { ...dashboard.flow, rows: byOutcome(dashboard.flow.rows) }
	};
}

/** A kind of offer in words ("Peer support"). */
export const kindText = (kind: string) => (kind ? label('kind', kind) : m.planning_kind_unknown());
const cell = (c: Cell): TableValue => ({ t: 'cell', cell: c });
const count = (n: number): TableValue => ({ t: 'count', n });
const text = (t: string): TableValue => ({ t: 'text', text: t });

/** Every table of the dashboard, in page order. */
export function planningTables(dashboard: Dashboard, labels: Labels, hexagonCentre: (h3: string) => string = () => ''): Record<PlanningTableName, TableModel> {
	const bySource = [{ label: m.planning_col_self_service() }, { label: m.planning_col_practitioner() }, { label: m.planning_col_total() }];
	const { demand, trend, flow } = dashboard;
	return {
		demand: {
			name: 'demand',
			caption: m.planning_demand_caption(),
			columns: [{ label: m.planning_col_outcome() }, ...bySource],
			rows: demand.rows.length
				? [
						...demand.rows.map((row) => ({ values: [text(labels.outcome(row.outcomeId)), cell(row.selfService), cell(row.practitioner), cell(row.total)] })),
						{ total: true, values: [text(m.planning_row_all_outcomes()), cell(demand.total.selfService), cell(demand.total.practitioner), cell(demand.total.total)] }
					]
				: []
		},
		trend: {
			name: 'trend',
			caption: m.planning_trend_caption(),
			columns: [{ label: m.planning_col_month() }, ...bySource],
			rows: [
				...trend.rows.map((row) => ({ values: [text(formatMonth(row.month)), cell(row.selfService), cell(row.practitioner), cell(row.total)] })),
				{ total: true, values: [text(m.planning_row_whole_period()), cell(trend.total.selfService), cell(trend.total.practitioner), cell(trend.total.total)] }
			]
		},
		supply: {
			name: 'supply',
			caption: m.planning_supply_caption(),
			columns: [
				{ label: m.planning_col_outcome() }, { label: m.planning_col_local_offers() }, { label: m.planning_col_online_offers() },
				{ label: m.planning_col_waiting_list() }, { label: m.planning_col_reviewed_6() }, { label: m.planning_col_not_reviewed_year() }
			],
			rows: dashboard.supply.map((row) => ({
				values: [text(labels.outcome(row.outcomeId)), count(row.offers), count(row.onlineOffers), count(row.waitingList), count(row.reviewedIn6Months), count(row.notReviewedInAYear)]
			}))
		},
		gaps: {
			name: 'gaps',
			caption: m.planning_gaps_caption(),
			columns: [{ label: m.planning_col_outcome() }, { label: m.planning_col_demand() }, { label: m.planning_col_local_offers() }, { label: m.planning_col_per_offer() }],
			rows: dashboard.gaps.map((row) => ({ values: [text(labels.outcome(row.outcomeId)), cell(row.demand), count(row.offers), { t: 'ratio', ratio: row.perOffer }] }))
		},
		map: {
			name: 'map',
			caption: m.planning_cells_caption(),
			columns: [
				{ label: m.planning_col_hexagon() }, { label: m.planning_col_centre() }, { label: m.planning_col_demand() },
				{ label: m.planning_col_local_offers() }, { label: m.planning_col_per_offer() }
			],
			rows: [
				...dashboard.map.cells.map((row) => ({
					values: [text(row.h3), text(hexagonCentre(row.h3)), cell(row.demand), count(row.offers), { t: 'ratio', ratio: row.demand.value === null ? null : row.offers ? row.demand.value / row.offers : Number.POSITIVE_INFINITY } as TableValue]
				})),
				{ total: true, values: [text(m.planning_row_unplaced()), text(''), cell(dashboard.map.unplaced), text(''), text('')] }
			]
		},
		helped: {
			name: 'helped',
			caption: m.planning_helped_caption(),
			groupColumn: m.planning_col_outcome(),
			columns: [
				{ label: m.planning_col_kind() }, { label: m.planning_col_helped() }, { label: m.planning_col_did_not_help() },
				{ label: m.planning_col_did_not_go() }, { label: m.planning_col_answers() }, { label: m.planning_col_rate(), csv: m.planning_col_rate_csv() }
			],
			rows: dashboard.helped.map((row) => ({
				group: labels.outcome(row.outcomeId),
				values: [text(kindText(row.kind)), cell(row.helped), cell(row.didNotHelp), cell(row.didNotGo), cell(row.total), { t: 'rate', rate: row.rate, of: row.total }]
			}))
		},
		flow: {
			name: 'flow',
			caption: m.planning_flow_caption(),
			columns: [
				{ label: m.planning_col_outcome() }, { label: m.planning_col_signpost_attending() }, { label: m.planning_col_signpost_other() },
				{ label: m.planning_col_referral_attending() }, { label: m.planning_col_referral_other() }, { label: m.planning_col_total() }
			],
			rows: flow.rows.length
				? [
						...flow.rows.map((row) => ({
							values: [text(row.outcomeId === null ? m.planning_row_no_outcome() : labels.outcome(row.outcomeId)), cell(row.signpostAttending), cell(row.signpostOther), cell(row.referralAttending), cell(row.referralOther), cell(row.total)]
						})),
						{ total: true, values: [text(m.planning_row_all_outcomes()), cell(flow.total.signpostAttending), cell(flow.total.signpostOther), cell(flow.total.referralAttending), cell(flow.total.referralOther), cell(flow.total.total)] }
					]
				: []
		}
	};
}

/** The area in words, for the page's summary line and the CSV's last lines. */
export function areaText(input: PlanningInput, districtCount: number | null): string {
	const locale = getLocale();
	const name = (() => {
		switch (input.area) {
			case 'everywhere': return m.planning_area_everywhere();
			case 'authority': return authorityName(input.authority, locale);
			case 'districts': return m.planning_showing_districts_typed({ districts: input.districts.toUpperCase().split(/[\s,;]+/).filter(Boolean).join(' ') });
			case 'box': return m.planning_showing_box();
			default: return m.planning_area_wales();
		}
	})();
	if (districtCount === null || input.area === 'districts') return name;
	return districtCount === 1 ? m.planning_showing_one_district({ area: name }) : m.planning_showing_districts({ area: name, count: formatNumber(districtCount) });
}

/** "Figures rebuilt at 14:05 on 22 November 2026." */
export const builtText = (refreshedAt: string | null) =>
	refreshedAt ? m.planning_status_built({ time: formatTime(new Date(refreshedAt)), date: formatDate(new Date(refreshedAt)) }) : m.planning_status_not_built();

/**
 * A table as CSV (RFC 4180, CRLF), header in the reader's language, withheld counts in the page's
 * words, and after a blank line the suppression rule and what the figures cover.
 */
export function tableCsv(table: TableModel, dashboard: Dashboard, input: PlanningInput): string {
	const words = wordsFor(dashboard.status.smallestShown);
	const header = [...(table.groupColumn ? [table.groupColumn] : []), ...table.columns.map((column) => column.csv ?? column.label)];
	const lines = [csvLine(header)];
	for (const row of table.rows) {
		const values = row.values.map((value) => csvValue(value, words));
		lines.push(csvLine(table.groupColumn ? [row.group ?? '', ...values] : values));
	}
	const built = dashboard.status.refreshedAt
		? `${formatDate(new Date(dashboard.status.refreshedAt))} ${formatTime(new Date(dashboard.status.refreshedAt))}`
		: m.planning_csv_not_built();
	lines.push(
		'',
		csvLine([m.planning_csv_note({ smallest: dashboard.status.smallestShown, round: dashboard.status.roundTo, fewer: words.fewerThan, held: words.heldBack })]),
		csvLine([m.planning_csv_area({ area: areaText(input, dashboard.districtCount), from: formatMonth(input.from), to: formatMonth(input.to), built })])
	);
	return lines.join('\r\n') + '\r\n';
}
