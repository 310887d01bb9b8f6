// Synthetic planning data for `npm run bench` (DESIGN.md §7: "planning aggregates, 1M feedback rows"):
// three years of anonymous demand signals, "what helped" feedback and practitioners' conversations
// (with their outcomes and signposts) across every Welsh postcode district, on top of a database that
// already holds published offers (the 100k-offer benchmark database, copied).
//
// Rows are made in SQL (generate_series and random(), seeded with setseed, so the same sizes give the
// same counts and spread every time; only the uuids differ), a chunk per statement so progress can be
// shown. What comes from TypeScript is small: the areas (a resolution-7 H3 cell at each district's
// centre and the cells around it, from h3-js, as arrays), the outcome sets people choose, and the
// practitioners who hold the conversations. Runs on the owner connection: set-up work, like a seed.
//
// Each chunk runs with triggers off (`session_replication_role = replica`, which only the owner may
// set): in PGlite the per-row triggers cost far more than the rows (15,000 conversations with their
// outcomes and signposts: 18 s with them, 0.7 s without). The rows are made as the triggers would
// leave them: conversation_guard only stamps a request's rows (these are the server's), so created_at
// and updated_at are given; signpost_guard's organisation and title come from the offer, as it sets
// them; and every id is taken from an existing row. A check at the end counts rows a foreign key
// would have refused, and fails the build if there is one.
import { gridDiskDistances, latLngToCell } from 'h3-js';
import type { Db } from '../../src/lib/server/db/types';
import { mulberry32, type Rng } from '../../src/lib/server/seed/demo';

export interface PlanningSizes {
	/** demand_signals rows (self-service journeys), each with 1–4 outcomes. */
	demand: number;
	/** asset_feedback rows, each with 1–2 asset_feedback_outcomes. */
	feedback: number;
	/** conversations, each with 1–4 conversation_outcomes and 0–2 signposts. */
	conversations: number;
}

export const planningSizes: PlanningSizes = { demand: 600_000, feedback: 250_000, conversations: 150_000 };

/** Bumped when the generator changes what it makes, so a cached database is rebuilt. */
export const PLANNING_GENERATOR = 1;
const YEARS = 3;
const WEEKS = YEARS * 52;
/** H3 resolution of the cells on raw rows (the journey's area resolution). */
const RESOLUTION = 7;
const PRACTITIONERS = 40;
const OUTCOME_SETS = 4096;

const benchUuid = (n: number) => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
/** The planner the dashboard queries run as (roles: planner). */
export const benchPlanner = { id: benchUuid(0xbe_0000_0001), email: 'planner@bench.example.org' };
const practitionerId = (i: number) => benchUuid(0xbe_0001_0000 + i);

export interface PlanningCounts {
	districts: number;
	areas: number;
	offersInWales: number;
	demand_signals: number;
	asset_feedback: number;
	asset_feedback_outcomes: number;
	conversations: number;
	conversation_outcomes: number;
	signposts: number;
}

interface WelshDistrict {
	outcode: string;
	lat: number;
	lng: number;
}

/**
 * The places rows are drawn from, as parallel arrays (a null district is a journey that gave no
 * place). Each district has a weight of 1–4 (some places are busier) and, within it, the cell at its
 * centre is drawn most often, the ring around it less and the ring beyond that least.
 */
function areas(rng: Rng, districts: WelshDistrict[]) {
	const district: (string | null)[] = [];
	const cell: (string | null)[] = [];
	for (const d of districts) {
		const weight = 1 + Math.floor(rng() * 4);
		const rings = gridDiskDistances(latLngToCell(d.lat, d.lng, RESOLUTION), 2);
		for (let w = 0; w < weight; w++) {
			rings.forEach((ring, k) => {
				const copies = [6, 2, 1][k]!;
				for (const c of ring) for (let i = 0; i < copies; i++) (district.push(d.outcode), cell.push(c));
			});
		}
	}
	// About 2% of rows come with no place at all.
	const none = Math.round(district.length * 0.02);
	for (let i = 0; i < none; i++) (district.push(null), cell.push(null));
	return { district, cell };
}

/**
 * Sets of 1–4 distinct demand outcomes (35% one, 35% two, 20% three, 10% four), drawn with uneven
 * popularity, joined by commas; rows pick one at random, so the mix follows these.
 */
