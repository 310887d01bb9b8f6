// A synthetic history for the planning dashboards (issue 8): three years of self-service journeys
// (demand_signals), practitioners' conversations with their outcomes, signposts and referrals, and
// "what helped" feedback from people and from practitioners' follow-ups (asset_feedback), all in
// South Wales and all against the demo offers, so demand, supply, gaps, what helped and the referral
// flow show patterns a planner would recognise:
//
//   - demand grows over time (more journeys recently), peaks in winter for seeing people, and
//     leans to seeing people, staying well, having things to do and money (living as I want);
//   - deliberate gaps: in Merthyr Tydfil and Blaenau Gwent, high and rising demand for outcomes that
//     the demo directory serves with at most one published offer there (chosen at seed time from
//     the offers that exist, so the gap is real; see `gapCandidates`);
//   - most support helps; peer support and befriending do best for seeing people; offers far away
//     are more often "didn't go";
//   - one outcome × kind of offer has too few answers to say anything (`smallNumbers`).
//
// Anonymous rows (demand_signals, asset_feedback) are `is_demo`; the conversations belong to six
// synthetic practitioners (never the demo practitioner, whose pages would be flooded), demo accounts
// without a password, so a reset removes them and, by cascade, their conversations. No free text
// anywhere. Deterministic: a seeded PRNG, the demo reference date and the demo offers' fixed ids.
// Bulk inserts (one statement per table), so it adds little to every fresh embedded start.
import { latLngToCell } from 'h3-js';
import type { Tx } from '../db/types';
import { demoAccounts } from './demo-accounts';
import { DEMO_REFERENCE_DATE, int, jitter, mulberry32, pick, uuidFrom, type Rng } from './demo';
import { columns, insertUnnest } from './unnest';

const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;
const JOURNEYS = 8_000;
const CONVERSATIONS = 1_500;

// ---------------------------------------------------------------------------------------------
// The area: South Wales local authorities (postcode_districts.region) and roughly how many people
// live there (thousands), which weighs how many journeys and conversations each district has.

interface Area {
	people: number;
	valleys?: boolean;
	/** Only these districts of the authority (Carmarthenshire: Llanelli). */
	only?: string[];
}
const areas: Record<string, Area> = {
	Cardiff: { people: 370 },
	Swansea: { people: 245 },
	Newport: { people: 160 },
	'Rhondda Cynon Taff': { people: 240, valleys: true },
	Caerphilly: { people: 175, valleys: true },
	'Neath Port Talbot': { people: 142 },
	Torfaen: { people: 93, valleys: true },
	'Blaenau Gwent': { people: 67, valleys: true },
	'Merthyr Tydfil': { people: 59, valleys: true },
	Carmarthenshire: { people: 50, only: ['SA14', 'SA15'] }
};
/** Smaller places within their authority: fewer journeys, so some counts stay under 10. */
const districtScale: Record<string, number> = { CF46: 0.45, NP13: 0.6, CF72: 0.7, CF15: 0.5, SA12: 0.7, NP44: 1.3 };

/**
 * The deliberate gaps: in each of these authorities, the first two outcomes (in this order) that the
 * demo offers meeting there serve at most once. Demand for them is several times the usual, and grows.
 */
export const gapCandidates: Record<string, string[]> = {
	'Merthyr Tydfil': ['things-to-do', 'reduced-symptoms', 'skills', 'dealing-with-stigma', 'mobility'],
	'Blaenau Gwent': ['seeing-people', 'mobility', 'reduced-symptoms', 'dealing-with-stigma', 'things-to-do']
};
const GAPS_PER_AREA = 2;

/** The "too few to say" combination in what helped: a few answers about it, all in the last year, never 10. */
export const smallNumbers = { outcome: 'mobility', kind: 'practical_help', atMost: 6 } as const;

// How often each outcome is named (relative), before season, area and the gaps.
const outcomeWeight: Record<string, number> = {
	'seeing-people': 30, 'staying-well': 20, 'things-to-do': 18, 'living-as-i-want': 16, 'confidence-and-morale': 14,
	'reduced-symptoms': 12, 'feeling-safe': 7, mobility: 7, skills: 6, 'dealing-with-stigma': 3
};
// Practitioners hear more about money, safety, symptoms and getting about.
const practitionerTilt: Record<string, number> = {
	'reduced-symptoms': 1.5, 'living-as-i-want': 1.4, 'feeling-safe': 1.8, mobility: 1.3, 'things-to-do': 0.8
};
// How support felt, ticked in some answers: weights.
const processWeight: Record<string, number> = {
	'being-listened-to': 3, 'treated-with-respect': 3, reliability: 2, 'responded-to': 2, 'having-a-say': 1
};

