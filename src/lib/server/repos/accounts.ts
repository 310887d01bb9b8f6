import type { Tx } from '$lib/server/db/types';
import { databaseHint, withSavepoint } from '$lib/server/db/errors';
import { newToken, tokenHash } from '$lib/server/auth/secrets';
import type { InvitableRole, MemberRole, SiteRole } from '$lib/domain/account';
import type { User, VerifiedIdentity } from '$lib/server/auth/types';

// People, roles, memberships and invitations. Every function runs with the caller's claims,
// so RLS decides; a refused change comes back as 0 rows or an error, never as success.

/** The signed-in person's profile, roles and groups, read as themselves. */
export async function loadUser(tx: Tx, identity: VerifiedIdentity): Promise<User> {
	const [row] = await tx.query<{ display_name: string | null; language: 'en' | 'cy' | null; roles: SiteRole[]; memberships: User['memberships'] }>(
		`select p.display_name, p.language,
		   coalesce((select array_agg(r.role order by r.role) from public.user_roles r where r.user_id = auth.uid()), '{}') as roles,
		   coalesce((select json_agg(json_build_object('organisationId', m.organisation_id, 'name', o.name, 'role', m.role) order by o.name)
		             from public.organisation_members m join public.organisations o on o.id = m.organisation_id
		             where m.user_id = auth.uid()), '[]') as memberships
		 from (select 1) one left join public.profiles p on p.id = auth.uid()`
	);
	return {
		id: identity.id,
		email: identity.email,
		displayName: row?.display_name ?? '',
		language: row?.language ?? 'en',
		roles: row?.roles ?? [],
		memberships: row?.memberships ?? []
	};
}

export async function updateProfile(tx: Tx, profile: { displayName: string; language: 'en' | 'cy' }): Promise<boolean> {
	const rows = await tx.query(`update public.profiles set display_name = $1, language = $2 where id = auth.uid() returning id`, [profile.displayName, profile.language]);
	return rows.length === 1;
}

export interface SessionSummary {
	id: string;
	user_agent: string;
	created_at: string;
	last_seen_at: string;
	current: boolean;
}

export async function listMySessions(tx: Tx): Promise<SessionSummary[]> {
	return tx.query<SessionSummary>(
		`select id, user_agent, created_at, last_seen_at, id::text = coalesce(auth.jwt() ->> 'session_id', '') as current
		 from public.auth_sessions where user_id = auth.uid() and revoked_at is null and expires_at > now()
		 order by last_seen_at desc`
	);
}

/** Everything held about the caller, as they may read it (download my data). */
export async function exportMyData(tx: Tx) {
	const one = async (sql: string) => (await tx.query<{ data: unknown }>(sql))[0]?.data ?? null;
	return {
		exported_at: new Date().toISOString(),
		account: await one(`select row_to_json(a) as data from public.my_account() a`),
		profile: await one(`select row_to_json(p) as data from public.profiles p where p.id = auth.uid()`),
		roles: await one(`select coalesce(json_agg(json_build_object('role', role, 'granted_at', granted_at)), '[]') as data from public.user_roles where user_id = auth.uid()`),
		organisations: await one(
			`select coalesce(json_agg(json_build_object('organisation_id', m.organisation_id, 'name', o.name, 'role', m.role, 'since', m.created_at)), '[]') as data
			 from public.organisation_members m join public.organisations o on o.id = m.organisation_id where m.user_id = auth.uid()`
		),
		invitations_sent: await one(
			`select coalesce(json_agg(json_build_object('email', email, 'role', role, 'organisation_id', organisation_id, 'created_at', created_at,
			   'accepted_at', accepted_at, 'revoked_at', revoked_at)), '[]') as data from public.invitations where invited_by = auth.uid()`
		),
		sessions: await one(
			`select coalesce(json_agg(json_build_object('user_agent', user_agent, 'created_at', created_at, 'last_seen_at', last_seen_at,
			   'expires_at', expires_at, 'revoked_at', revoked_at)), '[]') as data from public.auth_sessions where user_id = auth.uid()`
		)
	};
}

/** Organisations the caller owns where nobody else is an owner (they stay listed after deletion, with no owner). */
export async function organisationsOnlyIOwn(tx: Tx): Promise<{ id: string; name: string }[]> {
	return tx.query(
		`select o.id, o.name from public.organisation_members m join public.organisations o on o.id = m.organisation_id
		 where m.user_id = auth.uid() and m.role = 'owner'
		   and not exists (select 1 from public.organisation_members other
		                   where other.organisation_id = m.organisation_id and other.role = 'owner' and other.user_id <> m.user_id)
		 order by o.name`
	);
}

// --- People and roles (admins) ---------------------------------------------------------------

export interface Person {
	id: string;
	email: string;
	display_name: string;
	roles: SiteRole[];
	created_at: string;
}

export async function listPeopleWithRoles(tx: Tx): Promise<Person[]> {
	return tx.query<Person>(
		`select p.id, p.email, p.display_name, p.created_at, array_agg(r.role order by r.role) as roles
		 from public.profiles p join public.user_roles r on r.user_id = p.id
		 group by p.id order by lower(p.display_name), p.email`
	);
}

export type RoleRemoval = 'removed' | 'not_found' | 'last_admin';