function outcomeSets(rng: Rng, outcomeIds: string[]): string[] {
	const popularity = outcomeIds.map(() => 0.4 + rng() * 1.6);
	const total = popularity.reduce((a, b) => a + b, 0);
	const draw = (taken: Set<string>) => {
		for (;;) {
			let x = rng() * total;
			const i = popularity.findIndex((p) => (x -= p) < 0);
			const id = outcomeIds[i === -1 ? outcomeIds.length - 1 : i]!;
			if (!taken.has(id)) return id;
		}
	};
	const sets: string[] = [];
	for (let s = 0; s < OUTCOME_SETS; s++) {
		const u = rng();
		const size = u < 0.35 ? 1 : u < 0.7 ? 2 : u < 0.9 ? 3 : 4;
		const taken = new Set<string>();
		while (taken.size < Math.min(size, outcomeIds.length)) taken.add(draw(taken));
		sets.push([...taken].join(','));
	}
	return sets;
}

/** A week (a Monday) in the last three years, recent weeks a little more often (use grows). */
const weekSql = `(date_trunc('week', now())::date - 7 * least(${WEEKS - 1}, floor(${WEEKS} * power(random(), 1.25))::int))`;

/**
 * Adds the planning rows to `db` (which must be migrated and hold published offers in Wales).
 * `progress` is told what is happening, chunk by chunk.
 */