/** Journeys by calendar month (January = 0): a new-year rise, a summer dip, busier towards winter. */
const monthVolume = [1.15, 1.1, 1.0, 0.95, 0.9, 0.85, 0.85, 0.78, 1.0, 1.05, 1.15, 0.95];
/** Seeing people peaks in winter; things to do in summer; money worries with the heating bills. */
function seasonal(outcome: string, month: number): number {
	const winter = month === 10 || month === 11 || month === 0 || month === 1;
	const shoulder = month === 9 || month === 2;
	const summer = month >= 5 && month <= 7;
	if (outcome === 'seeing-people') return winter ? 1.7 : shoulder ? 1.25 : summer ? 0.8 : 1;
	if (outcome === 'things-to-do') return summer ? 1.25 : 1;
	if (outcome === 'living-as-i-want') return winter ? 1.3 : 1;
	if (outcome === 'mobility') return winter ? 0.85 : 1;
	return 1;
}

// The synthetic practitioners: where they work and from which week of the three years.
interface PractitionerSpec {
	area: string;
	regions: string[];
	fromWeek: number;
	weight: number;
}
const practitionerSpecs: PractitionerSpec[] = [
	{ area: 'Cardiff', regions: ['Cardiff'], fromWeek: 0, weight: 1.25 },
	{ area: 'Rhondda Cynon Taf and Merthyr Tydfil', regions: ['Rhondda Cynon Taff', 'Merthyr Tydfil'], fromWeek: 0, weight: 1.15 },
	{ area: 'Newport and Torfaen', regions: ['Newport', 'Torfaen'], fromWeek: 16, weight: 1 },
	{ area: 'Caerphilly and Blaenau Gwent', regions: ['Caerphilly', 'Blaenau Gwent'], fromWeek: 30, weight: 1 },
	{ area: 'Swansea', regions: ['Swansea'], fromWeek: 0, weight: 1.1 },
	{ area: 'Neath Port Talbot and Llanelli', regions: ['Neath Port Talbot', 'Carmarthenshire'], fromWeek: 70, weight: 0.9 }
];
export const historyPractitionerEmail = (n: number) => `history-practitioner-${n}@demo.example.org`;
const HISTORY_EMAIL_PATTERN = 'history-practitioner-%@demo.example.org';

// ---------------------------------------------------------------------------------------------
// Input (read from the database) and output (rows, column-wise)

export interface HistoryDistrict {
	outcode: string;
	lat: number;
	lng: number;
	region: string;
}
export interface HistoryOffer {
	id: string;
	organisation_id: string;
	kind: string;
	title_en: string;
	access: string;
	attendance: string;
	created_at: string;
	outcome_ids: string[];
	/** Where it meets: the districts and points of its locations. */
	places: { outcode: string; lat: number; lng: number }[];
}
export interface HistoryInput {
	districts: HistoryDistrict[];
	/** Quality-of-life and change outcomes, in taxonomy order. */
	demandOutcomes: string[];
	processOutcomes: string[];
	/** Published demo offers of published demo groups, by id. */
	offers: HistoryOffer[];
	/** Groups the demo accounts belong to: no synthetic referrals land in their inbox. */
	quietOrganisations: string[];
}

export interface Gap {
	region: string;
	outcome: string;
	/** Published offers meeting in the authority that serve it. */
	offers: number;
	districts: string[];
}

export function emptyHistoryRows() {
	return {
		users: columns('id', 'email', 'display_name'),
		demand: columns('id', 'outcome_ids', 'district', 'h3', 'week'),
		conversations: columns(
			'id', 'holder_id', 'reference', 'consent_record_at', 'consent_share_at', 'consent_contact_at', 'district', 'h3',
			'status', 'plan_language', 'follow_up_on', 'text_erased_at', 'created_at'
		),
		conversationOutcomes: columns('conversation_id', 'outcome_id', 'priority'),
		signposts: columns(
			'id', 'conversation_id', 'offer_id', 'offer_title', 'outcome_id', 'kind', 'status', 'rating', 'rated_at',
			'status_changed_at', 'status_changed_by', 'created_at'
		),
		feedback: columns('id', 'offer_id', 'organisation_id', 'offer_kind', 'source', 'rating', 'district', 'h3', 'week'),
		feedbackOutcomes: columns('feedback_id', 'outcome_id')
	};
}
export type HistoryRows = ReturnType<typeof emptyHistoryRows>;
export interface DemoHistory {
	rows: HistoryRows;
	gaps: Gap[];
	/** Answers about the small-numbers combination (all time, both sources). */
	smallNumberAnswers: number;
}

// ---------------------------------------------------------------------------------------------
// Helpers

