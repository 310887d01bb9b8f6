// Bulk synthetic offers for the benchmark (DESIGN.md §7: search over 100k published offers).
// Spread over every UK postcode district, about one group per five offers, each offer with 1–3
// outcomes, one location and one schedule. Deterministic: the same `count` gives the same rows.
// Rows are `is_demo = true`, so `npm run seed -- --reset` clears them too.
//
// Speed: each batch is one service-role transaction of six `insert … select from unnest(…)`
// statements, one array parameter per column, so a 2,000-offer batch is six round trips.
import { serviceClaims, type Db } from '../db/types';
import { placeCell } from '../place-cell';
import { columns, insertUnnest } from './unnest';
import {
	daysBefore,
	int,
	jitter,
	fakePostcode,
	makeSchedules,
	mulberry32,
	offerTemplates,
	orgTypes,
	pick,
	pickAccessibility,
	pickSome,
	uuidFrom,
	type Lang,
	type OfferTemplate,
	type District,
	type OutcomeId,
	type TemplateKey
} from './demo';

const OFFERS_PER_BATCH = 2_000;

type OrgType = keyof typeof orgTypes;
const orgTypeNames: Record<OrgType, string[]> = {
	hub: ['Community Hub', 'Community Centre', 'Neighbourhood Hub'],
	shed: ["Men's Shed", 'Community Shed'],
	carers: ["Carers' Network", "Carers' Café", "Carers' Circle"],
	food: ['Food Bank', 'Community Pantry', 'Community Kitchen'],
	walking: ['Walking Group', 'Walking for Wellbeing', 'Strollers'],
	welsh: ['Clwb Cymraeg', 'Cylch Cymraeg'],
	youth: ['Youth Project', 'Youth Club', 'Youth Hub'],
	advice: ['Advice Centre', 'Advice Point', 'Money Advice Project'],
	peer: ['Peer Support', 'Wellbeing Collective', 'Peer Support Circle'],
	befriending: ['Friendship Group', 'Befriending Scheme', 'Good Neighbours'],
	arts: ['Arts Collective', 'Makers', 'Arts Space'],
	sport: ['Active Together', 'Active Living', 'Move More'],
	welcome: ['Welcome Project', 'Welcome Network', 'Welcome Hub'],
	neuro: ['Access Network', 'Inclusive Community', 'Autism Network'],
	garden: ['Community Garden', 'Growing Together', 'Allotment Society']
};
const orgTypeList = Object.keys(orgTypes) as OrgType[];
const localities = [
	'Riverside', 'Northfield', "St Mary's", 'Park View', 'Hillside', 'Oakwood', 'Meadowbank', 'Victoria',
	'Westgate', 'Eastfield', 'Southside', 'Brookside', 'Church Street', 'Station Road', 'Greenhill', 'Ashgrove',
	'Millbrook', 'Castle', 'Harbour', 'Old Town', 'Holly Bank', 'Fairfield', 'Kingsway', 'Valley'
];
const streets = [
	'High Street', 'Station Road', 'Church Street', 'Park Road', 'Victoria Road', 'Mill Lane', 'School Lane',
	'Market Street', 'Chapel Street', 'Queen Street', 'King Street', 'Bridge Street', 'North Road', 'Green Lane'
];
const venues = [
	'Community Centre', 'Church Hall', 'Library', 'Memorial Hall', 'Leisure Centre', 'Village Hall',
	'Methodist Church', 'Youth Centre', 'Resource Centre', 'Family Centre', 'Scout Hut', 'Miners Welfare'
];
const extras = [
	"We're a small, friendly group and new faces are always welcome.",
	'Tea, coffee and biscuits are on us.',
	'Come on your own or bring someone along.',
	'Run entirely by volunteers from the neighbourhood.',
	"If it's your first time, someone will look out for you at the door.",
	'Hearing loop and large-print information available.',
	'Ideas for new activities are always welcome.',
	'We meet all year round, rain or shine.',
	'Many people first came along with a friend.',
	'Refreshments are made by our volunteers.'
];
const otherLanguages: Lang[] = ['pl', 'ar', 'ur', 'bn', 'pa', 'so', 'zh', 'ro', 'uk', 'bsl'];

