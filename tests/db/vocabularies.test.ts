import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	accessRoutes, accessibilityFeatures, attendanceModes, audiences, capacities, costs, languageCodes, offerKinds, outcomeCategories
} from '../../src/lib/domain/directory';
import { asService, freshDb, type TestDb } from './template';
import { addOrganisation } from './fixtures';

// src/lib/domain/directory.ts mirrors the CHECK constraints; this keeps the two from drifting apart.
let db: TestDb;
let group: string;
beforeAll(async () => {
	db = await freshDb();
	group = await asService(db, (tx) => addOrganisation(tx, 'Vocabulary Group'));
});
afterAll(() => db?.close());

const offer = (overrides: Record<string, unknown>) => {
	const row = { kind: 'activity', cost: 'free', access: 'drop_in', attendance: 'online', capacity: 'taking_new', languages: ['en'], who_for: ['everyone'], ...overrides };
	return asService(db, (tx) => tx.query(
		`insert into offers (organisation_id, title_en, kind, cost, access, attendance, capacity, languages, who_for)
		 values ($1, 'x', $2, $3, $4, $5, $6, $7, $8)`,
		[group, row.kind, row.cost, row.access, row.attendance, row.capacity, row.languages, row.who_for]
	));
};

describe('the vocabularies the code knows', () => {
	it('are exactly what the database accepts for offers', async () => {
		for (const kind of offerKinds) await offer({ kind });
		for (const cost of costs) await offer({ cost });
		for (const access of accessRoutes) await offer({ access });
		for (const attendance of attendanceModes) await offer({ attendance });
		for (const capacity of capacities) await offer({ capacity });
		await offer({ languages: [...languageCodes], who_for: [...audiences] });
		await expect(offer({ kind: 'not_a_kind' })).rejects.toThrow(/check constraint/);
		await expect(offer({ languages: ['xx'] })).rejects.toThrow(/check constraint/);
	});

	it('are exactly what the database accepts for venues and outcomes', async () => {
		await asService(db, (tx) => tx.query(
			`insert into locations (organisation_id, name, lat, lng, accessibility) values ($1, 'Hall', 51.5, -3.2, $2)`,
			[group, [...accessibilityFeatures]]
		));
		await expect(asService(db, (tx) => tx.query(
			`insert into locations (organisation_id, name, lat, lng, accessibility) values ($1, 'Hall', 51.5, -3.2, '{lift}')`, [group]
		))).rejects.toThrow(/check constraint/);
		const categories = await asService(db, (tx) => tx.query<{ category: string }>('select distinct category from outcomes order by 1'));
		expect(categories.map((c) => c.category)).toEqual([...outcomeCategories].sort());
	});
});