/** Cumulative weights, for `drawIndex`. */
function cumulative(weights: number[]): number[] {
	let total = 0;
	return weights.map((w) => (total += Math.max(0, w)));
}
/** An index drawn in proportion to its weight. */
function drawIndex(rng: Rng, cum: number[]): number {
	const x = rng() * cum[cum.length - 1]!;
	let lo = 0;
	let hi = cum.length - 1;
	while (lo < hi) {
		const mid = (lo + hi) >> 1;
		if (cum[mid]! > x) hi = mid;
		else lo = mid + 1;
	}
	return lo;
}
/** `n` distinct items drawn in proportion to their weights (`weights` is used up). */
function drawDistinct(rng: Rng, items: string[], weights: number[], n: number): string[] {
	const out: string[] = [];
	while (out.length < n) {
		let total = 0;
		for (const w of weights) total += w;
		if (total <= 0) break;
		let x = rng() * total;
		let i = 0;
		while (i < weights.length - 1 && (x -= weights[i]!) >= 0) i++;
		if (weights[i]! <= 0) i = weights.findIndex((w) => w > 0);
		out.push(items[i]!);
		weights[i] = 0;
	}
	return out;
}
const iso = (ms: number) => new Date(ms).toISOString();
const dates = new Map<number, string>();
/** 'YYYY-MM-DD' of the UTC day holding `ms` (remembered: the same few hundred days recur). */
const dateOf = (ms: number) => {
	const day = Math.floor(ms / DAY_MS);
	let text = dates.get(day);
	if (!text) dates.set(day, (text = iso(day * DAY_MS).slice(0, 10)));
	return text;
};
/** The Monday (UTC) of the week holding `ms`. */
const mondayOf = (ms: number) => {
	const day = Math.floor(ms / DAY_MS);
	// 1970-01-01 was a Thursday: day 0 is 3 days after a Monday.
	return (day - ((day + 3) % 7)) * DAY_MS;
};
function kmBetween(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
	const dLat = (a.lat - b.lat) * 111.32;
	const dLng = (a.lng - b.lng) * 111.32 * Math.cos(((a.lat + b.lat) / 2) * (Math.PI / 180));
	return Math.sqrt(dLat * dLat + dLng * dLng);
}

type Rating = 'helped_a_lot' | 'helped_a_bit' | 'did_not_help' | 'did_not_go';

/** How often an offer of this kind helps with this outcome, for someone who went: [a lot, a bit]; the rest did not help. */
function helpfulness(kind: string, outcome: string | null): [number, number] {
	const o = outcome ?? '';
	if ((kind === 'peer_support' || kind === 'befriending') && ['seeing-people', 'confidence-and-morale', 'feeling-safe'].includes(o)) return [0.66, 0.27];
	if (kind === 'peer_support' && ['reduced-symptoms', 'dealing-with-stigma'].includes(o)) return [0.55, 0.32];
	if (['lunch_club', 'mens_shed', 'carers_group', 'welsh_language', 'activity', 'walking_group'].includes(kind) && ['seeing-people', 'things-to-do'].includes(o)) return [0.5, 0.36];
	if (['advice', 'food_support', 'practical_help'].includes(kind) && ['living-as-i-want', 'feeling-safe'].includes(o)) return [0.52, 0.3];
	if (['digital_skills', 'learning', 'volunteering'].includes(kind) && ['skills', 'confidence-and-morale'].includes(o)) return [0.47, 0.38];
	if (['exercise', 'walking_group'].includes(kind) && ['staying-well', 'mobility'].includes(o)) return [0.48, 0.37];
	if (o === 'reduced-symptoms') return [0.28, 0.42];
	return [0.33, 0.42];
}
function helpedRating(rng: Rng, kind: string, outcome: string | null): Rating {
	const [lot, bit] = helpfulness(kind, outcome);
	const x = rng();
	return x < lot ? 'helped_a_lot' : x < lot + bit ? 'helped_a_bit' : 'did_not_help';
}
/** Further away, or harder to get into, and fewer people go. */
const didNotGoChance = (km: number, access: string) =>
	0.05 + (km > 6 ? 0.08 : 0) + (km > 15 ? 0.15 : 0) + (access === 'referral' || access === 'booking' ? 0.04 : 0);

// ---------------------------------------------------------------------------------------------
// The generator: pure, deterministic, no database