export async function seedPlanningData(db: Db, sizes: PlanningSizes, progress: (message: string) => void): Promise<PlanningCounts> {
	const rng = mulberry32(0x91a7_2026);
	const districts = await db.ownerQuery<WelshDistrict>(
		`select outcode, lat, lng from public.postcode_districts where country = 'Wales' and lat is not null order by outcode`
	);
	const demandOutcomes = (await db.ownerQuery<{ id: string }>(
		`select id from public.outcomes where category in ('quality_of_life', 'change') order by sort`
	)).map((r) => r.id);
	const processOutcomes = (await db.ownerQuery<{ id: string }>(`select id from public.outcomes where category = 'process' order by sort`)).map((r) => r.id);
	if (!districts.length || !demandOutcomes.length || !processOutcomes.length) throw new Error('No Welsh districts or outcomes: run the migrations first.');
	const area = areas(rng, districts);
	const sets = outcomeSets(rng, demandOutcomes);

	// Lookup tables for the generators, for this session only (PGlite has one connection).
	await db.ownerExec(`
		create temp table bench_areas (i integer primary key, district text, h3 text);
		create temp table bench_sets (i integer primary key, outcome_ids text[]);
		create temp table bench_offers (i integer primary key, id uuid, organisation_id uuid, kind text, title text, outcome_ids text[]);
		create temp table bench_holders (i integer primary key, id uuid);
	`);
	await db.ownerQuery(
		`insert into bench_areas select n::int - 1, d, c from unnest($1::text[], $2::text[]) with ordinality u (d, c, n)`,
		[area.district, area.cell]
	);
	await db.ownerQuery(`insert into bench_sets select n::int - 1, string_to_array(s, ',') from unnest($1::text[]) with ordinality u (s, n)`, [sets]);
	// Published offers that meet in Wales, with their outcomes: feedback and signposts are about these.
	await db.ownerExec(`
		insert into bench_offers
		select (row_number() over (order by f.id))::int - 1, f.id, f.organisation_id, f.kind, f.title_en,
		       array(select oo.outcome_id from public.offer_outcomes oo where oo.offer_id = f.id order by 1)
		  from public.offers f
		  join public.organisations g on g.id = f.organisation_id and g.status = 'published'
		 where f.status = 'published'
		   and exists (select 1 from public.offer_locations ol
		                 join public.locations l on l.id = ol.location_id
		                 join public.postcode_districts d on d.outcode = l.outcode and d.country = 'Wales'
		                where ol.offer_id = f.id);
		analyze bench_areas, bench_sets, bench_offers;
	`);
	const [{ n: offersInWales } = { n: 0 }] = await db.ownerQuery<{ n: number }>(`select count(*)::int as n from bench_offers`);
	if (!offersInWales) throw new Error('No published offers in Wales to give feedback on or signpost to.');
	progress(`${districts.length} Welsh districts, ${area.district.length} weighted areas (${new Set(area.cell).size - 1} H3 cells at resolution ${RESOLUTION}), ${offersInWales} published offers in Wales`);

	// The practitioners who hold the conversations, and the planner who reads the figures.
	await db.ownerQuery(
		`insert into auth.users (id, email)
		 select id, email from unnest($1::uuid[], $2::text[]) u (id, email)
		 on conflict (id) do nothing`,
		[
			[benchPlanner.id, ...Array.from({ length: PRACTITIONERS }, (_, i) => practitionerId(i))],
			[benchPlanner.email, ...Array.from({ length: PRACTITIONERS }, (_, i) => `practitioner-${i + 1}@bench.example.org`)]
		]
	);
	await db.ownerQuery(
		`insert into public.user_roles (user_id, role)
		 select $1::uuid, 'planner' union all select unnest($2::uuid[]), 'practitioner'
		 on conflict do nothing`,
		[benchPlanner.id, Array.from({ length: PRACTITIONERS }, (_, i) => practitionerId(i))]
	);
	await db.ownerQuery(`insert into bench_holders select n::int - 1, id from unnest($1::uuid[]) with ordinality u (id, n)`, [
		Array.from({ length: PRACTITIONERS }, (_, i) => practitionerId(i))
	]);

	const nAreas = area.district.length;
	const nSets = sets.length;
	let seed = 0;
	const chunked = async (what: string, total: number, chunk: number, run: (n: number) => Promise<void>) => {
		const started = performance.now();
		for (let done = 0; done < total; ) {
			const n = Math.min(chunk, total - done);
			// setseed makes random() repeat: each chunk starts from its own seed.
			await db.ownerExec('begin');
			try {
				await db.ownerQuery(`select setseed($1)`, [((++seed * 0.0137) % 1) - 0.5]);
				// Triggers off for the chunk (see the note at the top): foreign keys and guards.
				await db.ownerExec('set local session_replication_role = replica');
				await run(n);
				await db.ownerExec('commit');
			} catch (error) {
				await db.ownerExec('rollback').catch(() => {});
				throw error;
			}
			done += n;
			progress(`${what}: ${done.toLocaleString('en-GB')} / ${total.toLocaleString('en-GB')} (${((performance.now() - started) / 1000).toFixed(1)} s)`);
		}
	};

	// Self-service journeys: one anonymous row each, the outcomes chosen, district, cell and week.
	await chunked('demand_signals', sizes.demand, 100_000, async (n) => {
		await db.ownerExec(`
			insert into public.demand_signals (outcome_ids, district, h3, week, is_demo)
			select s.outcome_ids, a.district, a.h3, g.week, true
			  from (select floor(random() * ${nAreas})::int as ai, floor(random() * ${nSets})::int as si, ${weekSql} as week
			          from generate_series(1, ${n})) g
			  join bench_areas a on a.i = g.ai
			  join bench_sets s on s.i = g.si`);
	});

	// What helped: about a Welsh offer (its kind and group), counted against one of the offer's
	// outcomes and, four times in ten, a process outcome (how it felt).
	const nOffers = offersInWales;
	await chunked('asset_feedback', sizes.feedback, 50_000, async (n) => {
		await db.ownerExec(`
			with g as (
			  select floor(random() * ${nAreas})::int as ai, floor(random() * ${nOffers})::int as oi,
			         random() as r_source, random() as r_rating, ${weekSql} as week
			    from generate_series(1, ${n})
			), given as (
			  insert into public.asset_feedback (offer_id, organisation_id, offer_kind, source, rating, district, h3, week, is_demo)
			  select o.id, o.organisation_id, o.kind,
			         case when g.r_source < 0.7 then 'person' when g.r_source < 0.95 then 'practitioner' else 'group' end,
			         case when g.r_rating < 0.4 then 'helped_a_lot' when g.r_rating < 0.7 then 'helped_a_bit'
			              when g.r_rating < 0.85 then 'did_not_help' else 'did_not_go' end,
			         a.district, a.h3, g.week, true
			    from g join bench_areas a on a.i = g.ai join bench_offers o on o.i = g.oi
			  returning id, offer_id
			), picked as (
			  select given.id, o.outcome_ids[1 + floor(random() * cardinality(o.outcome_ids))::int] as outcome,
			         case when random() < 0.4 then (${sqlArray(processOutcomes)})[1 + floor(random() * ${processOutcomes.length})::int] end as felt
			    from given join bench_offers o on o.id = given.offer_id
			)
			insert into public.asset_feedback_outcomes (feedback_id, outcome_id)
			select p.id, x.outcome_id
			  from picked p cross join lateral (values (p.outcome), (nullif(p.felt, p.outcome))) x (outcome_id)
			 where x.outcome_id is not null`);
	});

	// Practitioners' conversations: 8% still drafts (not counted), the rest active or closed, each
	// with its outcomes (the first three get priorities 1–3) and 0–2 signposts or referrals to Welsh
	// offers, a few days after, at some stage of the way. The start time is any moment in 3 years.
	await chunked('conversations', sizes.conversations, 50_000, async (n) => {
		await db.ownerExec(`
			with g as (
			  select floor(random() * ${nAreas})::int as ai, floor(random() * ${nSets})::int as si,
			         floor(random() * ${PRACTITIONERS})::int as hi, random() as r_status, random() as r_share,
			         random() as r_signposts,
			         ${weekSql} + random() * interval '7 days' + interval '8 hours' as at
			    from generate_series(1, ${n})
			), started as (
			  insert into public.conversations (holder_id, consent_record_at, consent_share_at, district, h3, status, created_at, updated_at)
			  select h.id, g.at, case when g.r_share < 0.6 then g.at end, a.district, a.h3,
			         case when g.r_status < 0.08 then 'draft' when g.r_status < 0.6 then 'active' else 'closed' end,
			         g.at, g.at
			    from g join bench_areas a on a.i = g.ai join bench_holders h on h.i = g.hi
			  returning id, created_at, status
			), picked as (
			  select c.id, c.created_at, c.status, floor(random() * ${nSets})::int as si from started c
			), named as (
			  insert into public.conversation_outcomes (conversation_id, outcome_id, priority)
			  select c.id, o.outcome_id, least(o.n, 3)
			    from picked c join bench_sets s on s.i = c.si
			   cross join lateral unnest(s.outcome_ids) with ordinality o (outcome_id, n)
			  returning conversation_id
			), pointed as (
			  select c.id, c.created_at, s.outcome_ids, floor(random() * ${nOffers})::int as oi,
			         random() as r_outcome, random() as r_kind, random() as r_status, random() as r_when
			    from picked c
			    join bench_sets s on s.i = c.si
			   cross join lateral generate_series(1, case when c.status = 'draft' then 0
			                                               else (array[0, 0, 0, 1, 1, 1, 1, 2, 2, 2])[1 + floor(random() * 10)::int] end) k
			)
			insert into public.signposts (conversation_id, offer_id, organisation_id, offer_title, outcome_id, kind, status, created_at)
			select p.id, o.id, o.organisation_id, o.title, case when p.r_outcome < 0.9 then p.outcome_ids[1] end,
			       case when p.r_kind < 0.35 then 'referral' else 'signpost' end,
			       (array['suggested', 'suggested', 'suggested', 'contacted', 'contacted', 'attending', 'attending',
			              'attending', 'declined', 'not_suitable'])[1 + floor(p.r_status * 10)::int],
			       p.created_at + p.r_when * interval '14 days'
			  from pointed p join bench_offers o on o.i = p.oi`);
	});

	const [orphans] = await db.ownerQuery<Record<string, number>>(`
		select (select count(*)::int from public.demand_signals x where x.district is not null
		          and not exists (select 1 from public.postcode_districts d where d.outcode = x.district)) as demand_district,
		       (select count(*)::int from public.asset_feedback x where not exists (select 1 from public.offers f where f.id = x.offer_id)) as feedback_offer,
		       (select count(*)::int from public.asset_feedback_outcomes x where not exists (select 1 from public.asset_feedback f where f.id = x.feedback_id)) as feedback_outcome,
		       (select count(*)::int from public.conversations x where not exists (select 1 from auth.users u where u.id = x.holder_id)) as conversation_holder,
		       (select count(*)::int from public.conversation_outcomes x where not exists (select 1 from public.conversations c where c.id = x.conversation_id)) as conversation_outcome,
		       (select count(*)::int from public.signposts x where not exists (select 1 from public.conversations c where c.id = x.conversation_id)
		          or not exists (select 1 from public.offers f where f.id = x.offer_id and f.organisation_id = x.organisation_id)) as signpost`);
	const broken = Object.entries(orphans ?? {}).filter(([, n]) => n > 0);
	if (broken.length) throw new Error(`Generated rows a foreign key would refuse: ${broken.map(([k, n]) => `${k} ${n}`).join(', ')}`);

	progress('analyze…');
	await db.ownerExec(`analyze public.demand_signals, public.asset_feedback, public.asset_feedback_outcomes,
	                     public.conversations, public.conversation_outcomes, public.signposts;
	                    drop table bench_areas, bench_sets, bench_offers, bench_holders;`);
	const [counts] = await db.ownerQuery<Omit<PlanningCounts, 'districts' | 'areas' | 'offersInWales'>>(
		`select (select count(*)::int from public.demand_signals) as demand_signals,
		        (select count(*)::int from public.asset_feedback) as asset_feedback,
		        (select count(*)::int from public.asset_feedback_outcomes) as asset_feedback_outcomes,
		        (select count(*)::int from public.conversations) as conversations,
		        (select count(*)::int from public.conversation_outcomes) as conversation_outcomes,
		        (select count(*)::int from public.signposts) as signposts`
	);
	return { districts: districts.length, areas: nAreas, offersInWales, ...counts! };
}

const sqlArray = (items: string[]) => `array[${items.map((s) => `'${s.replace(/'/g, "''")}'`).join(', ')}]`;
