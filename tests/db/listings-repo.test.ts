// The group and moderation repositories (src/lib/server/repos/listings.ts, moderation.ts) and the
// review-reminder job (src/lib/server/jobs.ts), run as the app runs them: every call goes through
// withClaims as a signed-in member, a moderator or anon, under the RLS and guards of
// supabase/migrations/20261122000007_groups_and_moderation.sql. Set-up runs as service_role.
// The answer to a report is mailed by notify.ts's mailReportAnswer, which writes as the server to
// the server's database: here, this file's (see the vi.mock below).
//
// One database for the file; each describe works on offers of its own, so what one test commits
// does not change what another expects. Tests run in order within the file.
import { latLngToCell } from 'h3-js';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { anon, asService, freshDb, type TestDb } from './template';
import { addOffer, cardiff, cathays, newport, swansea } from './fixtures';
import type { Claims, Tx } from '../../src/lib/server/db/types';
import type { OfferInput, PlaceInput, ScheduleInput } from '../../src/lib/domain/listing';
import type { SearchFilters } from '../../src/lib/domain/search-options';
import {
	answerReport, changeOfferStatus, confirmStillRunning, duplicateOffer, getEditableOffer, getGroupOrganisation, listReports,
	recentChanges, registerOrganisation, saveOffer, updateOrganisation
} from '../../src/lib/server/repos/listings';
import {
	decideClaim, decideOffer, decideOrganisation, hideOffer, moderationQueue, restoreOffer
} from '../../src/lib/server/repos/moderation';
import { searchOffers } from '../../src/lib/server/repos/offers';
import { sendReviewReminders } from '../../src/lib/server/jobs';
import { mailGroup, mailReportAnswer } from '../../src/lib/server/notify';

// notify.ts opens the server's one database through $lib/server/db; in this file that is `db`.
vi.mock('$lib/server/db', () => ({
	database: async () => db,
	databaseMode: async () => 'postgres' as const
}));

// ---------------------------------------------------------------------------------------------
// Fixture

const uuid = (n: number) => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

const users = {
	ownerA: uuid(0x2101), editorA: uuid(0x2102), ownerB: uuid(0x2103), registrant: uuid(0x2104),
	stranger: uuid(0x2105), moderator: uuid(0x2106), claimant: uuid(0x2107)
};
type User = keyof typeof users;
const emailOf = (user: User) => `${user.toLowerCase()}@example.org`;
const claimsOf = (user: User): Claims => ({ role: 'authenticated', sub: users[user], email: emailOf(user) });

// A: published and verified (ownerA, whose mail is in Welsh, and editorA "Edna Editor").
// B: published, not verified (ownerB).
const orgs = { orgA: uuid(0x2201), orgB: uuid(0x2202) };
const locations = { locA: uuid(0x2301), locB: uuid(0x2302) };

let db: TestDb;

/** One request as the user, committed, as the app's withClaims does. */
const as = <T>(user: User, fn: (tx: Tx) => Promise<T>) => db.withClaims(claimsOf(user), fn);
const service = <T>(fn: (tx: Tx) => Promise<T>) => asService(db, fn);

class Rollback extends Error {}
/** Runs fn as the user and rolls the transaction back, returning what fn returned. */
async function rolledBack<T>(user: User, fn: (tx: Tx) => Promise<T>): Promise<T> {
	let value: T | undefined;
	try {
		await db.withClaims(claimsOf(user), async (tx) => {
			value = await fn(tx);
			throw new Rollback();
		});
	} catch (error) {
		if (!(error instanceof Rollback)) throw error;
	}
	return value as T;
}

const weekly = (over: Partial<ScheduleInput> = {}): ScheduleInput => ({
	freq: 'WEEKLY', interval: 1, byday: ['MO'], opens_at: '10:00', closes_at: '12:00', valid_from: null, valid_to: null,
	except_months: [], except_dates: [], note_en: null, note_cy: null, ...over
});
const monthly = (byday: string, opens_at: string, closes_at: string): ScheduleInput =>
	weekly({ freq: 'MONTHLY', byday: [byday], opens_at, closes_at });

const offerInput = (over: Partial<OfferInput> = {}): OfferInput => ({
	title_en: 'Coffee morning', title_cy: null, description_en: 'Tea and a chat', description_cy: null, kind: 'activity',
	cost: 'free', cost_note_en: null, cost_note_cy: null, access: 'drop_in', capacity: 'taking_new', attendance: 'in_person',
	contact_email: null, contact_phone: null, website: null, outcomes: ['seeing-people'], who_for: ['everyone'], languages: ['en'],
	places: [locations.locA], schedules: [weekly()], newPlace: null, ...over
});

const place = (over: Partial<PlaceInput> = {}): PlaceInput => ({
	name: 'Butetown hall', address: '1 Dock Street', town: 'Cardiff', postcode: 'CF10 1AA', outcode: 'CF10', point: null,
	accessibility: ['wheelchair'], ...over
});

/** A new offer saved through the repository by a member; returns its id. */
async function newOffer(user: User, org: string, input: OfferInput, intent: 'draft' | 'submit' = 'draft') {
	const saved = await as(user, (tx) => saveOffer(tx, org, null, input, '', intent));
	if (!saved.saved) throw new Error(`could not save: ${JSON.stringify(saved)}`);
	return saved;
}

const offerRow = (id: string) => service(async (tx) => (await tx.query<{
	title_en: string; status: string; moderation_note: string | null; last_reviewed_at: Date | null; reminders_sent: number;
	last_reminder_at: Date | null; out_of_date_since: Date | null; approved_at: Date | null; status_before_hidden: string | null;
	content_version: number; updated_at: Date;
}>(`select title_en, status, moderation_note, last_reviewed_at, reminders_sent, last_reminder_at, out_of_date_since, approved_at,
	        status_before_hidden, content_version, updated_at
	 from offers where id = $1`, [id]))[0]);
const outcomesOf = (id: string) => service(async (tx) =>
	(await tx.query<{ outcome_id: string }>('select outcome_id from offer_outcomes where offer_id = $1 order by 1', [id])).map((r) => r.outcome_id));
const placesOf = (id: string) => service((tx) => tx.query<{ id: string; name: string; postcode: string | null; outcode: string | null; lat: number; lng: number; h3: string | null }>(
	`select l.id, l.name, l.postcode, l.outcode, l.lat, l.lng, l.h3 from offer_locations ol join locations l on l.id = ol.location_id
	  where ol.offer_id = $1 order by l.name`, [id]));
const schedulesOf = (id: string) => service((tx) => tx.query(
	`select freq, interval, byday, opens_at::text, closes_at::text, valid_from::text, valid_to::text, except_months::int[] as except_months,
	        except_dates::text[] as except_dates, note_en, note_cy
	   from schedules where offer_id = $1 order by valid_from nulls first, opens_at`, [id]));
const searchRows = (id: string) => service(async (tx) =>
	(await tx.query<{ n: number }>('select count(*)::int as n from offer_search where offer_id = $1', [id]))[0]!.n);

/** A sender_hash: 64 hex digits, as the report form makes from the sender's address. */
const senderHash = (n: number) => n.toString(16).padStart(64, '0');
let senders = 0x5000;
/** A report sent as the report form sends it (through submit_listing_report), each from a sender of its own; returns its id. */
async function submitReport(claims: Claims, offerId: string, over: { message?: string; replyEmail?: string | null; language?: 'en' | 'cy' } = {}) {
	const [row] = await db.withClaims(claims, (tx) => tx.query<{ id: string }>(
		`select public.submit_listing_report($1, 'problem', 'contact_wrong', $2, $3, $4, $5) as id`,
		[offerId, over.message ?? 'Something is wrong', over.replyEmail ?? null, over.language ?? 'en', senderHash(senders++)]));
	return row!.id;
}
const reportRow = (id: string) => service(async (tx) => (await tx.query<{
	status: string; response: string | null; responded_by: string | null; moderated_at: Date | null; answer_mailed_at: Date | null;
}>(`select status, response, responded_by, moderated_at, answer_mailed_at from listing_reports where id = $1`, [id]))[0]);