export function generateDemoHistory(input: HistoryInput): DemoHistory {
	const rng = mulberry32(0x4157_0208);
	const ids = mulberry32(0x4157_1d5e);
	const rows = emptyHistoryRows();
	const ref = DEMO_REFERENCE_DATE;

	// Weeks: every Monday in the three years before the reference date.
	const start = Date.UTC(new Date(ref).getUTCFullYear() - 3, new Date(ref).getUTCMonth(), new Date(ref).getUTCDate());
	const firstMonday = mondayOf(start) < start ? mondayOf(start) + WEEK_MS : mondayOf(start);
	const lastMonday = mondayOf(ref - 1);
	const weekCount = Math.round((lastMonday - firstMonday) / WEEK_MS) + 1;
	const weekMs = (w: number) => firstMonday + w * WEEK_MS;
	const monthOfWeek = (w: number) => new Date(weekMs(w) + 3 * DAY_MS).getUTCMonth();
	// Growth (people find the directory, practitioners take it up), season, and week-to-week noise.
	const noise = Array.from({ length: weekCount }, () => 0.8 + 0.4 * rng());
	const journeyWeeks = cumulative(
		noise.map((n, w) => n * monthVolume[monthOfWeek(w)]! * (0.45 + 1.15 * (w / (weekCount - 1)) ** 1.3))
	);

	// Districts and their weights.
	const districts = input.districts.filter((d) => areas[d.region] && (!areas[d.region]!.only || areas[d.region]!.only!.includes(d.outcode)));
	const perRegion = new Map<string, number>();
	for (const d of districts) perRegion.set(d.region, (perRegion.get(d.region) ?? 0) + 1);
	const districtWeight = districts.map(
		(d) => (areas[d.region]!.people / perRegion.get(d.region)!) * (districtScale[d.outcode] ?? 0.7 + 0.6 * rng())
	);

	// Supply where the gaps are looked for: published offers meeting in each authority, by outcome.
	const regionOf = new Map(input.districts.map((d) => [d.outcode, d.region]));
	const supply = (region: string, outcome: string) =>
		input.offers.filter((o) => o.outcome_ids.includes(outcome) && o.places.some((p) => regionOf.get(p.outcode) === region)).length;
	const gaps: Gap[] = [];
	for (const [region, candidates] of Object.entries(gapCandidates)) {
		const inRegion = districts.filter((d) => d.region === region).map((d) => d.outcode);
		if (!inRegion.length) continue;
		const chosen = candidates
			.filter((o) => input.demandOutcomes.includes(o))
			.map((outcome) => ({ region, outcome, offers: supply(region, outcome), districts: inRegion }))
			.filter((g) => g.offers <= 1)
			.slice(0, GAPS_PER_AREA);
		gaps.push(...chosen);
	}
	const gapBoost = (region: string, outcome: string, w: number) =>
		gaps.some((g) => g.region === region && g.outcome === outcome) ? 2 + 2.5 * (w / (weekCount - 1)) : 1;
	// The gap areas also come a little more often: it is where the need is.
	const areaBoost = (region: string) => (gaps.some((g) => g.region === region) ? 1.3 : 1);
	const journeyDistricts = cumulative(districtWeight.map((w, i) => w * areaBoost(districts[i]!.region)));

	const outcomes = input.demandOutcomes;
	// Outcome weights by area, week and source; a fresh copy each time (drawDistinct uses it up).
	const weightCache = new Map<string, number[]>();
	const weightsFor = (region: string, w: number, practitioner: boolean) => {
		const key = `${region}|${w}|${practitioner}`;
		let cached = weightCache.get(key);
		if (!cached) weightCache.set(key, (cached = outcomeWeights(region, w, practitioner)));
		return cached.slice();
	};
	function outcomeWeights(region: string, w: number, practitioner: boolean) {
		const month = monthOfWeek(w);
		const valleys = areas[region]?.valleys;
		return outcomes.map((o) => {
			let x = (outcomeWeight[o] ?? 2) * seasonal(o, month) * gapBoost(region, o, w);
			if (valleys && (o === 'living-as-i-want' || o === 'mobility')) x *= 1.3;
			if (!valleys && (o === 'dealing-with-stigma' || o === 'skills')) x *= 1.3;
			if (practitioner) x *= practitionerTilt[o] ?? 1;
			return x;
		});
	}
	const howMany = (x: number, shares: number[]) => {
		let acc = 0;
		for (let i = 0; i < shares.length; i++) if (x < (acc += shares[i]!)) return i + 1;
		return shares.length;
	};
	const byTaxonomy = (list: string[]) => [...list].sort((a, b) => outcomes.indexOf(a) - outcomes.indexOf(b));
	// H3 cells (resolution 7) around each district's centroid: a pool of jittered points per district,
	// drawn from, which reads the same as jittering every row and costs a few hundred h3 calls, not 10,000.
	const cellPools = new Map<string, string[]>();
	const cellNear = (d: HistoryDistrict) => {
		let pool = cellPools.get(d.outcode);
		if (!pool) {
			pool = Array.from({ length: 32 }, () => {
				const p = jitter(rng, d.lat, d.lng, 3);
				return latLngToCell(p.lat, p.lng, 7);
			});
			cellPools.set(d.outcode, pool);
		}
		return pool[Math.floor(rng() * pool.length)]!;
	};

	// Offers near each district, by outcome, with a weight that falls with distance; online ones a little everywhere.
	type Near = { offer: HistoryOffer; km: number; weight: number; listedFrom: number };
	const byDistrict = new Map<string, Near[]>();
	const nearCache = new Map<string, Near[]>();
	const nearby = (d: HistoryDistrict, outcome: string): Near[] => {
		const key = `${d.outcode}|${outcome}`;
		let list = nearCache.get(key);
		if (!list) {
			let all = byDistrict.get(d.outcode);
			if (!all) {
				all = input.offers.map((offer) => {
					let km = Infinity;
					for (const p of offer.places) km = Math.min(km, kmBetween(d, p));
					const online = offer.attendance !== 'in_person' ? 0.05 : 0;
					const inPerson = km <= 35 ? 1 / (1 + (km / 5) ** 2) : 0;
					return { offer, km: offer.attendance === 'online' ? 0 : km, weight: Math.max(inPerson, online), listedFrom: Date.parse(offer.created_at) };
				});
				all.sort((a, b) => a.km - b.km || (a.offer.id < b.offer.id ? -1 : 1));
				byDistrict.set(d.outcode, all);
			}
			// Those within reach (or online), and the nearest of the rest as a last resort.
			const serving = all.filter((n) => n.offer.outcome_ids.includes(outcome));
			list = serving.filter((n, i) => n.weight > 0 || i < 3);
			nearCache.set(key, list);
		}
		return list;
	};
	/** An offer for this outcome that someone in `d` might be pointed to at `at`: one listed by then if
	 * any (in proportion to its weight), else the nearest. Null when no offer serves it at all. */
	const offerFor = (d: HistoryDistrict, outcome: string, at: number, not: Set<string>): Near | null => {
		const list = nearby(d, outcome);
		let total = 0;
		let nearest: Near | null = null;
		for (const n of list) {
			if (not.has(n.offer.id)) continue;
			nearest ??= n;
			if (n.listedFrom <= at) total += n.weight;
		}
		if (total <= 0) return nearest;
		let x = rng() * total;
		for (const n of list) {
			if (not.has(n.offer.id) || n.listedFrom > at || n.weight <= 0) continue;
			if ((x -= n.weight) < 0) return n;
		}
		return nearest;
	};

	let smallNumberAnswers = 0;
	const isSmall = (kind: string, outcome: string | null) => kind === smallNumbers.kind && outcome === smallNumbers.outcome;
	// Its few answers all fall in the last year, so the default view shows "too few to say", not nothing.
	const smallFrom = lastMonday - 51 * WEEK_MS;
	const takeSmall = (week: number) => week >= smallFrom && smallNumberAnswers < smallNumbers.atMost && ++smallNumberAnswers > 0;
	const processOutcomes = input.processOutcomes.filter((o) => processWeight[o]);
	const lastFeedbackWeek = lastMonday;
	const addFeedback = (
		source: 'person' | 'practitioner', offer: HistoryOffer, rating: Rating, d: HistoryDistrict, h3: string, week: number, linked: string[]
	) => {
		const id = uuidFrom(ids);
		rows.feedback.id.push(id);
		rows.feedback.offer_id.push(offer.id);
		rows.feedback.organisation_id.push(offer.organisation_id);
		rows.feedback.offer_kind.push(offer.kind);
		rows.feedback.source.push(source);
		rows.feedback.rating.push(rating);
		rows.feedback.district.push(d.outcode);
		rows.feedback.h3.push(h3);
		rows.feedback.week.push(dateOf(week));
		for (const o of linked) {
			rows.feedbackOutcomes.feedback_id.push(id);
			rows.feedbackOutcomes.outcome_id.push(o);
		}
	};

	// ---- Self-service journeys (and what people later said helped) ----
	const journeys: { w: number; d: HistoryDistrict }[] = [];
	for (let j = 0; j < JOURNEYS; j++) journeys.push({ w: drawIndex(rng, journeyWeeks), d: districts[drawIndex(rng, journeyDistricts)]! });
	journeys.sort((a, b) => a.w - b.w);
	for (const { w, d } of journeys) {
		const chosen = byTaxonomy(drawDistinct(rng, outcomes, weightsFor(d.region, w, false), howMany(rng(), [0.35, 0.35, 0.2, 0.1])));
		const h3 = cellNear(d);
		rows.demand.id.push(uuidFrom(ids));
		rows.demand.outcome_ids.push(chosen.join(','));
		rows.demand.district.push(d.outcode);
		rows.demand.h3.push(h3);
		rows.demand.week.push(dateOf(weekMs(w)));

		// About one in five comes back to say what helped, a few weeks on.
		if (rng() >= 0.21) continue;
		const week = weekMs(w + int(rng, 2, 10));
		if (week > lastFeedbackWeek) continue;
		const tried = new Set<string>();
		const answers = rng() < 0.22 ? 2 : 1;
		for (let a = 0; a < answers; a++) {
			const near = offerFor(d, pick(rng, chosen), week, tried);
			if (!near) continue;
			tried.add(near.offer.id);
			const rating: Rating = rng() < didNotGoChance(near.km, near.offer.access) ? 'did_not_go' : helpedRating(rng, near.offer.kind, chosen.find((o) => near.offer.outcome_ids.includes(o)) ?? null);
			// As give_plan_feedback counts it: the journey's outcomes the offer serves, and how it felt.
			let linked = chosen.filter((o) => near.offer.outcome_ids.includes(o));
			if (linked.some((o) => isSmall(near.offer.kind, o))) {
				if (!takeSmall(week)) linked = linked.filter((o) => !isSmall(near.offer.kind, o));
			}
			if (!linked.length) continue;
			if ((rating === 'helped_a_lot' || rating === 'helped_a_bit') && rng() < 0.45) {
				linked.push(...drawDistinct(rng, processOutcomes, processOutcomes.map((o) => processWeight[o]!), rng() < 0.6 ? 1 : 2));
			} else if (rating === 'did_not_help' && rng() < 0.15 && processOutcomes.includes('having-a-say')) {
				linked.push('having-a-say');
			}
			addFeedback('person', near.offer, rating, d, h3, week, linked);
		}
	}

	// ---- Practitioners ----
	const practitioners = practitionerSpecs.map((spec, i) => {
		const id = uuidFrom(ids);
		rows.users.id.push(id);
		rows.users.email.push(historyPractitionerEmail(i + 1));
		rows.users.display_name.push(`History practitioner ${i + 1} (${spec.area})`);
		const mine = districts.map((d, k) => (spec.regions.includes(d.region) ? districtWeight[k]! * areaBoost(d.region) : 0));
		return { id, spec, districts: cumulative(mine) };
	});
	const conversationWeeks = cumulative(
		noise.map((n, w) => {
			const active = practitioners.filter((p) => p.spec.fromWeek <= w).reduce((s, p) => s + p.spec.weight, 0);
			return active * (0.6 + 0.3 * n) * monthVolume[monthOfWeek(w)]! * (0.35 + 1.3 * (w / (weekCount - 1)));
		})
	);
	const drafts = Array.from({ length: CONVERSATIONS }, () => {
		const w = drawIndex(rng, conversationWeeks);
		const active = practitioners.filter((p) => p.spec.fromWeek <= w);
		const holder = active[drawIndex(rng, cumulative(active.map((p) => p.spec.weight)))]!;
		// A weekday, in working hours.
		const created = weekMs(w) + int(rng, 0, 4) * DAY_MS + int(rng, 9 * 60, 16 * 60 + 30) * 60_000 + int(rng, 0, 59) * 1000;
		return { w, holder, created };
	});
	drafts.sort((a, b) => a.created - b.created);

	const retentionMs = 365 * DAY_MS;
	drafts.forEach(({ w, holder, created }, n) => {
		const id = uuidFrom(ids);
		const d = districts[drawIndex(rng, holder.districts)]!;
		const h3 = cellNear(d);
		const ageWeeks = (lastMonday - weekMs(w)) / WEEK_MS;
		const status = rng() < (ageWeeks < 8 ? 0.7 : ageWeeks < 26 ? 0.2 : 0.03) ? 'active' : 'closed';
		// Past the retention period (CONVERSATION_TEXT_MONTHS, 12 by default) the job has erased the
		// record's words and its reference, as it would have; the rest stays.
		const erased = created + retentionMs < ref;
		const conversations = rows.conversations;
		conversations.id.push(id);
		conversations.holder_id.push(holder.id);
		conversations.reference.push(erased ? null : `H-${String(n + 1).padStart(4, '0')}`);
		conversations.consent_record_at.push(iso(created));
		conversations.consent_share_at.push(rng() < 0.55 ? iso(created) : null);
		conversations.consent_contact_at.push(rng() < 0.4 ? iso(created) : null);
		conversations.district.push(d.outcode);
		conversations.h3.push(h3);
		conversations.status.push(status);
		conversations.plan_language.push(rng() < 0.08 ? 'cy' : 'en');
		conversations.follow_up_on.push(status === 'active' ? dateOf(created + int(rng, 28, 56) * DAY_MS) : null);
		conversations.text_erased_at.push(erased ? iso(created + retentionMs) : null);
		conversations.created_at.push(iso(created));

		const named = drawDistinct(rng, outcomes, weightsFor(d.region, w, true), howMany(rng(), [0.2, 0.4, 0.28, 0.12]));
		named.forEach((outcome, i) => {
			rows.conversationOutcomes.conversation_id.push(id);
			rows.conversationOutcomes.outcome_id.push(outcome);
			rows.conversationOutcomes.priority.push(i === 0 ? 1 : i === 1 ? 2 : int(rng, 2, 3));
		});

		const signposted = new Set<string>();
		const count = howMany(rng(), [0.45, 0.35, 0.2]);
		for (let s = 0; s < count; s++) {
			const outcome = named[s % named.length]!;
			const at = Math.min(created + (s === 0 ? int(rng, 5, 50) * 60_000 : int(rng, 10, 3 * 24 * 60) * 60_000), ref - 3_600_000);
			const near = offerFor(d, outcome, at, signposted);
			if (!near) continue;
			const offer = near.offer;
			signposted.add(offer.id);
			const referralChance = { referral: 0.85, booking: 0.35, self_referral: 0.25 }[offer.access] ?? 0.1;
			const kind = rng() < referralChance && !input.quietOrganisations.includes(offer.organisation_id) ? 'referral' : 'signpost';
			// Where it got to: referrals more often lead to going; far-off offers less often.
			const far = near.km > 12 ? 0.55 : 1;
			let state: string;
			const x = rng();
			if (status === 'active' && ageWeeks < 8) {
				state = x < 0.4 ? 'suggested' : x < 0.7 ? 'contacted' : x < 0.7 + 0.25 * far ? 'attending' : 'declined';
			} else {
				const attend = (kind === 'referral' ? 0.55 : 0.4) * far;
				const contacted = kind === 'referral' ? 0.14 : 0.12;
				const suggested = kind === 'referral' ? 0.05 : 0.2;
				state = x < attend ? 'attending' : x < attend + contacted ? 'contacted' : x < attend + contacted + suggested ? 'suggested' : rng() < 0.62 ? 'declined' : 'not_suitable';
			}
			// The follow-up, some weeks on, for records the practitioner got back to.
			let rating: Rating | null = null;
			const ratedAt = at + int(rng, 21, 70) * DAY_MS;
			const followedUp = ratedAt < ref && (status === 'closed' || rng() < 0.3);
			if (followedUp) {
				const y = rng();
				if (state === 'attending' && y < 0.85) rating = helpedRating(rng, offer.kind, outcome);
				else if ((state === 'declined' || state === 'suggested') && y < 0.25) rating = 'did_not_go';
				else if (state === 'contacted' && y < 0.35) rating = rng() < 0.5 ? 'did_not_go' : helpedRating(rng, offer.kind, outcome);
				else if (state === 'not_suitable' && y < 0.3) rating = rng() < 0.6 ? 'did_not_help' : 'did_not_go';
			}
			if (rating && isSmall(offer.kind, outcome) && !takeSmall(mondayOf(ratedAt))) rating = null;
			const changed = state === 'suggested' ? null : Math.min(at + int(rng, 1, 21) * DAY_MS + int(rng, 0, 8 * 60) * 60_000, ref - 60_000);
			const signposts = rows.signposts;
			signposts.id.push(uuidFrom(ids));
			signposts.conversation_id.push(id);
			signposts.offer_id.push(offer.id);
			signposts.offer_title.push(offer.title_en);
			signposts.outcome_id.push(outcome);
			signposts.kind.push(kind);
			signposts.status.push(state);
			signposts.rating.push(rating);
			signposts.rated_at.push(rating ? dateOf(ratedAt) : null);
			signposts.status_changed_at.push(changed === null ? null : iso(changed));
			// A group moves its referrals' status itself (no demo member is modelled); the holder moves signposts.
			signposts.status_changed_by.push(changed === null || kind === 'referral' ? null : holder.id);
			signposts.created_at.push(iso(at));
			// As record_signpost_feedback counts it: anonymous, the record's area, the week, the one outcome.
			if (rating) addFeedback('practitioner', offer, rating, d, h3, mondayOf(ratedAt), [outcome]);
		}
	});

	return { rows, gaps, smallNumberAnswers };
}