const townOf = (d: District) => (d.town && d.town !== 'Town' ? d.town : d.region);
const slug = (s: string) => s.toLowerCase().replace(/['’]/g, '').replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');

/**
 * Inserts `count` published offers (and their groups, locations, outcomes and schedules) across all
 * UK postcode districts, in batches of 2,000 offers; calls `onProgress` with the running total.
 * Ids are drawn from a seeded PRNG, so call it once per database (a second call would collide).
 */
export async function seedBulkOffers(db: Db, count: number, onProgress?: (done: number) => void): Promise<void> {
	const districts = await db.withClaims(serviceClaims, (tx) =>
		tx.query<District>('select outcode, lat, lng, town, region, country from public.postcode_districts order by outcode')
	);
	if (!districts.length) throw new Error('postcode_districts is empty: run the migrations first.');

	const rng = mulberry32(0xb01c_0001);
	const ids = mulberry32(0xb01c_01d5);
	// Time-ordered ids (like UUIDv7: a rising prefix, then random bits) keep every btree insert
	// at the right-hand edge of its index, which matters once the indexes outgrow shared_buffers.
	let serial = 0x10000000;
	const nextId = () => `${(serial++).toString(16)}${uuidFrom(ids).slice(8)}`;
	// Visit districts in a shuffled order, round and round, so every district gets groups.
	const order = pickSome(rng, districts, districts.length);
	let orgSerial = 0;
	let done = 0;
	let carry: { orgId: string; type: OrgType; district: District; locations: string[]; left: number } | null = null;

	while (done < count) {
		const size = Math.min(OFFERS_PER_BATCH, count - done);
		const orgs = columns('id', 'name', 'name_cy', 'description_en', 'description_cy', 'email', 'phone', 'website', 'charity_number', 'verified_at', 'created_at', 'updated_at');
		const locs = columns('id', 'organisation_id', 'name', 'address', 'town', 'postcode', 'outcode', 'lat', 'lng', 'h3', 'accessibility', 'created_at');
		const offers = columns('id', 'organisation_id', 'title_en', 'title_cy', 'description_en', 'description_cy', 'kind', 'cost', 'cost_note_en', 'cost_note_cy', 'languages', 'who_for', 'access', 'attendance', 'capacity', 'last_reviewed_at');
		const outcomes = columns('offer_id', 'outcome_id');
		const links = columns('offer_id', 'location_id');
		const schedules = columns('id', 'offer_id', 'freq', 'interval', 'byday', 'opens_at', 'closes_at', 'valid_from', 'valid_to', 'note_en', 'note_cy');

		for (let made = 0; made < size; made++) {
			if (!carry || carry.left === 0) {
				const district = order[orgSerial % order.length]!;
				orgSerial++;
				const inWales = district.country === 'Wales';
				let type = pick(rng, orgTypeList);
				if (type === 'welsh' && !inWales) type = 'hub';
				const town = townOf(district);
				const typeName = pick(rng, orgTypeNames[type]);
				const name = type === 'welsh' ? `${typeName} ${town}` : rng() < 0.6 ? `${town} ${typeName}` : `${pick(rng, localities)} ${typeName}, ${town}`;
				const orgId = nextId();
				const web = `${slug(name)}-${orgSerial}`;
				const place = { en: town, cy: town };
				orgs.id.push(orgId);
				orgs.name.push(name);
				orgs.name_cy.push(type === 'welsh' ? name : null);
				orgs.description_en.push(orgTypes[type].en.replaceAll('{place}', place.en));
				orgs.description_cy.push(inWales && rng() < 0.4 ? orgTypes[type].cy.replaceAll('{placeCy}', place.cy) : null);
				orgs.email.push(rng() < 0.85 ? `hello@${web}.example` : null);
				orgs.phone.push(rng() < 0.8 ? `01632 960${String(int(rng, 0, 999)).padStart(3, '0')}` : null);
				orgs.website.push(rng() < 0.6 ? `https://example.org/${web}` : null);
				orgs.charity_number.push(rng() < 0.4 ? String(int(rng, 1_000_000, 1_209_999)) : null);
				orgs.verified_at.push(rng() < 0.5 ? daysBefore(int(rng, 10, 700)) : null);
				orgs.created_at.push(daysBefore(int(rng, 400, 2000)));
				orgs.updated_at.push(daysBefore(int(rng, 1, 400)));

				const locationIds: string[] = [];
				const nLocations = rng() < 0.25 ? 2 : 1;
				for (let l = 0; l < nLocations; l++) {
					const { lat, lng } = jitter(rng, district.lat, district.lng, 2);
					const id = nextId();
					const venue = `${pick(rng, [town, pick(rng, localities), 'St Andrew’s'])} ${pick(rng, venues)}`;
					locationIds.push(id);
					locs.id.push(id);
					locs.organisation_id.push(orgId);
					locs.name.push(venue);
					locs.address.push(`${venue}, ${rng() < 0.5 ? `${int(rng, 1, 200)} ` : ''}${pick(rng, streets)}`);
					locs.town.push(town);
					locs.postcode.push(fakePostcode(rng, district.outcode));
					locs.outcode.push(district.outcode);
					locs.lat.push(lat);
					locs.lng.push(lng);
					locs.h3.push(placeCell(lat, lng));
					locs.accessibility.push(pickAccessibility(rng).join(','));
					locs.created_at.push(daysBefore(int(rng, 400, 2000)));
				}
				// 1–9 offers per group, five on average.
				carry = { orgId, type, district, locations: locationIds, left: int(rng, 1, 9) };
			}
			carry.left--;

			const { orgId, type, district, locations } = carry;
			const inWales = district.country === 'Wales';
			const key = pick(rng, orgTypes[type].pool) as TemplateKey;
			const t: OfferTemplate = offerTemplates[key];
			const town = townOf(district);
			const fill = (s: string) => s.replaceAll('{place}', town).replaceAll('{placeCy}', town);
			const inWelsh = Boolean(t.welsh) || rng() < (inWales ? 0.35 : 0.02);
			const [cost, noteEn, noteCy] = t.costs
				? pick(rng, t.costs)
				: rng() < 0.85
					? ['free']
					: rng() < 0.8
						? ['low_cost', 'Donations welcome', 'Croeso i roddion']
						: ['paid', 'From £5 a session', 'O £5 y sesiwn'];
			let languages: Lang[] = t.languages ? [...pick(rng, t.languages)] : ['en'];
			if (!t.languages && inWelsh && rng() < 0.5) languages.push('cy');
			if (rng() < 0.04) {
				const extra = pick(rng, otherLanguages);
				if (!languages.includes(extra)) languages.push(extra);
			}
			const offerId = nextId();
			// Within the six months before a review reminder, so a bench server does not mail thousands at start.
			const reviewed = (int(rng, 1, 400) + rng()) * 0.4;
			offers.id.push(offerId);
			offers.organisation_id.push(orgId);
			offers.title_en.push(fill(t.en));
			offers.title_cy.push(inWelsh ? fill(t.cy) : null);
			offers.description_en.push(rng() < 0.6 ? `${fill(t.den)} ${pick(rng, extras)}` : fill(t.den));
			offers.description_cy.push(inWelsh ? fill(t.dcy) : null);
			offers.kind.push(t.kind);
			offers.cost.push(cost);
			offers.cost_note_en.push(noteEn ?? null);
			offers.cost_note_cy.push(noteEn && inWelsh ? (noteCy ?? null) : null);
			offers.languages.push(languages.join(','));
			offers.who_for.push((t.who ? pick(rng, t.who) : ['everyone']).join(','));
			offers.access.push(t.access ? pick(rng, t.access) : rng() < 0.85 ? 'drop_in' : 'self_referral');
			offers.attendance.push(t.attendance ? pick(rng, t.attendance) : rng() < 0.06 ? 'both' : 'in_person');
			offers.capacity.push(rng() < (t.waitingList ? 0.4 : 0.06) ? 'waiting_list' : 'taking_new');
			offers.last_reviewed_at.push(daysBefore(reviewed));

			const chosen: OutcomeId[] = [t.outcomes[0]!, ...pickSome(rng, t.outcomes.slice(1), int(rng, 0, Math.min(2, t.outcomes.length - 1)))];
			for (const outcome of chosen) {
				outcomes.offer_id.push(offerId);
				outcomes.outcome_id.push(outcome);
			}
			links.offer_id.push(offerId);
			links.location_id.push(pick(rng, locations));

			const [s] = makeSchedules(rng, t);
			schedules.id.push(nextId());
			schedules.offer_id.push(offerId);
			schedules.freq.push(s!.freq);
			schedules.interval.push(s!.interval);
			schedules.byday.push(s!.byday.join(','));
			schedules.opens_at.push(s!.opens_at);
			schedules.closes_at.push(s!.closes_at);
			schedules.valid_from.push(s!.valid_from);
			schedules.valid_to.push(s!.valid_to);
			schedules.note_en.push(s!.note_en);
			schedules.note_cy.push(s!.note_cy);
		}

		await db.withClaims(serviceClaims, async (tx) => {
			await insertUnnest(
				tx, 'organisations', orgs,
				{ id: 'uuid', verified_at: 'timestamptz', created_at: 'timestamptz', updated_at: 'timestamptz' },
				{ constants: { status: "'published'", is_demo: 'true' } }
			);
			await insertUnnest(
				tx, 'locations', locs,
				{ id: 'uuid', organisation_id: 'uuid', lat: 'float8', lng: 'float8', created_at: 'timestamptz' },
				{ select: { accessibility: "string_to_array(accessibility, ',')" }, constants: { updated_at: 'created_at' } }
			);
			await insertUnnest(
				tx, 'offers', offers,
				{ id: 'uuid', organisation_id: 'uuid', last_reviewed_at: 'timestamptz' },
				{
					select: { languages: "string_to_array(languages, ',')", who_for: "string_to_array(who_for, ',')" },
					constants: { status: "'published'", is_demo: 'true', created_at: 'last_reviewed_at', updated_at: 'last_reviewed_at' }
				}
			);
			await insertUnnest(tx, 'offer_outcomes', outcomes, { offer_id: 'uuid' });
			await insertUnnest(tx, 'offer_locations', links, { offer_id: 'uuid', location_id: 'uuid' });
			await insertUnnest(
				tx, 'schedules', schedules,
				{ id: 'uuid', offer_id: 'uuid', interval: 'int2', opens_at: 'time', closes_at: 'time', valid_from: 'date', valid_to: 'date' },
				{ select: { byday: "string_to_array(byday, ',')" } }
			);
		});
		done += size;
		onProgress?.(done);
	}
}
