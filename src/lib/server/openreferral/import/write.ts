import type { Tx } from '../../db/types';
import type { OrganisationFields } from './map-organization';
import type { OfferFields, ScheduleFields, TermMapping } from './map-service';
import type { LocationFields, PlacedLocation } from './place-locations';

// Rows are matched by (source, source_id) and compared before anything is written, so a
// re-import of the same file changes no row, not even updated_at. Search rows (offer_search)
// follow the offers' tables through their own triggers.

export type WriteResult = 'added' | 'updated' | 'unchanged';

export interface ExistingOrganisation {
	id: string;
	claimed: boolean;
	fields: OrganisationFields;
}

export interface ExistingOffer {
	id: string;
	organisation_id: string;
	claimed: boolean;
	status: string;
	source_terms: string[];
	fields: OfferFields;
	outcomes: string[];
	schedules: ScheduleFields[];
	locations: string[];
}

export interface ImportContext {
	mappings: TermMapping[];
	searchableOutcomes: Set<string>;
	organisations: Map<string, ExistingOrganisation>;
	offers: Map<string, ExistingOffer>;
	locations: Map<string, { id: string; fields: LocationFields }>;
}

const organisationColumns = ['name', 'name_cy', 'description_en', 'description_cy', 'email', 'website', 'charity_number', 'company_number'] as const;
const offerColumns = [
	'title_en', 'title_cy', 'description_en', 'description_cy', 'kind', 'cost', 'cost_note_en', 'cost_note_cy', 'languages', 'who_for',
	'access', 'attendance', 'capacity', 'contact_email', 'contact_phone', 'website', 'minimum_age', 'maximum_age'
] as const;
const locationColumns = ['name', 'address', 'town', 'postcode', 'outcode', 'lat', 'lng', 'h3', 'accessibility'] as const;
const scheduleColumns = [
	'freq', 'interval', 'byday', 'opens_at', 'closes_at', 'valid_from', 'valid_to', 'note_en', 'note_cy', 'except_months', 'except_dates'
] as const;
const scheduleSelect = `freq, interval::int as interval, byday, opens_at::text as opens_at, closes_at::text as closes_at,
	valid_from::text as valid_from, valid_to::text as valid_to, note_en, note_cy,
	except_months::int[] as except_months, except_dates::text[] as except_dates`;

const pick = <K extends string>(row: Record<string, unknown>, columns: readonly K[]) =>
	Object.fromEntries(columns.map((c) => [c, row[c] ?? null])) as Record<K, unknown>;

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
/** Schedules come back in no particular order. */
const sameSchedules = (a: ScheduleFields[], b: ScheduleFields[]) =>
	same(a.map((s) => JSON.stringify(pick(s as unknown as Record<string, unknown>, scheduleColumns))).sort(), b.map((s) => JSON.stringify(pick(s as unknown as Record<string, unknown>, scheduleColumns))).sort());

export async function loadContext(tx: Tx, source: string): Promise<ImportContext> {
	const mappings = await tx.query<TermMapping>('select taxonomy, term, outcome_id from public.openreferral_term_mappings');
	const outcomes = await tx.query<{ id: string }>(`select id from public.outcomes where category in ('quality_of_life', 'change')`);
	const organisations = await tx.query<Record<string, unknown> & { id: string; source_id: string; claimed: boolean }>(
		`select o.*, exists (select 1 from public.organisation_members m where m.organisation_id = o.id) as claimed
		   from public.organisations o where o.source = $1`,
		[source]
	);
	const offers = await tx.query<Record<string, unknown> & { id: string; source_id: string; organisation_id: string; claimed: boolean; status: string; source_terms: string[]; outcomes: string[]; locations: string[] }>(
		`select f.*, exists (select 1 from public.organisation_members m where m.organisation_id = f.organisation_id) as claimed,
		        array(select outcome_id from public.offer_outcomes where offer_id = f.id order by 1) as outcomes,
		        array(select location_id::text from public.offer_locations where offer_id = f.id order by 1) as locations
		   from public.offers f where f.source = $1`,
		[source]
	);
	const schedules = await tx.query<ScheduleFields & { offer_id: string }>(
		`select s.offer_id, ${scheduleSelect} from public.schedules s join public.offers f on f.id = s.offer_id
		  where f.source = $1 order by s.offer_id, s.id`,
		[source]
	);
	const locations = await tx.query<Record<string, unknown> & { id: string; source_id: string }>(
		'select * from public.locations where source = $1',
		[source]
	);
	return {
		mappings,
		searchableOutcomes: new Set(outcomes.map((o) => o.id)),
		organisations: new Map(organisations.map((o) => [o.source_id, { id: o.id, claimed: o.claimed, fields: pick(o, organisationColumns) as unknown as OrganisationFields }])),
		offers: new Map(offers.map((f) => [f.source_id, {
			id: f.id, organisation_id: f.organisation_id, claimed: f.claimed, status: f.status, source_terms: f.source_terms,
			fields: pick(f, offerColumns) as unknown as OfferFields, outcomes: f.outcomes, locations: f.locations,
			schedules: schedules.filter((s) => s.offer_id === f.id).map(({ offer_id: _, ...s }) => s)
		}])),
		locations: new Map(locations.map((l) => [placeKey(l.organisation_id as string, l.source_id), { id: l.id, fields: pick(l, locationColumns) as unknown as LocationFields }]))
	};
}

const placeholders = (count: number, from = 1) => Array.from({ length: count }, (_, i) => `$${i + from}`).join(', ');