beforeAll(async () => {
	db = await freshDb();
	await service(async (tx) => {
		for (const user of Object.keys(users) as User[]) {
			await tx.query('insert into auth.users (id, email) values ($1, $2)', [users[user], emailOf(user)]);
		}
		await tx.query(`update profiles set language = 'cy' where id = $1`, [users.ownerA]);
		await tx.query(`update profiles set display_name = 'Edna Editor' where id = $1`, [users.editorA]);
		await tx.query(`insert into user_roles (user_id, role) values ($1, 'moderator')`, [users.moderator]);
		await tx.query(`insert into organisations (id, name, status, verified_at, description_en) values
			($1, 'Group A', 'published', now(), 'Verified group'), ($2, 'Group B', 'published', null, 'Unverified group')`,
			[orgs.orgA, orgs.orgB]);
		await tx.query(`insert into organisation_members (organisation_id, user_id, role) values
			($1, $2, 'owner'), ($1, $3, 'editor'), ($4, $5, 'owner')`, [orgs.orgA, users.ownerA, users.editorA, orgs.orgB, users.ownerB]);
		await tx.query(`insert into locations (id, organisation_id, name, town, lat, lng) values
			($1, $2, 'Hall A', 'Cardiff', $3, $4), ($5, $6, 'Hall B', 'Newport', $7, $8)`,
			[locations.locA, orgs.orgA, cardiff.lat, cardiff.lng, locations.locB, orgs.orgB, newport.lat, newport.lng]);
	});
});
afterAll(() => db?.close());

// ---------------------------------------------------------------------------------------------

describe('registerOrganisation and getGroupOrganisation', () => {
	it('registers a pending group owned by the caller; the owner reads it, a stranger gets null', async () => {
		const id = await as('registrant', (tx) => registerOrganisation(tx, {
			name: 'Riverside walkers', name_cy: 'Cerddwyr Glan yr Afon', description_en: 'We walk on Sundays', description_cy: null,
			email: 'walk@example.org', phone: null, website: 'https://walk.example.org', charity_number: '1234567', company_number: null
		}));
		const stored = await service((tx) => tx.query(
			`select o.status, o.verified_at, m.user_id, m.role from organisations o join organisation_members m on m.organisation_id = o.id
			  where o.id = $1`, [id]));
		expect(stored).toEqual([{ status: 'pending', verified_at: null, user_id: users.registrant, role: 'owner' }]);

		const mine = await as('registrant', (tx) => getGroupOrganisation(tx, id));
		expect(mine).toMatchObject({
			id, name: 'Riverside walkers', name_cy: 'Cerddwyr Glan yr Afon', status: 'pending', verified: false, my_role: 'owner',
			website: 'https://walk.example.org', charity_number: '1234567', moderation_note: null
		});
		expect(await as('stranger', (tx) => getGroupOrganisation(tx, id))).toBeNull();
		// A published group is public, but the stranger holds no role in it.
		expect(await as('stranger', (tx) => getGroupOrganisation(tx, orgs.orgA))).toMatchObject({ id: orgs.orgA, my_role: null, verified: true });
		expect(await as('editorA', (tx) => getGroupOrganisation(tx, orgs.orgA))).toMatchObject({ my_role: 'editor' });
	});

	it('cannot be called signed out', async () => {
		await expect(db.withClaims(anon, (tx) => registerOrganisation(tx, {
			name: 'Nobody', name_cy: null, description_en: 'x', description_cy: null, email: null, phone: null, website: null,
			charity_number: null, company_number: null
		}))).rejects.toThrow(/permission denied/);
	});
});

describe('saveOffer: a new draft', () => {
	let draftId: string;

	it('saves a draft with outcomes, an existing and a new place (point from the postcode district), and every kind of schedule', async () => {
		const saved = await newOffer('editorA', orgs.orgA, offerInput({
			title_en: 'Knit and natter', outcomes: ['skills', 'seeing-people'],
			places: [locations.locA], newPlace: place(),
			schedules: [
				weekly({ byday: ['MO', 'WE'], except_months: [8, 12], except_dates: ['2026-12-24', '2026-12-31'], note_en: 'Not on bank holidays' }),
				monthly('-1FR', '18:00', '20:00'),
				monthly('2TU', '14:00', '15:30'),
				// A one-off date: a weekly rule on that weekday, valid on that day only (4 July 2026 is a Saturday).
				weekly({ byday: ['SA'], opens_at: '09:00', closes_at: '11:00', valid_from: '2026-07-04', valid_to: '2026-07-04' })
			]
		}));
		expect(saved).toMatchObject({ saved: true, status: 'draft' });
		draftId = saved.id;

		expect(await offerRow(draftId)).toMatchObject({ title_en: 'Knit and natter', status: 'draft', approved_at: null });
		expect(await outcomesOf(draftId)).toEqual(['seeing-people', 'skills']);
		const places = await placesOf(draftId);
		expect(places.map((p) => p.name)).toEqual(['Butetown hall', 'Hall A']);
		const added = places.find((p) => p.name === 'Butetown hall')!;
		// CF10's centroid in postcode_districts.
		expect(added).toMatchObject({ postcode: 'CF10 1AA', outcode: 'CF10', lat: cardiff.lat, lng: cardiff.lng, h3: latLngToCell(cardiff.lat, cardiff.lng, 8) });
		const stored = await service((tx) => tx.query('select accessibility, town, address from locations where id = $1', [added.id]));
		expect(stored).toEqual([{ accessibility: ['wheelchair'], town: 'Cardiff', address: '1 Dock Street' }]);

		const schedules = await schedulesOf(draftId);
		expect(schedules).toEqual([
			{ freq: 'WEEKLY', interval: 1, byday: ['MO', 'WE'], opens_at: '10:00:00', closes_at: '12:00:00', valid_from: null, valid_to: null,
				except_months: [8, 12], except_dates: ['2026-12-24', '2026-12-31'], note_en: 'Not on bank holidays', note_cy: null },
			expect.objectContaining({ freq: 'MONTHLY', byday: ['2TU'], opens_at: '14:00:00' }),
			expect.objectContaining({ freq: 'MONTHLY', byday: ['-1FR'], opens_at: '18:00:00' }),
			expect.objectContaining({ freq: 'WEEKLY', byday: ['SA'], valid_from: '2026-07-04', valid_to: '2026-07-04' })
		]);
		// A draft is not in the directory.
		expect(await searchRows(draftId)).toBe(0);
	});

	it('a new place with a point keeps that point and its H3 cell, whatever the postcode district', async () => {
		const saved = await newOffer('editorA', orgs.orgA, offerInput({
			title_en: 'Cathays chat', places: [],
			newPlace: place({ name: 'Cathays library', postcode: 'CF24 4AA', outcode: 'CF24', point: cathays })
		}));
		const [added] = await placesOf(saved.id);
		expect(added).toMatchObject({ name: 'Cathays library', lat: cathays.lat, lng: cathays.lng, h3: latLngToCell(cathays.lat, cathays.lng, 8) });
		expect(added!.h3).not.toBe(latLngToCell(cardiff.lat, cardiff.lng, 8));
	});

	it('getEditableOffer gives the draft back as the form shows it', async () => {
		const editable = await as('ownerA', (tx) => getEditableOffer(tx, draftId, orgs.orgA));
		expect(editable).not.toBeNull();
		expect(editable!).toMatchObject({ id: draftId, organisation_id: orgs.orgA, status: 'draft', approved: false, moderation_note: null });
		const { draft } = editable!;
		expect(draft).toMatchObject({
			title_en: 'Knit and natter', title_cy: '', description_en: 'Tea and a chat', kind: 'activity', cost: 'free',
			access: 'drop_in', attendance: 'in_person', capacity: 'taking_new', contact_email: '', website: '',
			outcomes: ['seeing-people', 'skills'], who_for: ['everyone'], languages: ['en']
		});
		// The content version: a new offer is at 1.
		expect(draft.version).toBe('1');
		const places = await placesOf(draftId);
		expect([...draft.places].sort()).toEqual(places.map((p) => p.id).sort());
		expect(draft.schedules).toHaveLength(4);
		expect(draft.schedules[0]).toEqual({
			kind: 'weekly', days: ['MO', 'WE'], interval: '1', ordinal: '1', weekday: 'MO', date: '', opens: '10:00', closes: '12:00',
			from: '', to: '', except_months: ['8', '12'], except_dates: '2026-12-24, 2026-12-31', note_en: 'Not on bank holidays', note_cy: ''
		});
		expect(draft.schedules[1]).toMatchObject({ kind: 'monthly', ordinal: '2', weekday: 'TU', opens: '14:00', closes: '15:30' });
		expect(draft.schedules[2]).toMatchObject({ kind: 'monthly', ordinal: '-1', weekday: 'FR', opens: '18:00', closes: '20:00' });
		expect(draft.schedules[3]).toMatchObject({ kind: 'date', date: '2026-07-04', from: '', to: '', opens: '09:00', closes: '11:00' });

		// Not a member of A: nothing.
		expect(await as('ownerB', (tx) => getEditableOffer(tx, draftId, orgs.orgA))).toBeNull();
		// The right offer under the wrong organisation: nothing either.
		expect(await as('ownerA', (tx) => getEditableOffer(tx, draftId, orgs.orgB))).toBeNull();
	});
});