// ---------------------------------------------------------------------------------------------
// Database

/** What the generator needs, read from the database (the demo offers must be in already). */
export async function readHistoryInput(tx: Tx): Promise<HistoryInput> {
	const regions = Object.keys(areas);
	const districts = await tx.query<HistoryDistrict>(
		`select outcode, lat, lng, region from public.postcode_districts where region = any($1::text[]) order by outcode`,
		[regions]
	);
	const outcomes = await tx.query<{ id: string; category: string }>(`select id, category from public.outcomes order by sort, id`);
	const offers = await tx.query<HistoryOffer>(
		`select o.id, o.organisation_id, o.kind, o.title_en, o.access, o.attendance,
		        to_char(o.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as created_at,
		        array(select oo.outcome_id from public.offer_outcomes oo where oo.offer_id = o.id order by 1) as outcome_ids,
		        coalesce((select json_agg(json_build_object('outcode', l.outcode, 'lat', l.lat, 'lng', l.lng) order by l.id)
		                    from public.offer_locations ol join public.locations l on l.id = ol.location_id
		                   where ol.offer_id = o.id), '[]'::json) as places
		   from public.offers o
		   join public.organisations g on g.id = o.organisation_id and g.status = 'published' and g.is_demo
		  where o.is_demo and o.status = 'published'
		  order by o.id`
	);
	// The groups the demo accounts join (insertDemoAccounts: the first published demo group by name, and named ones).
	const named = demoAccounts.flatMap((a) => (a.member && a.group ? [a.group] : []));
	const quiet = await tx.query<{ id: string }>(
		`(select id from public.organisations where is_demo and status = 'published' order by name limit 1)
		 union select id from public.organisations where is_demo and name = any($1::text[])`,
		[named]
	);
	return {
		districts: districts.map((d) => ({ ...d, lat: Number(d.lat), lng: Number(d.lng) })),
		demandOutcomes: outcomes.filter((o) => o.category === 'quality_of_life' || o.category === 'change').map((o) => o.id),
		processOutcomes: outcomes.filter((o) => o.category === 'process').map((o) => o.id),
		offers: offers.map((o) => ({
			...o,
			places: (typeof o.places === 'string' ? JSON.parse(o.places) : o.places).map((p: HistoryOffer['places'][number]) => ({
				outcode: p.outcode, lat: Number(p.lat), lng: Number(p.lng)
			}))
		})),
		quietOrganisations: quiet.map((q) => q.id).sort()
	};
}