export async function writeOrganisation(
	tx: Tx, source: string, sourceId: string, fields: OrganisationFields, existing: ExistingOrganisation | undefined
): Promise<{ id: string; result: WriteResult }> {
	const values = organisationColumns.map((c) => fields[c]);
	if (!existing) {
		// New listings are published, as a directory's own would be, and wait for a moderator to verify them.
		const [row] = await tx.query<{ id: string }>(
			`insert into public.organisations (${organisationColumns.join(', ')}, source, source_id, imported_at, status)
			 values (${placeholders(values.length)}, $${values.length + 1}, $${values.length + 2}, now(), 'published') returning id`,
			[...values, source, sourceId]
		);
		return { id: row!.id, result: 'added' };
	}
	if (same(pick(fields as unknown as Record<string, unknown>, organisationColumns), existing.fields)) return { id: existing.id, result: 'unchanged' };
	await tx.query(
		`update public.organisations set ${organisationColumns.map((c, i) => `${c} = $${i + 2}`).join(', ')}, imported_at = now() where id = $1`,
		[existing.id, ...values]
	);
	return { id: existing.id, result: 'updated' };
}

/** An imported place is one organisation's: two organisations naming the same HSDS location get one each. */
const placeKey = (organisationId: string, sourceId: string) => `${organisationId} ${sourceId}`;

export async function writeLocation(tx: Tx, source: string, organisationId: string, place: PlacedLocation, context: ImportContext): Promise<string> {
	const key = placeKey(organisationId, place.sourceId);
	const existing = context.locations.get(key);
	const values = locationColumns.map((c) => place.fields[c]);
	if (!existing) {
		const [row] = await tx.query<{ id: string }>(
			`insert into public.locations (${locationColumns.join(', ')}, organisation_id, source, source_id)
			 values (${placeholders(values.length)}, $${values.length + 1}, $${values.length + 2}, $${values.length + 3}) returning id`,
			[...values, organisationId, source, place.sourceId]
		);
		context.locations.set(key, { id: row!.id, fields: place.fields });
		return row!.id;
	}
	if (!same(pick(place.fields as unknown as Record<string, unknown>, locationColumns), existing.fields)) {
		await tx.query(`update public.locations set ${locationColumns.map((c, i) => `${c} = $${i + 2}`).join(', ')} where id = $1`, [existing.id, ...values]);
		existing.fields = place.fields;
	}
	return existing.id;
}

export interface OfferToWrite {
	sourceId: string;
	organisationId: string;
	fields: OfferFields;
	status: string;
	sourceTerms: string[];
	outcomes: string[];
	schedules: ScheduleFields[];
	locations: string[];
}

export async function writeOffer(tx: Tx, source: string, offer: OfferToWrite, existing: ExistingOffer | undefined): Promise<WriteResult> {
	const values = offerColumns.map((c) => offer.fields[c]);
	let id: string;
	if (!existing) {
		const [row] = await tx.query<{ id: string }>(
			`insert into public.offers (${offerColumns.join(', ')}, organisation_id, status, source_terms, source, source_id, imported_at)
			 values (${placeholders(values.length)}, ${placeholders(5, values.length + 1)}, now()) returning id`,
			[...values, offer.organisationId, offer.status, offer.sourceTerms, source, offer.sourceId]
		);
		id = row!.id;
	} else {
		const unchanged = same(pick(offer.fields as unknown as Record<string, unknown>, offerColumns), existing.fields)
			&& existing.organisation_id === offer.organisationId && existing.status === offer.status && same(existing.source_terms, offer.sourceTerms)
			&& same(existing.outcomes, offer.outcomes) && sameSchedules(existing.schedules, offer.schedules) && same(existing.locations, offer.locations);
		if (unchanged) return 'unchanged';
		id = existing.id;
		await tx.query(
			`update public.offers set ${offerColumns.map((c, i) => `${c} = $${i + 2}`).join(', ')},
			        organisation_id = $${values.length + 2}, status = $${values.length + 3}, source_terms = $${values.length + 4}, imported_at = now()
			  where id = $1`,
			[id, ...values, offer.organisationId, offer.status, offer.sourceTerms]
		);
		await tx.query('delete from public.offer_outcomes where offer_id = $1', [id]);
		await tx.query('delete from public.offer_locations where offer_id = $1', [id]);
		await tx.query('delete from public.schedules where offer_id = $1', [id]);
	}
	if (offer.outcomes.length) {
		await tx.query('insert into public.offer_outcomes (offer_id, outcome_id) select $1, unnest($2::text[])', [id, offer.outcomes]);
	}
	if (offer.locations.length) {
		await tx.query('insert into public.offer_locations (offer_id, location_id) select $1, unnest($2::uuid[])', [id, offer.locations]);
	}
	for (const s of offer.schedules) {
		await tx.query(
			`insert into public.schedules (offer_id, freq, interval, byday, opens_at, closes_at, valid_from, valid_to, note_en, note_cy,
			                               except_months, except_dates)
			 values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
			[id, s.freq, s.interval, s.byday, s.opens_at, s.closes_at, s.valid_from, s.valid_to, s.note_en, s.note_cy, s.except_months, s.except_dates]
		);
	}
	return existing ? 'updated' : 'added';
}

/** A service the source no longer runs comes out of the directory: paused while "temporarily closed", archived otherwise. */
export async function closeOffer(tx: Tx, existing: ExistingOffer, status: 'paused' | 'archived'): Promise<WriteResult> {
	if (existing.status === status || existing.status === 'hidden') return 'unchanged';
	await tx.query('update public.offers set status = $2, imported_at = now() where id = $1', [existing.id, status]);
	return 'updated';
}