describe('saveOffer: submit', () => {
	it('an unverified group sends a new offer for review', async () => {
		const saved = await newOffer('ownerB', orgs.orgB, offerInput({ title_en: 'B submits', places: [locations.locB] }), 'submit');
		expect(saved).toMatchObject({ saved: true, status: 'pending' });
		expect((await offerRow(saved.id))!.status).toBe('pending');
		expect(await searchRows(saved.id)).toBe(0);
	});

	it('a verified group publishes at once, into offer_search', async () => {
		const saved = await newOffer('editorA', orgs.orgA, offerInput({ title_en: 'A publishes' }), 'submit');
		expect(saved).toMatchObject({ saved: true, status: 'published' });
		expect(await offerRow(saved.id)).toMatchObject({ status: 'published', approved_at: expect.any(Date) });
		expect(await searchRows(saved.id)).toBe(1);
		const visible = await db.withClaims(anon, (tx) => tx.query('select title_en from offer_search where offer_id = $1', [saved.id]));
		expect(visible).toEqual([{ title_en: 'A publishes' }]);
	});
});

describe('saveOffer: optimistic concurrency', () => {
	it('refuses the second of two editors who loaded the same version, writing nothing, and accepts a save from the current version', async () => {
		const { id } = await newOffer('ownerA', orgs.orgA, offerInput({ title_en: 'Shared draft' }));
		const loadedByOwner = (await as('ownerA', (tx) => getEditableOffer(tx, id, orgs.orgA)))!;
		const loadedByEditor = (await as('editorA', (tx) => getEditableOffer(tx, id, orgs.orgA)))!;
		expect(loadedByEditor.draft.version).toBe(loadedByOwner.draft.version);
		expect(loadedByOwner.draft.version).toBe('1');

		const first = await as('ownerA', (tx) => saveOffer(tx, orgs.orgA, id, offerInput({ title_en: "Owner's title" }), loadedByOwner.draft.version, 'draft'));
		expect(first).toEqual({ saved: true, id, status: 'draft' });

		const second = await as('editorA', (tx) => saveOffer(tx, orgs.orgA, id,
			offerInput({ title_en: "Editor's title", outcomes: ['skills'], schedules: [weekly({ byday: ['FR'] })] }),
			loadedByEditor.draft.version, 'draft'));
		expect(second).toMatchObject({ saved: false, reason: 'changed_meanwhile' });
		if (second.saved || second.reason !== 'changed_meanwhile') throw new Error('expected changed_meanwhile');
		expect(second.current.draft.title_en).toBe("Owner's title");
		// The owner's save moved the version on by one.
		expect(second.current.draft.version).toBe('2');

		// The refused save wrote nothing: not the title, the outcomes or the times.
		expect((await offerRow(id))!.title_en).toBe("Owner's title");
		expect(await outcomesOf(id)).toEqual(['seeing-people']);
		expect((await schedulesOf(id)).map((s) => s.byday)).toEqual([['MO']]);

		const third = await as('editorA', (tx) => saveOffer(tx, orgs.orgA, id, offerInput({ title_en: "Editor's title" }), second.current.draft.version, 'draft'));
		expect(third).toEqual({ saved: true, id, status: 'draft' });
		expect((await offerRow(id))!).toMatchObject({ title_en: "Editor's title", content_version: 3 });
		// The owner's old version is two saves behind now.
		expect(await as('ownerA', (tx) => saveOffer(tx, orgs.orgA, id, offerInput({ title_en: 'Stale again' }), loadedByOwner.draft.version, 'draft')))
			.toMatchObject({ saved: false, reason: 'changed_meanwhile' });
	});

	it('bookkeeping (still running, pausing and resuming, reminders, link checks) leaves the version alone: the editor is not told it changed', async () => {
		const { id } = await newOffer('editorA', orgs.orgA, offerInput({ title_en: 'Version kept' }), 'submit');
		const loaded = (await as('editorA', (tx) => getEditableOffer(tx, id, orgs.orgA)))!;
		expect(loaded).toMatchObject({ status: 'published', draft: { version: '1' } });
		const before = (await offerRow(id))!;

		expect(await as('ownerA', (tx) => confirmStillRunning(tx, id, orgs.orgA))).toBe(true);
		expect(await as('ownerA', (tx) => changeOfferStatus(tx, id, orgs.orgA, 'pause'))).toBe('paused');
		expect(await as('ownerA', (tx) => changeOfferStatus(tx, id, orgs.orgA, 'resume'))).toBe('published');
		// What the reminder job and the link checker write.
		await service((tx) => tx.query(`update offers set reminders_sent = 1, last_reminder_at = now() where id = $1`, [id]));
		await service((tx) => tx.query(`update offers set link_problem = 'HTTP 404', links_checked_at = now() where id = $1`, [id]));

		const after = (await offerRow(id))!;
		// The row was written (the old check compared updated_at, and would have refused the save below).
		expect(after.updated_at.getTime()).toBeGreaterThan(before.updated_at.getTime());
		expect(after.content_version).toBe(1);
		expect((await as('editorA', (tx) => getEditableOffer(tx, id, orgs.orgA)))!.draft.version).toBe('1');

		expect(await as('editorA', (tx) => saveOffer(tx, orgs.orgA, id, offerInput({ title_en: 'Version kept, then edited' }), loaded.draft.version, 'draft')))
			.toEqual({ saved: true, id, status: 'published' });
		expect(await offerRow(id)).toMatchObject({ title_en: 'Version kept, then edited', content_version: 2 });
	});

	it("an offer that is not there (or not the caller's) is 'gone'", async () => {
		const { id } = await newOffer('ownerA', orgs.orgA, offerInput({ title_en: 'Not for B' }));
		const version = (await as('ownerA', (tx) => getEditableOffer(tx, id, orgs.orgA)))!.draft.version;
		expect(await as('ownerB', (tx) => saveOffer(tx, orgs.orgA, id, offerInput({ title_en: 'Taken over' }), version, 'draft')))
			.toEqual({ saved: false, reason: 'gone' });
		expect((await offerRow(id))!.title_en).toBe('Not for B');
	});
});