/** Removes the history: its anonymous rows and its practitioners (their conversations go with them). */
export async function deleteDemoHistory(tx: Tx): Promise<void> {
	await tx.query('delete from public.demand_signals where is_demo');
	await tx.query('delete from public.asset_feedback where is_demo');
	await tx.query(`delete from auth.users where email like $1 and raw_app_meta_data ->> 'demo' = 'true'`, [HISTORY_EMAIL_PATTERN]);
}

/**
 * Inserts the synthetic history (replacing any earlier one) inside the demo seed's service-role
 * transaction, after the demo offers. Returns how many rows of each kind.
 */
export async function insertDemoHistory(
	tx: Tx
): Promise<{ journeys: number; conversations: number; signposts: number; feedback: number }> {
	await deleteDemoHistory(tx);
	const { rows } = generateDemoHistory(await readHistoryInput(tx));

	// No password: nobody signs in as them. Marked demo, so deleteDemoAccounts removes them too.
	await tx.query(
		`insert into auth.users (id, email, raw_app_meta_data, raw_user_meta_data)
		 select id, email, '{"provider":"email","demo":true,"history":true}', jsonb_build_object('display_name', name)
		   from unnest($1::uuid[], $2::text[], $3::text[]) as t(id, email, name)`,
		[rows.users.id, rows.users.email, rows.users.display_name]
	);
	await tx.query(
		`insert into public.user_roles (user_id, role) select id, 'practitioner' from unnest($1::uuid[]) id`,
		[rows.users.id]
	);
	await insertUnnest(tx, 'demand_signals', rows.demand, { id: 'uuid', week: 'date' }, {
		select: { outcome_ids: "string_to_array(outcome_ids, ',')" },
		constants: { is_demo: 'true' }
	});
	await insertUnnest(tx, 'conversations', rows.conversations, {
		id: 'uuid', holder_id: 'uuid', consent_record_at: 'timestamptz', consent_share_at: 'timestamptz',
		consent_contact_at: 'timestamptz', follow_up_on: 'date', text_erased_at: 'timestamptz', created_at: 'timestamptz'
	});
	await insertUnnest(tx, 'conversation_outcomes', rows.conversationOutcomes, { conversation_id: 'uuid', priority: 'int2' });
	await insertUnnest(tx, 'signposts', rows.signposts, {
		id: 'uuid', conversation_id: 'uuid', offer_id: 'uuid', rated_at: 'date', status_changed_at: 'timestamptz',
		status_changed_by: 'uuid', created_at: 'timestamptz'
	});
	await insertUnnest(tx, 'asset_feedback', rows.feedback, { id: 'uuid', offer_id: 'uuid', organisation_id: 'uuid', week: 'date' }, {
		constants: { is_demo: 'true' }
	});
	await insertUnnest(tx, 'asset_feedback_outcomes', rows.feedbackOutcomes, { feedback_id: 'uuid' });

	return {
		journeys: rows.demand.id.length,
		conversations: rows.conversations.id.length,
		signposts: rows.signposts.id.length,
		feedback: rows.feedback.id.length
	};
}
