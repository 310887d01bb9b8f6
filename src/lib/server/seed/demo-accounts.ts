import type { Tx } from '../db/types';
import { hashPassword } from '../auth/secrets';
import type { MemberRole, SiteRole } from '../../domain/account';

// Demonstration accounts, one for each kind of user, so anyone trying the embedded app can see
// every audience's pages. Their passwords are public (README, "Demo data"): never seed them
// into a real deployment's database. Marked in auth.users.raw_app_meta_data as demo.

export interface DemoAccount {
	email: string;
	password: string;
	displayName: string;
	roles: SiteRole[];
	/** Owner or editor of the first published demo group (or of `group`). */
	member?: MemberRole;
	/** The demo group's name, when not the first. */
	group?: string;
}

export const demoAccounts: DemoAccount[] = [
	{ email: 'admin@demo.example.org', password: 'wm-demo-admin', displayName: 'Demo admin', roles: ['admin'] },
	{ email: 'moderator@demo.example.org', password: 'wm-demo-moderator', displayName: 'Demo moderator', roles: ['moderator'] },
	{ email: 'planner@demo.example.org', password: 'wm-demo-planner', displayName: 'Demo planner', roles: ['planner'] },
	{ email: 'practitioner@demo.example.org', password: 'wm-demo-practitioner', displayName: 'Demo practitioner', roles: ['practitioner'] },
	{ email: 'owner@demo.example.org', password: 'wm-demo-owner', displayName: 'Demo group owner', roles: [], member: 'owner' },
	{ email: 'editor@demo.example.org', password: 'wm-demo-editor', displayName: 'Demo group editor', roles: [], member: 'editor' },
	{ email: 'person@demo.example.org', password: 'wm-demo-person', displayName: 'Demo person', roles: [] },
	// A second group near the first, so the groups' board has someone to answer.
	{ email: 'neighbour@demo.example.org', password: 'wm-demo-neighbour', displayName: 'Demo neighbouring group owner', roles: [], member: 'owner', group: 'Clwb Cymraeg Aberdâr' }
];

/** Adds the demo accounts that are missing; returns how many were added. Runs as service_role. */
export async function insertDemoAccounts(tx: Tx): Promise<number> {
	const [group] = await tx.query<{ id: string }>(
		`select id from public.organisations where is_demo and status = 'published' order by name limit 1`
	);
	let added = 0;
	for (const account of demoAccounts) {
		const [exists] = await tx.query(`select 1 from auth.users where email = $1`, [account.email]);
		if (exists) continue;
		const [user] = await tx.query<{ id: string }>(
			`insert into auth.users (id, email, encrypted_password, email_confirmed_at, raw_app_meta_data, raw_user_meta_data)
			 values (gen_random_uuid(), $1, $2, now(), '{"provider":"email","demo":true}', jsonb_build_object('display_name', $3::text))
			 returning id`,
			[account.email, await hashPassword(account.password), account.displayName]
		);
		for (const role of account.roles) {
			await tx.query(`insert into public.user_roles (user_id, role) values ($1, $2)`, [user!.id, role]);
		}
		const [own] = account.group
			? await tx.query<{ id: string }>(`select id from public.organisations where is_demo and name = $1`, [account.group])
			: [group];
		if (account.member && own) {
			await tx.query(`insert into public.organisation_members (organisation_id, user_id, role) values ($1, $2, $3)`, [own.id, user!.id, account.member]);
		}
		added++;
	}
	return added;
}

/** Removes the demo accounts (and, by cascade, their roles, memberships and sessions). */
export async function deleteDemoAccounts(tx: Tx): Promise<void> {
	await tx.query(`delete from auth.users where raw_app_meta_data ->> 'demo' = 'true'`);
}