describe('saveOffer: a new place whose postcode district is unknown', () => {
	const unknown = place({ name: 'Far away', postcode: 'ZE9 9ZZ', outcode: 'ZE9', town: 'Nowhere' });

	it('ZE9 is not a postcode district we hold (nor is its district)', async () => {
		const rows = await service((tx) => tx.query(`select outcode from postcode_districts where outcode in ('ZE9', 'ZE')`));
		expect(rows).toEqual([]);
	});

	it("says 'postcode_unknown' (in a transaction rolled back, as the caller must)", async () => {
		const { id } = await newOffer('editorA', orgs.orgA, offerInput({ title_en: 'Before the unknown postcode' }));
		const version = (await as('editorA', (tx) => getEditableOffer(tx, id, orgs.orgA)))!.draft.version;
		const outcome = await rolledBack('editorA', (tx) =>
			saveOffer(tx, orgs.orgA, id, offerInput({ title_en: 'After', outcomes: ['skills'], newPlace: unknown }), version, 'draft'));
		expect(outcome).toEqual({ saved: false, reason: 'postcode_unknown' });
		expect((await offerRow(id))!.title_en).toBe('Before the unknown postcode');
		const locationsNamed = await service((tx) => tx.query(`select id from locations where name = 'Far away'`));
		expect(locationsNamed).toEqual([]);
	});

	// saveOffer looks the new place up before writing anything, so a caller that commits keeps nothing.
	it('writes nothing when the transaction commits (as offer-editor.ts does)', async () => {
		const { id } = await newOffer('editorA', orgs.orgA, offerInput({ title_en: 'Committed caller' }));
		const version = (await as('editorA', (tx) => getEditableOffer(tx, id, orgs.orgA)))!.draft.version;
		const outcome = await as('editorA', (tx) =>
			saveOffer(tx, orgs.orgA, id, offerInput({ title_en: 'Half saved', outcomes: ['skills'], newPlace: unknown }), version, 'draft'));
		expect(outcome).toEqual({ saved: false, reason: 'postcode_unknown' });
		expect((await offerRow(id))!.title_en).toBe('Committed caller');
		expect(await outcomesOf(id)).toEqual(['seeing-people']);
	});
});

describe('changeOfferStatus', () => {
	it('pauses and resumes an approved offer of an unverified group (resume publishes again)', async () => {
		const id = await service((tx) => addOffer(tx, orgs.orgB, { title: 'B approved', at: newport, outcomes: ['seeing-people'] }));
		expect((await offerRow(id))!.approved_at).not.toBeNull();
		expect(await as('ownerB', (tx) => changeOfferStatus(tx, id, orgs.orgB, 'pause'))).toBe('paused');
		expect((await offerRow(id))!.status).toBe('paused');
		expect(await searchRows(id)).toBe(0);
		expect(await as('ownerB', (tx) => changeOfferStatus(tx, id, orgs.orgB, 'pause'))).toBeNull();
		expect(await as('ownerB', (tx) => changeOfferStatus(tx, id, orgs.orgB, 'resume'))).toBe('published');
		expect((await offerRow(id))!.status).toBe('published');
		expect(await searchRows(id)).toBe(1);
	});

	it('submits a never-approved draft of an unverified group for review; withdrawing makes it a draft again', async () => {
		const { id } = await newOffer('ownerB', orgs.orgB, offerInput({ title_en: 'B draft', places: [locations.locB] }));
		expect(await as('ownerB', (tx) => changeOfferStatus(tx, id, orgs.orgB, 'submit'))).toBe('pending');
		expect((await offerRow(id))!.status).toBe('pending');
		expect(await as('ownerB', (tx) => changeOfferStatus(tx, id, orgs.orgB, 'resume'))).toBeNull();
		expect(await as('ownerB', (tx) => changeOfferStatus(tx, id, orgs.orgB, 'withdraw'))).toBe('draft');
		expect((await offerRow(id))!.status).toBe('draft');
		expect(await as('ownerB', (tx) => changeOfferStatus(tx, id, orgs.orgB, 'withdraw'))).toBeNull();
	});

	it('an unverified group submits a draft a moderator approved before: published at once, by the button or by saving', async () => {
		const [byButton, bySaving] = await service(async (tx) => {
			const made = [];
			for (const title of ['B approved, button', 'B approved, saved']) {
				const offer = await addOffer(tx, orgs.orgB, { title, at: newport, outcomes: ['seeing-people'] });
				// Back to draft, approval kept (as restoring an offer hidden with nothing on record leaves it).
				await tx.query(`update offers set status = 'draft' where id = $1`, [offer]);
				made.push(offer);
			}
			return made as [string, string];
		});
		expect(await offerRow(byButton)).toMatchObject({ status: 'draft', approved_at: expect.any(Date) });
		expect(await as('ownerB', (tx) => changeOfferStatus(tx, byButton, orgs.orgB, 'submit'))).toBe('published');
		expect(await searchRows(byButton)).toBe(1);

		const version = (await as('ownerB', (tx) => getEditableOffer(tx, bySaving, orgs.orgB)))!.draft.version;
		expect(await as('ownerB', (tx) => saveOffer(tx, orgs.orgB, bySaving, offerInput({ title_en: 'B approved, saved again', places: [locations.locB] }), version, 'submit')))
			.toEqual({ saved: true, id: bySaving, status: 'published' });
		expect(await searchRows(bySaving)).toBe(1);
	});

	it('does nothing to a hidden offer, nor to another group’s offer', async () => {
		const hidden = await service(async (tx) => {
			const offer = await addOffer(tx, orgs.orgB, { title: 'B hidden', at: newport, outcomes: ['seeing-people'] });
			await tx.query(`update offers set status = 'hidden', moderation_note = 'Taken down' where id = $1`, [offer]);
			return offer;
		});
		for (const change of ['pause', 'resume', 'archive', 'submit', 'withdraw'] as const) {
			expect(await as('ownerB', (tx) => changeOfferStatus(tx, hidden, orgs.orgB, change)), change).toBeNull();
		}
		expect((await offerRow(hidden))!.status).toBe('hidden');
		// Another group's published offer (which B may read): RLS lets nothing change.
		const theirs = await service((tx) => addOffer(tx, orgs.orgA, { title: 'A for B to try', at: cardiff, outcomes: ['seeing-people'] }));
		await as('ownerB', (tx) => changeOfferStatus(tx, theirs, orgs.orgA, 'pause'));
		await as('ownerB', (tx) => changeOfferStatus(tx, theirs, orgs.orgA, 'archive'));
		expect((await offerRow(theirs))!.status).toBe('published');
		expect(await searchRows(theirs)).toBe(1);
	});

	// changeOfferStatus reports a change only when a row was updated.
	it("returns null when RLS lets the caller change nothing (another group's published offer)", async () => {
		const theirs = await service((tx) => addOffer(tx, orgs.orgA, { title: 'A for B to try again', at: cardiff, outcomes: ['seeing-people'] }));
		expect(await as('ownerB', (tx) => changeOfferStatus(tx, theirs, orgs.orgA, 'pause'))).toBeNull();
	});
});

