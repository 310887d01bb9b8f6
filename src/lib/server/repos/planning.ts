import {
	SuppressedTable, byGap, demandPerOffer, gapBand, shownRate,
	type Cell, type PlanningArea, type PlanningChoice, type SuppressedRow
} from '$lib/domain/planning';
import type { Tx } from '../db/types';

// Planning figures (issue 8). Every count of people comes from a planning_* SQL function, which
// checks the caller is a planner and suppresses (under the threshold withheld, the secondary rule,
// rounding). Supply counts are of public listings. Nothing here reads a raw row.

export interface Authority {
	name: string;
	country: string;
}

/** Local authorities (the postcode districts' region), Wales first, for the area choice. */
export async function listAuthorities(tx: Tx): Promise<Authority[]> {
	return tx.query<Authority>(
		`select region as name, country from public.postcode_districts group by region, country
		 order by country = 'Wales' desc, country, region`
	);
}

export type AreaProblem = 'authority_unknown' | 'districts_unknown' | 'box_empty';

/**
 * The postcode districts an area covers (null: everywhere, including rows with no district), or
 * what is wrong with it. A drawn box covers the districts whose centre lies inside it.
 */
export async function districtsOf(
	tx: Tx, area: PlanningArea
): Promise<{ districts: string[] | null; problem: null; unknown: [] } | { districts: null; problem: AreaProblem; unknown: string[] }> {
	const codes = async (sql: string, params: unknown[]) => (await tx.query<{ outcode: string }>(sql, params)).map((row) => row.outcode);
	switch (area.kind) {
		case 'everywhere':
			return { districts: null, problem: null, unknown: [] };
		case 'wales':
			return { districts: await codes(`select outcode from public.postcode_districts where country = 'Wales' order by outcode`, []), problem: null, unknown: [] };
		case 'authority': {
			const found = await codes(`select outcode from public.postcode_districts where region = $1 order by outcode`, [area.authority]);
			return found.length ? { districts: found, problem: null, unknown: [] } : { districts: null, problem: 'authority_unknown', unknown: [] };
		}
		case 'districts': {
			const found = new Set(await codes(`select outcode from public.postcode_districts where outcode = any($1::text[])`, [area.districts]));
			const unknown = area.districts.filter((code) => !found.has(code));
			return unknown.length ? { districts: null, problem: 'districts_unknown', unknown } : { districts: area.districts, problem: null, unknown: [] };
		}
		case 'box': {
			const found = await codes(
				`select outcode from public.postcode_districts where lat between $1 and $2 and lng between $3 and $4 order by outcode`,
				[area.south, area.north, area.west, area.east]
			);
			return found.length ? { districts: found, problem: null, unknown: [] } : { districts: null, problem: 'box_empty', unknown: [] };
		}
	}
}

async function suppressed(tx: Tx, sql: string, params: unknown[]): Promise<SuppressedTable> {
	return new SuppressedTable(await tx.query<SuppressedRow>(sql, params));
}

export interface PlanningStatus {
	refreshedAt: string | null;
	smallestShown: number;
	roundTo: number;
}

export async function planningStatus(tx: Tx): Promise<PlanningStatus> {
	const [row] = await tx.query<{ refreshed_at: Date | string | null; smallest_shown: number; round_to: number }>(
		`select * from public.planning_status()`
	);
	const at = row?.refreshed_at;
	return {
		refreshedAt: at ? new Date(at).toISOString() : null,
		smallestShown: row?.smallest_shown ?? 10,
		roundTo: row?.round_to ?? 5
	};
}

export interface DemandRow {
	outcomeId: string;
	selfService: Cell;
	practitioner: Cell;
	total: Cell;
}
export interface TrendRow {
	month: string;
	selfService: Cell;
	practitioner: Cell;
	total: Cell;
}
export interface SupplyRow {
	outcomeId: string;
	offers: number;
	onlineOffers: number;
	waitingList: number;
	reviewedIn6Months: number;
	notReviewedInAYear: number;
}
export interface GapRow {
	outcomeId: string;
	demand: Cell;
	offers: number;
	/** People per local offer; Infinity when there is none; null when demand is withheld. */
	perOffer: number | null;
}
export interface MapCell {
	h3: string;
	demand: Cell;
	offers: number;
	band: number;
}
export interface HelpedRow {
	outcomeId: string;
	kind: string;
	helped: Cell;
	didNotHelp: Cell;
	didNotGo: Cell;
	total: Cell;
	/** Percent who said it helped, of all who answered; null is "too few to say". */
	rate: number | null;
}
export interface FlowRow {
	/** null: signposts made without naming an outcome. */
	outcomeId: string | null;
	signpostAttending: Cell;
	signpostOther: Cell;
	referralAttending: Cell;
	referralOther: Cell;
	total: Cell;
}