export async function removeRole(tx: Tx, userId: string, role: SiteRole): Promise<RoleRemoval> {
	try {
		const rows = await withSavepoint(tx, (tx) => tx.query(`delete from public.user_roles where user_id = $1 and role = $2 returning user_id`, [userId, role]));
		return rows.length ? 'removed' : 'not_found';
	} catch (error) {
		if (databaseHint(error) === 'last_admin') return 'last_admin';
		throw error;
	}
}

// --- Invitations -----------------------------------------------------------------------------

export const invitationDays = 14;

export interface Invitation {
	id: string;
	email: string;
	role: InvitableRole | 'editor';
	organisation_id: string | null;
	created_at: string;
	expires_at: string;
	accepted_at: string | null;
	revoked_at: string | null;
	status: 'waiting' | 'accepted' | 'expired' | 'revoked';
}

const invitationColumns = `id, email, role, organisation_id, created_at, expires_at, accepted_at, revoked_at,
  case when revoked_at is not null then 'revoked' when accepted_at is not null then 'accepted'
       when expires_at <= now() then 'expired' else 'waiting' end as status`;

/** Creates the invitation; the caller queues its mail in the same transaction. The token exists only in that mail. */
export async function createInvitation(
	tx: Tx,
	invitation: { email: string; role: InvitableRole | 'editor'; organisationId: string | null }
): Promise<{ invitation: Invitation; token: string }> {
	const token = newToken();
	const [row] = await tx.query<Invitation>(
		`insert into public.invitations (email, role, organisation_id, token_hash, invited_by, expires_at)
		 values ($1, $2, $3, $4, auth.uid(), now() + make_interval(days => $5)) returning ${invitationColumns}`,
		[invitation.email, invitation.role, invitation.organisationId, tokenHash(token), invitationDays]
	);
	return { invitation: row!, token };
}

export async function listInvitations(tx: Tx, organisationId: string | null): Promise<Invitation[]> {
	return tx.query<Invitation>(
		`select ${invitationColumns} from public.invitations
		 where organisation_id is not distinct from $1 order by created_at desc limit 200`,
		[organisationId]
	);
}

/** True when this call revoked it (and took away what it gave); false if refused or already revoked. */
export async function revokeInvitation(tx: Tx, id: string, organisationId: string | null): Promise<boolean> {
	const rows = await withSavepoint(tx, (tx) =>
		tx.query(
			`update public.invitations set revoked_at = now() where id = $1 and organisation_id is not distinct from $2 and revoked_at is null returning id`,
			[id, organisationId]
		)
	);
	return rows.length === 1;
}

export type AcceptProblem = 'invitation_not_found' | 'invitation_revoked' | 'invitation_used' | 'invitation_expired' | 'invitation_other_email';
export type Accepted = { ok: true; role: InvitableRole | 'editor'; organisationId: string | null } | { ok: false; problem: AcceptProblem };
const acceptProblems = new Set<string>(['invitation_not_found', 'invitation_revoked', 'invitation_used', 'invitation_expired', 'invitation_other_email']);

export async function acceptInvitation(tx: Tx, token: string): Promise<Accepted> {
	try {
		const [row] = await withSavepoint(tx, (tx) =>
			tx.query<{ role: InvitableRole | 'editor'; organisation_id: string | null }>(`select role, organisation_id from public.accept_invitation($1)`, [token])
		);
		return { ok: true, role: row!.role, organisationId: row!.organisation_id };
	} catch (error) {
		const hint = databaseHint(error);
		if (hint && acceptProblems.has(hint)) return { ok: false, problem: hint as AcceptProblem };
		throw error;
	}
}

// --- Organisation members --------------------------------------------------------------------

export interface Member {
	user_id: string;
	email: string;
	display_name: string;
	role: MemberRole;
	created_at: string;
}

export async function listMembers(tx: Tx, organisationId: string): Promise<Member[]> {
	return tx.query<Member>(
		`select m.user_id, coalesce(p.email, '') as email, coalesce(p.display_name, '') as display_name, m.role, m.created_at
		 from public.organisation_members m left join public.profiles p on p.id = m.user_id
		 where m.organisation_id = $1 order by m.role desc, lower(coalesce(p.display_name, '')), p.email`,
		[organisationId]
	);
}

export type MemberChange = 'done' | 'refused' | 'last_owner';

async function memberChange(tx: Tx, run: (tx: Tx) => Promise<unknown[]>): Promise<MemberChange> {
	try {
		return (await withSavepoint(tx, run)).length ? 'done' : 'refused';
	} catch (error) {
		if (databaseHint(error) === 'last_owner') return 'last_owner';
		throw error;
	}
}

export const changeMemberRole = (tx: Tx, organisationId: string, userId: string, role: MemberRole) =>
	memberChange(tx, (tx) =>
		tx.query(`update public.organisation_members set role = $3 where organisation_id = $1 and user_id = $2 returning user_id`, [organisationId, userId, role])
	);

export const removeMember = (tx: Tx, organisationId: string, userId: string) =>
	memberChange(tx, (tx) => tx.query(`delete from public.organisation_members where organisation_id = $1 and user_id = $2 returning user_id`, [organisationId, userId]));

// --- Outbox (admins) -------------------------------------------------------------------------

export interface OutboxMail {
	id: string;
	to_email: string;
	kind: string;
	subject: string;
	body: string;
	created_at: string;
	sent_at: string | null;
}

export async function listOutbox(tx: Tx, limit = 100): Promise<OutboxMail[]> {
	return tx.query<OutboxMail>(`select id, to_email, kind, subject, body, created_at, sent_at from public.outbox order by created_at desc limit $1`, [limit]);
}