describe('confirmStillRunning and duplicateOffer', () => {
	it('"still running" sets the review date to now and clears the reminders', async () => {
		const id = await service(async (tx) => {
			const offer = await addOffer(tx, orgs.orgA, { title: 'Old but running', at: cardiff, outcomes: ['seeing-people'] });
			await tx.query(`update offers set last_reviewed_at = now() - interval '8 months' where id = $1`, [offer]);
			await tx.query(`update offers set reminders_sent = 3, last_reminder_at = now() - interval '3 weeks', out_of_date_since = now() - interval '1 week' where id = $1`, [offer]);
			return offer;
		});
		expect(await offerRow(id)).toMatchObject({ reminders_sent: 3, out_of_date_since: expect.any(Date) });
		expect(await as('editorA', (tx) => confirmStillRunning(tx, id, orgs.orgA))).toBe(true);
		const after = (await offerRow(id))!;
		expect(Math.abs(after.last_reviewed_at!.getTime() - Date.now())).toBeLessThan(60_000);
		expect(after).toMatchObject({ reminders_sent: 0, last_reminder_at: null, out_of_date_since: null });
		// Not this group's: refused quietly.
		expect(await as('ownerB', (tx) => confirmStillRunning(tx, id, orgs.orgA))).toBe(false);
	});

	it('duplicates an offer as a draft "… (copy)" with the same outcomes, places and times', async () => {
		const { id } = await newOffer('editorA', orgs.orgA, offerInput({
			title_en: 'Original club', outcomes: ['skills', 'things-to-do'], places: [locations.locA],
			schedules: [weekly({ byday: ['TU', 'TH'], except_months: [8] }), monthly('1WE', '13:00', '14:00')]
		}), 'submit');
		const copy = await as('editorA', (tx) => duplicateOffer(tx, id, orgs.orgA, ' (copy)'));
		expect(copy).toEqual(expect.any(String));
		expect(copy).not.toBe(id);
		expect(await offerRow(copy!)).toMatchObject({ title_en: 'Original club (copy)', status: 'draft', approved_at: null });
		expect(await outcomesOf(copy!)).toEqual(await outcomesOf(id));
		expect(await outcomesOf(copy!)).toEqual(['skills', 'things-to-do']);
		expect((await placesOf(copy!)).map((p) => p.id)).toEqual([locations.locA]);
		expect(await schedulesOf(copy!)).toEqual(await schedulesOf(id));
		expect(await schedulesOf(copy!)).toHaveLength(2);
		// Another group cannot copy it. The offer is published, so B reads it and the insert is what
		// RLS refuses: an error (42501), not the null the function returns for an offer it cannot see.
		await expect(as('ownerB', (tx) => duplicateOffer(tx, id, orgs.orgA, ' (copy)'))).rejects.toMatchObject({ code: '42501' });
		const copies = await service((tx) => tx.query(`select id from offers where title_en = 'Original club (copy)'`));
		expect(copies).toEqual([{ id: copy }]);
		// A draft B cannot see at all: null.
		expect(await as('ownerB', (tx) => duplicateOffer(tx, copy!, orgs.orgA, ' (copy)'))).toBeNull();
	});

	it('does not copy a hidden offer (the copy would be a way round the moderator); once restored, it may', async () => {
		const hidden = await service((tx) => addOffer(tx, orgs.orgA, { title: 'Hidden original', at: cardiff, outcomes: ['seeing-people'] }));
		expect(await as('moderator', (tx) => hideOffer(tx, hidden, 'Misleading'))).toMatchObject({ title_en: 'Hidden original' });
		expect(await as('editorA', (tx) => duplicateOffer(tx, hidden, orgs.orgA, ' (copy)'))).toBeNull();
		expect(await service((tx) => tx.query(`select id from offers where title_en like 'Hidden original%'`))).toEqual([{ id: hidden }]);

		expect(await as('moderator', (tx) => restoreOffer(tx, hidden))).toBe(true);
		const copy = await as('editorA', (tx) => duplicateOffer(tx, hidden, orgs.orgA, ' (copy)'));
		expect(copy).toEqual(expect.any(String));
		expect(await offerRow(copy!)).toMatchObject({ title_en: 'Hidden original (copy)', status: 'draft' });
	});
});

