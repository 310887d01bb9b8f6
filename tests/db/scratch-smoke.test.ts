import { expect, it } from 'vitest';
import { freshDb, asService, someone } from './template';
import { addOrganisation, addOffer } from './fixtures';

it('smoke', async () => {
	const db = await freshDb();
	const { org, offer } = await asService(db, async (tx) => {
		await tx.query(`insert into auth.users (id, email) values ($1, $2)`, [someone.sub, someone.email]);
		const org = await addOrganisation(tx, 'Org');
		await tx.query(`update organisations set verified_at = now() where id = $1`, [org]);
		await tx.query(`insert into organisation_members (organisation_id, user_id, role) values ($1, $2, 'owner')`, [org, someone.sub]);
		const offer = await addOffer(tx, org, { title: 'T', at: null, outcomes: ['skills'] });
		return { org, offer };
	});
	await db.withClaims(someone, (tx) => tx.query(`update offers set title_en = 'New title', capacity = 'waiting_list' where id = $1`, [offer]));
	await db.withClaims(someone, (tx) => tx.query(`delete from offer_outcomes where offer_id = $1`, [offer]));
	const log = await db.withClaims(someone, (tx) => tx.query(`select resource_type, field_name, previous_value, replacement_value, updated_by, action_type from audit_log order by id`));
	console.log(log);
	const id = await db.withClaims(someone, (tx) => tx.query(`select public.register_organisation(name => 'Mine', description_en => 'x')`));
	console.log(id);
	await asService(db, (tx) => tx.query(`update offers set last_reviewed_at = now() - interval '200 days' where id = $1`, [offer]));
	for (let i = 0; i < 5; i++) {
		const due = await asService(db, (tx) => tx.query(`select * from review_reminders_due('6 months', '0 seconds')`));
		console.log(i, due);
	}
	console.log(await asService(db, (tx) => tx.query(`select out_of_date from offer_search where offer_id = $1`, [offer])));
	expect(log.length).toBeGreaterThan(0);
	await db.close();
});
