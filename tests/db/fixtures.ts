import type { Tx } from '../../src/lib/server/db/types';

// Points with known distances: Cardiff CF10 centroid, about 2 miles north, Newport (~11 miles), Swansea (~35 miles).
export const cardiff = { lat: 51.47387, lng: -3.17648 };
export const cathays = { lat: 51.4985, lng: -3.1785 }; // ~1.7 miles from CF10
export const newport = { lat: 51.59057, lng: -3.0048 };
export const swansea = { lat: 51.62742, lng: -3.93905 };

interface OfferFixture {
	title: string;
	at: { lat: number; lng: number } | null;
	outcomes: string[];
	cost?: 'free' | 'low_cost' | 'paid';
	byday?: string[];
	freq?: 'WEEKLY' | 'MONTHLY';
	languages?: string[];
	attendance?: 'in_person' | 'online' | 'both';
	accessibility?: string[];
	status?: 'draft' | 'pending' | 'published' | 'archived';
	description?: string;
	titleCy?: string;
}

export async function addOrganisation(tx: Tx, name: string, status = 'published'): Promise<string> {
	const [row] = await tx.query<{ id: string }>(
		`insert into organisations (name, status, description_en) values ($1, $2, 'A test group') returning id`,
		[name, status]
	);
	return row!.id;
}

export async function addOffer(tx: Tx, organisationId: string, offer: OfferFixture): Promise<string> {
	const [row] = await tx.query<{ id: string }>(
		`insert into offers (organisation_id, title_en, title_cy, description_en, kind, cost, access, attendance, status, languages)
		 values ($1, $2, $3, $4, 'activity', $5, 'drop_in', $6, $7, $8) returning id`,
		[
			organisationId, offer.title, offer.titleCy ?? null, offer.description ?? '', offer.cost ?? 'free',
			offer.attendance ?? 'in_person', offer.status ?? 'published', offer.languages ?? ['en']
		]
	);
	const id = row!.id;
	for (const outcome of offer.outcomes) {
		await tx.query(`insert into offer_outcomes (offer_id, outcome_id) values ($1, $2)`, [id, outcome]);
	}
	if (offer.at) {
		const [location] = await tx.query<{ id: string }>(
			`insert into locations (organisation_id, name, town, lat, lng, accessibility) values ($1, $2, 'Test town', $3, $4, $5) returning id`,
			[organisationId, `${offer.title} venue`, offer.at.lat, offer.at.lng, offer.accessibility ?? []]
		);
		await tx.query(`insert into offer_locations (offer_id, location_id) values ($1, $2)`, [id, location!.id]);
	}
	await tx.query(
		`insert into schedules (offer_id, freq, byday, opens_at, closes_at) values ($1, $2, $3, '10:00', '12:00')`,
		[id, offer.freq ?? 'WEEKLY', offer.byday ?? ['MO']]
	);
	return id;
}