describe('reports', () => {
	let offer: string;
	let reportId: string;
	const mails = () => service((tx) => tx.query<{ to_email: string; subject: string; body: string }>(
		`select to_email, subject, body from outbox where kind = 'report_answer' order by created_at, to_email`));

	it('an anonymous report shows for the group, which sees that the sender wants a reply but not where to; other groups see nothing', async () => {
		offer = await service((tx) => addOffer(tx, orgs.orgA, { title: 'Reported lunch', at: cardiff, outcomes: ['seeing-people'] }));
		reportId = await submitReport(anon, offer, { message: 'The phone number is wrong', replyEmail: 'reporter@example.org', language: 'cy' });

		const listed = await as('editorA', (tx) => listReports(tx, orgs.orgA));
		expect(listed.find((r) => r.id === reportId)).toMatchObject({
			offer_id: offer, offer_title: 'Reported lunch', organisation_name: 'Group A', kind: 'problem', reason: 'contact_wrong',
			message: 'The phone number is wrong', wants_reply: true, status: 'open', response: null
		});
		// The reporter's address is not part of the list.
		expect(listed.find((r) => r.id === reportId)).not.toHaveProperty('reply_email');

		expect(await as('ownerB', (tx) => listReports(tx, orgs.orgA))).toEqual([]);
		expect((await as('ownerB', (tx) => listReports(tx, null))).map((r) => r.id)).not.toContain(reportId);
		expect(await as('ownerB', (tx) => answerReport(tx, reportId, 'Not ours to answer', true))).toBeNull();
		expect(await reportRow(reportId)).toMatchObject({ status: 'open', response: null });
	});

	it('the group answers and resolves it: the offer’s title comes back for the mail, no address; it stays in the group’s list, after open ones', async () => {
		const answered = await as('editorA', (tx) => answerReport(tx, reportId, 'Thank you, it is fixed', true));
		expect(answered).toEqual({ offerTitle: 'Reported lunch' });
		expect(await reportRow(reportId)).toEqual({
			status: 'resolved', response: 'Thank you, it is fixed', responded_by: users.editorA, moderated_at: null, answer_mailed_at: null
		});

		const newer = await submitReport(anon, offer, { message: 'Still open' });
		const listed = (await as('editorA', (tx) => listReports(tx, orgs.orgA))).map((r) => r.id);
		expect(listed).toContain(reportId);
		expect(listed.indexOf(newer)).toBeLessThan(listed.indexOf(reportId));
	});

	it('a report the group resolved stays on the moderators’ queue until a moderator has looked at it', async () => {
		expect((await as('moderator', (tx) => listReports(tx, null))).find((r) => r.id === reportId)).toMatchObject({ status: 'resolved' });
		expect((await as('moderator', (tx) => moderationQueue(tx))).reports.map((r) => r.id)).toContain(reportId);
		// A member cannot mark it as seen by moderators.
		await expect(as('editorA', (tx) => answerReport(tx, reportId, null, true, true))).rejects.toMatchObject({ code: '42501' });
		expect((await reportRow(reportId))!.moderated_at).toBeNull();

		expect(await as('moderator', (tx) => answerReport(tx, reportId, 'We have checked it too', true, true))).toEqual({ offerTitle: 'Reported lunch' });
		const seen = (await reportRow(reportId))!;
		expect(seen).toMatchObject({ status: 'resolved', response: 'We have checked it too', responded_by: users.moderator, moderated_at: expect.any(Date) });
		expect((await as('moderator', (tx) => listReports(tx, null))).map((r) => r.id)).not.toContain(reportId);
		// Still the group's, though.
		expect((await as('editorA', (tx) => listReports(tx, orgs.orgA))).map((r) => r.id)).toContain(reportId);
		// Answering again keeps the first mark.
		await as('moderator', (tx) => answerReport(tx, reportId, 'And again', true, true));
		expect((await reportRow(reportId))!.moderated_at).toEqual(seen.moderated_at);
	});

	it('the moderators’ queue holds the reports no moderator has looked at, about any group', async () => {
		const openOne = await submitReport(anon, offer, { message: 'Open one' });
		const aboutB = await submitReport(anon, await service((tx) => addOffer(tx, orgs.orgB, { title: 'Reported in Newport', at: newport, outcomes: ['seeing-people'] })));
		const queue = (await as('moderator', (tx) => listReports(tx, null))).map((r) => r.id);
		expect(queue).toEqual(expect.arrayContaining([openOne, aboutB]));
		expect(queue).not.toContain(reportId);
		// The group lists only its own.
		const groupA = (await as('ownerA', (tx) => listReports(tx, orgs.orgA))).map((r) => r.id);
		expect(groupA).toContain(openOne);
		expect(groupA).not.toContain(aboutB);
	});

	it('the answer is mailed once, in the sender’s language, however often it is edited', async () => {
		expect(await mails()).toEqual([]);
		await mailReportAnswer(reportId, 'Reported lunch', 'Thank you, it is fixed');
		const [first, ...rest] = await mails();
		expect(rest).toEqual([]);
		expect(first).toMatchObject({ to_email: 'reporter@example.org', subject: 'Ateb am "Reported lunch"' });
		expect(first!.body).toContain('Thank you, it is fixed');
		expect((await reportRow(reportId))!.answer_mailed_at).toBeInstanceOf(Date);

		await mailReportAnswer(reportId, 'Reported lunch', 'We have checked it too');
		expect(await mails()).toHaveLength(1);

		// Another sender, in English.
		const english = await submitReport(anon, offer, { replyEmail: 'english@example.org', language: 'en' });
		await mailReportAnswer(english, 'Reported lunch', 'Sorted');
		expect((await mails()).find((m) => m.to_email === 'english@example.org')).toMatchObject({ subject: 'A reply about "Reported lunch"' });
	});

	it("tells everyone in a group, each in their own language with a link to the group's page in it", async () => {
		await mailGroup(orgs.orgA, 'https://wm.example', `/groups/${orgs.orgA}`, (link) => ({
			kind: 'moderation_decision', listing: 'Reported lunch', approved: true, note: null, link
		}));
		const sent = await service((tx) => tx.query<{ to_email: string; body: string }>(
			`select to_email, body from outbox where kind = 'moderation_decision' order by to_email`));
		expect(sent.map((mail) => mail.to_email)).toEqual([emailOf('editorA'), emailOf('ownerA')]);
		expect(sent[0]!.body).toContain(`https://wm.example/groups/${orgs.orgA}`);
		expect(sent[1]!.body).toContain(`https://wm.example/cy/groups/${orgs.orgA}`); // ownerA reads Welsh
	});

	it('no address, no mail', async () => {
		const quiet = await submitReport(anon, offer, { replyEmail: null });
		await as('ownerA', (tx) => answerReport(tx, quiet, 'Thanks', true));
		const before = (await mails()).length;
		await mailReportAnswer(quiet, 'Reported lunch', 'Thanks');
		expect(await mails()).toHaveLength(before);
		expect((await reportRow(quiet))!.answer_mailed_at).toBeNull();
	});
});

describe('recentChanges', () => {
	it("lists a member's title edit with before, after and the member's name (or email when there is none)", async () => {
		const { id } = await newOffer('ownerA', orgs.orgA, offerInput({ title_en: 'Audit before' }));
		let version = (await as('editorA', (tx) => getEditableOffer(tx, id, orgs.orgA)))!.draft.version;
		expect(await as('editorA', (tx) => saveOffer(tx, orgs.orgA, id, offerInput({ title_en: 'Audit middle' }), version, 'draft')))
			.toMatchObject({ saved: true });
		version = (await as('ownerA', (tx) => getEditableOffer(tx, id, orgs.orgA)))!.draft.version;
		expect(await as('ownerA', (tx) => saveOffer(tx, orgs.orgA, id, offerInput({ title_en: 'Audit after' }), version, 'draft')))
			.toMatchObject({ saved: true });

		const changes = await as('ownerA', (tx) => recentChanges(tx, orgs.orgA, 100));
		const titles = changes.filter((c) => c.field_name === 'title_en');
		expect(titles.find((c) => c.previous_value === 'Audit before')).toMatchObject({
			resource_type: 'service', action_type: 'update', replacement_value: 'Audit middle', who: 'Edna Editor'
		});
		expect(titles.find((c) => c.previous_value === 'Audit middle')).toMatchObject({
			replacement_value: 'Audit after', who: emailOf('ownerA')
		});
		// Newest first.
		expect(titles.findIndex((c) => c.previous_value === 'Audit middle')).toBeLessThan(titles.findIndex((c) => c.previous_value === 'Audit before'));
		// Another group reads none of A's history.
		expect(await as('ownerB', (tx) => recentChanges(tx, orgs.orgA))).toEqual([]);
	});
});