export interface Dashboard {
	status: PlanningStatus;
	/** How many postcode districts the area covers; null for everywhere. */
	districtCount: number | null;
	demand: { rows: DemandRow[]; total: DemandRow };
	trend: { rows: TrendRow[]; total: TrendRow };
	supply: SupplyRow[];
	gaps: GapRow[];
	map: { outcome: string | null; cells: MapCell[]; unplaced: Cell };
	helped: HelpedRow[];
	flow: { rows: FlowRow[]; total: FlowRow };
}

const bySource = (table: SuppressedTable, r: string) => ({
	selfService: table.cell(r, 'self_service'),
	practitioner: table.cell(r, 'practitioner'),
	total: table.cell(r, '*')
});

const flowOf = (table: SuppressedTable, r: string) => ({
	signpostAttending: table.cell(r, 'signpost_attending'),
	signpostOther: table.cell(r, 'signpost_other'),
	referralAttending: table.cell(r, 'referral_attending'),
	referralOther: table.cell(r, 'referral_other'),
	total: table.cell(r, '*')
});

/** Everything the dashboard shows for one area and period, each figure already suppressed. */
export async function loadDashboard(tx: Tx, choice: PlanningChoice, districts: string[] | null): Promise<Dashboard> {
	const period = [districts, choice.from, choice.to];
	const status = await planningStatus(tx);

	const demandTable = await suppressed(tx, `select * from public.planning_demand_by_outcome($1::text[], $2::date, $3::date)`, period);
	const demandRows = demandTable.rows().map((outcomeId) => ({ outcomeId, ...bySource(demandTable, outcomeId) }));

	const trendTable = await suppressed(tx, `select * from public.planning_demand_by_month($1::text[], $2::date, $3::date)`, period);
	const trendRows = trendTable.rows().sort().map((month) => ({ month: month.slice(0, 7), ...bySource(trendTable, month) }));

	const supply = (
		await tx.query<{ outcome_id: string; offers: number; online_offers: number; waiting_list: number; reviewed_in_6_months: number; not_reviewed_in_a_year: number }>(
			`select * from public.planning_supply_by_outcome($1::text[])`, [districts]
		)
	).map((row) => ({
		outcomeId: row.outcome_id, offers: row.offers, onlineOffers: row.online_offers, waitingList: row.waiting_list,
		reviewedIn6Months: row.reviewed_in_6_months, notReviewedInAYear: row.not_reviewed_in_a_year
	}));
	const localOffers = new Map(supply.map((row) => [row.outcomeId, row.offers]));
	const gaps = demandRows
		.map((row) => ({ outcomeId: row.outcomeId, demand: row.total, offers: localOffers.get(row.outcomeId) ?? 0 }))
		.map((row) => ({ ...row, perOffer: demandPerOffer(row.demand, row.offers) }))
		.sort(byGap);

	const cellTable = await suppressed(tx, `select * from public.planning_demand_by_cell($1::text[], $2::date, $3::date, $4)`, [...period, choice.outcome]);
	const cellOffers = new Map(
		(await tx.query<{ h3: string; offers: number }>(`select * from public.planning_supply_by_cell($1::text[], $2)`, [districts, choice.outcome]))
			.map((row) => [row.h3, row.offers])
	);
	const cellKeys = new Set([...cellTable.rows().filter((key) => key !== '-'), ...cellOffers.keys()]);
	const cells = [...cellKeys].sort().map((h3) => {
		const demand = cellTable.cell(h3, 'people');
		const offers = cellOffers.get(h3) ?? 0;
		return { h3, demand, offers, band: gapBand(demand, offers) };
	});

	const helpedTable = await suppressed(tx, `select * from public.planning_what_helped($1::text[], $2::date, $3::date)`, period);
	const helped = helpedTable
		.rows()
		.map((key) => {
			const [outcomeId = '', kind = ''] = key.split('|');
			const row = {
				outcomeId, kind,
				helped: helpedTable.cell(key, 'helped'),
				didNotHelp: helpedTable.cell(key, 'did_not_help'),
				didNotGo: helpedTable.cell(key, 'did_not_go'),
				total: helpedTable.cell(key, '*')
			};
			return { ...row, rate: shownRate(row.helped, row.total) };
		})
		.sort((a, b) => a.outcomeId.localeCompare(b.outcomeId) || (b.total.value ?? -1) - (a.total.value ?? -1) || a.kind.localeCompare(b.kind));

	const flowTable = await suppressed(tx, `select * from public.planning_referral_flow($1::text[], $2::date, $3::date)`, period);
	const flowRows = flowTable.rows().map((key) => ({ outcomeId: key === '-' ? null : key, ...flowOf(flowTable, key) }));

	return {
		status,
		districtCount: districts ? districts.length : null,
		demand: { rows: demandRows, total: { outcomeId: '*', ...bySource(demandTable, '*') } },
		trend: { rows: trendRows, total: { month: '*', ...bySource(trendTable, '*') } },
		supply,
		gaps,
		map: { outcome: choice.outcome, cells, unplaced: cellTable.has('-') ? cellTable.cell('-', 'people') : { value: 0, withheld: null } },
		helped,
		flow: { rows: flowRows, total: { outcomeId: '*', ...flowOf(flowTable, '*') } }
	};
}