describe('moderation', () => {
	let pendingOrg: string;
	let pendingOffer: string;
	let claimId: string;
	let reportId: string;
	let otherReport: string;
	let publishedOffer: string;

	beforeAll(async () => {
		pendingOrg = await as('registrant', (tx) => registerOrganisation(tx, {
			name: 'Queue group', name_cy: null, description_en: 'Waiting for a moderator', description_cy: null, email: null, phone: null,
			website: null, charity_number: null, company_number: null
		}));
		pendingOffer = (await newOffer('ownerB', orgs.orgB, offerInput({ title_en: 'Queue offer', places: [locations.locB] }), 'submit')).id;
		const [claim] = await as('claimant', (tx) => tx.query<{ id: string }>(
			`insert into organisation_claims (organisation_id, message) values ($1, 'I run Group B now') returning id`, [orgs.orgB]));
		claimId = claim!.id;
		publishedOffer = await service((tx) => addOffer(tx, orgs.orgA, { title: 'To be hidden', at: cardiff, outcomes: ['seeing-people'] }));
		reportId = await submitReport(anon, publishedOffer, { message: 'Harmful advice' });
		const stays = await service((tx) => addOffer(tx, orgs.orgA, { title: 'Stays up', at: cardiff, outcomes: ['seeing-people'] }));
		otherReport = await submitReport(anon, stays, { message: 'Minor typo' });
	});

	it('the queue shows the pending group, pending offer, pending claim (with the claimant’s address) and the report no moderator has seen', async () => {
		const queue = await as('moderator', (tx) => moderationQueue(tx));
		expect(queue.organisations.find((o) => o.id === pendingOrg)).toMatchObject({ name: 'Queue group', description_en: 'Waiting for a moderator' });
		expect(queue.offers.find((o) => o.id === pendingOffer)).toMatchObject({
			organisation_id: orgs.orgB, organisation_name: 'Group B', organisation_status: 'published', organisation_verified: false,
			title_en: 'Queue offer', outcome_ids: ['seeing-people'], towns: ['Newport']
		});
		expect(queue.claims.find((c) => c.id === claimId)).toMatchObject({
			organisation_id: orgs.orgB, organisation_name: 'Group B', claimant_email: emailOf('claimant'), message: 'I run Group B now'
		});
		expect(queue.reports.find((r) => r.id === reportId)).toMatchObject({
			offer_title: 'To be hidden', organisation_name: 'Group A', status: 'open', wants_reply: false, message: 'Harmful advice'
		});
		expect(queue.unverified.map((g) => g.id)).toContain(orgs.orgB);
	});

	it('a signed-in person without the role sees an empty queue', async () => {
		const queue = await as('stranger', (tx) => moderationQueue(tx));
		expect(queue.organisations).toEqual([]);
		expect(queue.offers).toEqual([]);
		expect(queue.claims).toEqual([]);
		expect(queue.reports).toEqual([]);
		expect(queue.hidden).toEqual([]);
	});

	it('approving and verifying a group publishes and verifies it; a second decision does nothing', async () => {
		expect(await as('stranger', (tx) => decideOrganisation(tx, pendingOrg, true, true, null))).toBeNull();
		expect(await as('moderator', (tx) => decideOrganisation(tx, pendingOrg, true, true, null))).toEqual({ name: 'Queue group' });
		expect(await as('registrant', (tx) => getGroupOrganisation(tx, pendingOrg))).toMatchObject({ status: 'published', verified: true, my_role: 'owner' });
		expect(await as('moderator', (tx) => decideOrganisation(tx, pendingOrg, false, false, 'Too late'))).toBeNull();
	});

	it('a group turned back keeps the note until a moderator approves it; the approval’s own note is not stored', async () => {
		const details = {
			name: 'Second try group', name_cy: null, description_en: 'We try again', description_cy: null, email: null, phone: null,
			website: null, charity_number: null, company_number: null
		};
		const id = await as('registrant', (tx) => registerOrganisation(tx, details));
		expect(await as('moderator', (tx) => decideOrganisation(tx, id, false, false, 'Please add a way to reach you'))).toEqual({ name: 'Second try group' });
		expect(await as('registrant', (tx) => getGroupOrganisation(tx, id))).toMatchObject({ status: 'draft', moderation_note: 'Please add a way to reach you' });
		// The group adds a phone number, which sends it back to the queue with the note still there.
		expect(await as('registrant', (tx) => updateOrganisation(tx, id, { ...details, phone: '029 2000 0000' }))).toBe(true);
		expect(await as('registrant', (tx) => getGroupOrganisation(tx, id))).toMatchObject({ status: 'pending', moderation_note: 'Please add a way to reach you' });

		expect(await as('moderator', (tx) => decideOrganisation(tx, id, true, false, 'Thanks for the number'))).toEqual({ name: 'Second try group' });
		expect(await as('registrant', (tx) => getGroupOrganisation(tx, id))).toMatchObject({ status: 'published', verified: false, moderation_note: null });
	});

	it('rejecting an offer with a note makes it a draft; the group sees the note', async () => {
		expect(await as('moderator', (tx) => decideOffer(tx, pendingOffer, false, 'Please say when it runs')))
			.toEqual({ organisation_id: orgs.orgB, title_en: 'Queue offer' });
		const seen = await as('ownerB', (tx) => getEditableOffer(tx, pendingOffer, orgs.orgB));
		expect(seen).toMatchObject({ status: 'draft', moderation_note: 'Please say when it runs', approved: false });
		expect(await as('moderator', (tx) => decideOffer(tx, pendingOffer, true, null))).toBeNull();
	});

	it('approving an offer publishes it and clears the note (an approval’s note goes in the mail only)', async () => {
		// The group sends the turned-back offer again; it waits, with the old note, for a moderator.
		expect(await as('ownerB', (tx) => changeOfferStatus(tx, pendingOffer, orgs.orgB, 'submit'))).toBe('pending');
		expect(await offerRow(pendingOffer)).toMatchObject({ status: 'pending', moderation_note: 'Please say when it runs' });
		expect(await as('moderator', (tx) => decideOffer(tx, pendingOffer, true, 'Lovely, thank you')))
			.toEqual({ organisation_id: orgs.orgB, title_en: 'Queue offer' });
		expect(await offerRow(pendingOffer)).toMatchObject({ status: 'published', moderation_note: null, approved_at: expect.any(Date) });
		expect(await searchRows(pendingOffer)).toBe(1);
		expect(await as('ownerB', (tx) => getEditableOffer(tx, pendingOffer, orgs.orgB))).toMatchObject({ status: 'published', moderation_note: null, approved: true });
	});

	it('hiding takes an offer out of the directory and marks its reports seen; restoring brings it back as it was, without the note', async () => {
		expect(await searchRows(publishedOffer)).toBe(1);
		// A member may edit the offer, but the guard keeps hiding (and its note) to moderators.
		await expect(as('ownerA', (tx) => hideOffer(tx, publishedOffer, 'Not by a member'))).rejects.toMatchObject({ code: '42501' });
		expect(await offerRow(publishedOffer)).toMatchObject({ status: 'published', moderation_note: null });
		expect(await as('moderator', (tx) => hideOffer(tx, publishedOffer, 'Reported as harmful')))
			.toEqual({ organisation_id: orgs.orgA, title_en: 'To be hidden' });
		expect(await offerRow(publishedOffer)).toMatchObject({ status: 'hidden', moderation_note: 'Reported as harmful', status_before_hidden: 'published' });
		expect(await searchRows(publishedOffer)).toBe(0);
		// The moderator has dealt with the report about it; the report about another offer still waits.
		expect((await reportRow(reportId))!.moderated_at).toBeInstanceOf(Date);
		expect((await reportRow(otherReport))!.moderated_at).toBeNull();
		const queue = (await as('moderator', (tx) => moderationQueue(tx))).reports.map((r) => r.id);
		expect(queue).not.toContain(reportId);
		expect(queue).toContain(otherReport);
		expect(await as('ownerA', (tx) => getEditableOffer(tx, publishedOffer, orgs.orgA))).toMatchObject({ status: 'hidden', moderation_note: 'Reported as harmful' });
		expect((await as('moderator', (tx) => moderationQueue(tx))).hidden.map((h) => h.id)).toContain(publishedOffer);
		expect(await as('moderator', (tx) => hideOffer(tx, publishedOffer, 'Again'))).toBeNull();

		await expect(as('ownerA', (tx) => restoreOffer(tx, publishedOffer))).rejects.toMatchObject({ code: '42501' });
		expect((await offerRow(publishedOffer))!.status).toBe('hidden');
		expect(await as('moderator', (tx) => restoreOffer(tx, publishedOffer))).toBe(true);
		expect(await offerRow(publishedOffer)).toMatchObject({ status: 'published', moderation_note: null, status_before_hidden: null });
		expect(await searchRows(publishedOffer)).toBe(1);
		expect(await as('moderator', (tx) => restoreOffer(tx, publishedOffer))).toBe(false);
	});

	it('a paused offer that is hidden comes back paused, not published', async () => {
		const paused = await service((tx) => addOffer(tx, orgs.orgB, { title: 'Paused then hidden', at: newport, outcomes: ['seeing-people'] }));
		expect(await as('ownerB', (tx) => changeOfferStatus(tx, paused, orgs.orgB, 'pause'))).toBe('paused');
		expect(await as('moderator', (tx) => hideOffer(tx, paused, 'Checking a complaint'))).toEqual({ organisation_id: orgs.orgB, title_en: 'Paused then hidden' });
		expect(await offerRow(paused)).toMatchObject({ status: 'hidden', status_before_hidden: 'paused' });
		expect(await as('moderator', (tx) => restoreOffer(tx, paused))).toBe(true);
		expect(await offerRow(paused)).toMatchObject({ status: 'paused', status_before_hidden: null, moderation_note: null });
		expect(await searchRows(paused)).toBe(0);
		// The group resumes it when it is ready: it was approved, so it is published again.
		expect(await as('ownerB', (tx) => changeOfferStatus(tx, paused, orgs.orgB, 'resume'))).toBe('published');
	});

	it('an offer hidden with nothing on record to return to comes back a draft, which an approved offer may submit straight back', async () => {
		// Hidden before status_before_hidden was kept (by the server, say).
		const old = await service(async (tx) => {
			const offer = await addOffer(tx, orgs.orgB, { title: 'Hidden long ago', at: newport, outcomes: ['seeing-people'] });
			await tx.query(`update offers set status = 'hidden', moderation_note = 'Closed for now' where id = $1`, [offer]);
			return offer;
		});
		expect(await offerRow(old)).toMatchObject({ status: 'hidden', status_before_hidden: null, approved_at: expect.any(Date) });
		expect(await as('moderator', (tx) => restoreOffer(tx, old))).toBe(true);
		expect(await offerRow(old)).toMatchObject({ status: 'draft', moderation_note: null });
		expect(await searchRows(old)).toBe(0);
		// B is not verified, but a moderator approved this offer before: submitting publishes it at once.
		expect(await as('ownerB', (tx) => changeOfferStatus(tx, old, orgs.orgB, 'submit'))).toBe('published');
		expect(await searchRows(old)).toBe(1);
	});

	it('approving a claim makes the claimant an owner; a second decision returns null', async () => {
		expect(await as('moderator', (tx) => decideClaim(tx, claimId, true, 'Welcome')))
			.toEqual({ claimant_email: emailOf('claimant'), organisation_id: orgs.orgB, name: 'Group B' });
		expect(await as('claimant', (tx) => getGroupOrganisation(tx, orgs.orgB))).toMatchObject({ my_role: 'owner' });
		const [stored] = await service((tx) => tx.query('select status, decision_note, decided_by from organisation_claims where id = $1', [claimId]));
		expect(stored).toEqual({ status: 'approved', decision_note: 'Welcome', decided_by: users.moderator });
		expect(await as('moderator', (tx) => decideClaim(tx, claimId, false, 'Changed my mind'))).toBeNull();
		expect(await as('claimant', (tx) => getGroupOrganisation(tx, orgs.orgB))).toMatchObject({ my_role: 'owner' });
	});
});

describe('sendReviewReminders', () => {
	const settings = { reviewAfter: '6 months', reminderGap: '0 days' };
	// Near Swansea, away from every other offer in this file: the stale one sits on the search point.
	const nearSwansea = { lat: swansea.lat + 0.02, lng: swansea.lng };
	let stale: string;
	let current: string;

	const reminders = () => service((tx) => tx.query<{ to_email: string; kind: string; subject: string; body: string }>(
		`select to_email, kind, subject, body from outbox where kind = 'review_reminder' order by created_at, to_email`));

	const filters = (over: Partial<SearchFilters>): SearchFilters => ({
		outcomes: ['seeing-people', 'skills'], where: '', point: null, distance: 10, free: false, day: null, welsh: false,
		attendance: 'any', wheelchair: false, evening: false, children: false, text: 'swansea', page: 1, sort: 'best_match', ...over
	});

	beforeAll(async () => {
		await service(async (tx) => {
			// Alphabetically first and on the search point: only "may be out of date" can put it last.
			stale = await addOffer(tx, orgs.orgA, { title: 'Aardvark Swansea club', at: swansea, outcomes: ['seeing-people', 'skills'] });
			current = await addOffer(tx, orgs.orgA, { title: 'Zebra Swansea club', at: nearSwansea, outcomes: ['seeing-people', 'skills'] });
			await tx.query(`update offers set last_reviewed_at = now() - interval '7 months' where id = $1`, [stale]);
		});
	});

	it('mails every member of the group, each in their profile language', async () => {
		expect(await reminders()).toEqual([]);
		expect(await sendReviewReminders(db, { settings })).toBe(1);
		const mails = await reminders();
		expect(mails.map((m) => m.to_email)).toEqual([emailOf('editorA'), emailOf('ownerA')]);
		const english = mails.find((m) => m.to_email === emailOf('editorA'))!;
		const welsh = mails.find((m) => m.to_email === emailOf('ownerA'))!;
		expect(english.subject).toBe('Is "Aardvark Swansea club" still running as listed?');
		expect(english.body).toContain(`/groups/${orgs.orgA}`);
		expect(english.body).not.toContain('/cy/groups/');
		expect(welsh.kind).toBe('review_reminder');
		expect(welsh.subject).toContain('Aardvark Swansea club');
		expect(welsh.subject).not.toBe(english.subject);
		expect(welsh.body).toContain(`/cy/groups/${orgs.orgA}`);
		expect(await offerRow(stale)).toMatchObject({ reminders_sent: 1, out_of_date_since: null });
		expect((await offerRow(current))!.reminders_sent).toBe(0);
	});

	it('after three reminders and one more gap, marks the offer "may be out of date"', async () => {
		expect(await sendReviewReminders(db, { settings })).toBe(1);
		expect(await sendReviewReminders(db, { settings })).toBe(1);
		const mails = await reminders();
		expect(mails).toHaveLength(6);
		// The third is the last reminder, and says so.
		const third = mails.filter((m) => m.to_email === emailOf('editorA'))[2]!;
		expect(third.subject).toBe('Last reminder: is "Aardvark Swansea club" still running as listed?');
		expect(await offerRow(stale)).toMatchObject({ reminders_sent: 3, out_of_date_since: null });

		expect(await sendReviewReminders(db, { settings })).toBe(0);
		expect(await reminders()).toHaveLength(6);
		expect((await offerRow(stale))!.out_of_date_since).toBeInstanceOf(Date);
		const [row] = await service((tx) => tx.query<{ out_of_date: boolean }>('select out_of_date from offer_search where offer_id = $1', [stale]));
		expect(row).toEqual({ out_of_date: true });
		// Nothing more happens: no fourth reminder.
		expect(await sendReviewReminders(db, { settings })).toBe(0);
		expect(await reminders()).toHaveLength(6);
	});

	it('search (best match) lists the out-of-date offer after current ones', async () => {
		const found = await db.withClaims(anon, (tx) => searchOffers(tx, filters({}), null));
		expect(found.offers.map((o) => [o.title_en, o.out_of_date])).toEqual([['Zebra Swansea club', false], ['Aardvark Swansea club', true]]);
	});

	it('search (nearest) lists it after current ones even though it is nearer', async () => {
		const found = await db.withClaims(anon, (tx) => searchOffers(tx, filters({ sort: 'nearest', point: swansea }), swansea));
		expect(found.offers.map((o) => o.title_en)).toEqual(['Zebra Swansea club', 'Aardvark Swansea club']);
		expect(found.offers[1]!.distance_m).toBeLessThan(found.offers[0]!.distance_m!);
		expect(found.offers[1]!.out_of_date).toBe(true);
	});

	it('best match with a point: still after current ones', async () => {
		const found = await db.withClaims(anon, (tx) => searchOffers(tx, filters({ sort: 'best_match', point: swansea }), swansea));
		expect(found.offers.map((o) => o.title_en)).toEqual(['Zebra Swansea club', 'Aardvark Swansea club']);
	});
});
