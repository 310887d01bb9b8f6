import { z } from 'zod';
import { checkKinds, introductionModes, supporterStatuses, type IntroductionMode, type SupporterStatus } from '../../domain/peer-support-options';
import type { ChecksInput, SupporterInput } from '../../domain/peer-support';
import { databaseHint, isRefused, withSavepoint } from '../db/errors';
import type { Tx } from '../db/types';

// A group's peer supporters (issue 7). The group and moderators see every supporter and their
// safeguarding; the public sees a supporter only once an owner has confirmed current checks
// (peer_supporter_is_public, enforced by RLS). Who handles introductions is the group's choice.

const date = z.union([z.date().transform((d) => d.toISOString().slice(0, 10)), z.string()]);

const supporterRow = z.object({
	id: z.string(),
	organisation_id: z.string(),
	display_name: z.string(),
	been_there_en: z.string(),
	been_there_cy: z.string().nullable(),
	languages: z.array(z.string()),
	availability_en: z.string(),
	availability_cy: z.string().nullable(),
	outcome_ids: z.array(z.string()),
	status: z.enum(supporterStatuses)
});
export type PublicSupporter = z.infer<typeof supporterRow>;

const groupSupporterRow = supporterRow.extend({
	check_kind: z.enum(checkKinds).nullable(),
	checked_on: date.nullable(),
	training: z.string().nullable(),
	trained_on: date.nullable(),
	supervisor: z.string().nullable(),
	confirmed_at: z.date().nullable(),
	confirmed_by_name: z.string().nullable(),
	checks_current: z.boolean(),
	shown: z.boolean()
});
export type GroupSupporter = z.infer<typeof groupSupporterRow>;

const supporterColumns = `s.id, s.organisation_id, s.display_name, s.been_there_en, s.been_there_cy, s.languages, s.availability_en,
  s.availability_cy, s.status,
  coalesce((select array_agg(o.outcome_id order by o.outcome_id) from peer_supporter_outcomes o where o.peer_supporter_id = s.id), '{}') as outcome_ids`;

/** Supporters the public may see (also what members see on the public page: drafts stay off it). */
export async function shownSupporters(tx: Tx, organisationId: string): Promise<PublicSupporter[]> {
	const rows = await tx.query(
		`select ${supporterColumns} from peer_supporters s
		  where s.organisation_id = $1 and peer_supporter_is_public(s.id) order by s.display_name`,
		[organisationId]
	);
	return rows.map((row) => supporterRow.parse(row));
}

export async function shownSupporter(tx: Tx, organisationId: string, id: string): Promise<PublicSupporter | null> {
	if (!z.uuid().safeParse(id).success) return null;
	const [row] = await tx.query(
		`select ${supporterColumns} from peer_supporters s
		  where s.id = $1 and s.organisation_id = $2 and peer_supporter_is_public(s.id)`,
		[id, organisationId]
	);
	return row ? supporterRow.parse(row) : null;
}

const groupQuery = `select ${supporterColumns}, c.check_kind, c.checked_on, c.training, c.trained_on, c.supervisor, c.confirmed_at,
    (select p.display_name from profiles p where p.id = c.confirmed_by) as confirmed_by_name,
    coalesce(checks_are_current(c), false) as checks_current, peer_supporter_is_public(s.id) as shown
  from peer_supporters s left join peer_supporter_checks c on c.peer_supporter_id = s.id`;

/** Every supporter of the group with their checks, as its members (and moderators) may see them. */
export async function groupSupporters(tx: Tx, organisationId: string): Promise<GroupSupporter[]> {
	const rows = await tx.query(`${groupQuery} where s.organisation_id = $1 order by s.display_name`, [organisationId]);
	return rows.map((row) => groupSupporterRow.parse(row));
}

export async function groupSupporter(tx: Tx, organisationId: string, id: string): Promise<GroupSupporter | null> {
	if (!z.uuid().safeParse(id).success) return null;
	const [row] = await tx.query(`${groupQuery} where s.id = $1 and s.organisation_id = $2`, [id, organisationId]);
	return row ? groupSupporterRow.parse(row) : null;
}

async function setOutcomes(tx: Tx, id: string, outcomes: string[]) {
	await tx.query(`delete from peer_supporter_outcomes where peer_supporter_id = $1 and outcome_id <> all($2::text[])`, [id, outcomes]);
	await tx.query(
		`insert into peer_supporter_outcomes (peer_supporter_id, outcome_id) select $1, unnest($2::text[]) on conflict do nothing`,
		[id, outcomes]
	);
}

export async function addSupporter(tx: Tx, organisationId: string, input: SupporterInput): Promise<string> {
	const [row] = await tx.query<{ id: string }>(
		`insert into peer_supporters (organisation_id, display_name, been_there_en, been_there_cy, languages, availability_en, availability_cy)
		 values ($1, $2, $3, $4, $5, $6, $7) returning id`,
		[organisationId, input.display_name, input.been_there_en, input.been_there_cy, input.languages, input.availability_en, input.availability_cy]
	);
	await setOutcomes(tx, row!.id, input.outcomes);
	return row!.id;
}

export async function updateSupporter(tx: Tx, organisationId: string, id: string, input: SupporterInput): Promise<boolean> {
	const rows = await tx.query(
		`update peer_supporters set display_name = $3, been_there_en = $4, been_there_cy = $5, languages = $6, availability_en = $7,
		        availability_cy = $8
		  where id = $1 and organisation_id = $2 returning id`,
		[id, organisationId, input.display_name, input.been_there_en, input.been_there_cy, input.languages, input.availability_en, input.availability_cy]
	);
	if (!rows.length) return false;
	await setOutcomes(tx, id, input.outcomes);
	return true;
}

export type ChecksSaved = 'saved' | 'confirmed' | 'owner_confirms' | 'checks_not_current' | 'gone';

/** Records the checks; confirming is an owner's (the database refuses anyone else) and needs them current. */
export async function saveChecks(tx: Tx, organisationId: string, id: string, input: ChecksInput): Promise<ChecksSaved> {
	const values = [id, input.check_kind, input.checked_on, input.training, input.trained_on, input.supervisor];
	try {
		const rows = await withSavepoint(tx, (inner) =>
			inner.query(
				`insert into peer_supporter_checks as c (peer_supporter_id, check_kind, checked_on, training, trained_on, supervisor, confirmed_at)
				 select s.id, $2, $3::date, $4, $5::date, $6, ${input.confirm ? 'now()' : 'null'}
				   from peer_supporters s where s.id = $1 and s.organisation_id = $7
				 on conflict (peer_supporter_id) do update set check_kind = excluded.check_kind, checked_on = excluded.checked_on,
				   training = excluded.training, trained_on = excluded.trained_on, supervisor = excluded.supervisor
				   ${input.confirm ? ', confirmed_at = now()' : ''}
				 returning c.confirmed_at`,
				[...values, organisationId]
			)
		);
		if (!rows.length) return 'gone';
		return input.confirm ? 'confirmed' : 'saved';
	} catch (error) {
		const hint = databaseHint(error);
		if (hint === 'owner_confirms' || hint === 'checks_not_current') return hint;
		if (isRefused(error)) return 'gone';
		throw error;
	}
}

export type StatusChange = 'done' | 'checks_not_current' | 'gone';

export async function setSupporterStatus(tx: Tx, organisationId: string, id: string, status: SupporterStatus): Promise<StatusChange> {
	try {
		const rows = await withSavepoint(tx, (inner) =>
			inner.query(`update peer_supporters set status = $3 where id = $1 and organisation_id = $2 returning id`, [id, organisationId, status])
		);
		return rows.length ? 'done' : 'gone';
	} catch (error) {
		if (databaseHint(error) === 'checks_not_current') return 'checks_not_current';
		throw error;
	}
}

export async function removeSupporter(tx: Tx, organisationId: string, id: string): Promise<boolean> {
	const rows = await tx.query(`delete from peer_supporters where id = $1 and organisation_id = $2 returning id`, [id, organisationId]);
	return rows.length === 1;
}

// --- Who handles introductions ---------------------------------------------------------------

export interface IntroductionSettings {
	mode: IntroductionMode;
	coordinators: string[];
}

export async function introductionSettings(tx: Tx, organisationId: string): Promise<IntroductionSettings> {
	const [setting] = await tx.query<{ introductions_by: IntroductionMode }>(
		`select introductions_by from peer_support_settings where organisation_id = $1`, [organisationId]
	);
	const coordinators = await tx.query<{ user_id: string }>(
		`select user_id from introduction_coordinators where organisation_id = $1`, [organisationId]
	);
	return {
		mode: z.enum(introductionModes).catch('group_reviews').parse(setting?.introductions_by),
		coordinators: coordinators.map((c) => c.user_id)
	};
}

/** Owners only (RLS); false when refused. Coordinators are always members (a foreign key). */
export async function setIntroductionSettings(tx: Tx, organisationId: string, mode: IntroductionMode, coordinators: string[]): Promise<boolean> {
	try {
		await withSavepoint(tx, async (inner) => {
			await inner.query(
				`insert into peer_support_settings (organisation_id, introductions_by) values ($1, $2)
				 on conflict (organisation_id) do update set introductions_by = excluded.introductions_by`,
				[organisationId, mode]
			);
			await inner.query(`delete from introduction_coordinators where organisation_id = $1 and user_id <> all($2::uuid[])`, [organisationId, coordinators]);
			await inner.query(
				`insert into introduction_coordinators (organisation_id, user_id)
				 select $1, m.user_id from organisation_members m where m.organisation_id = $1 and m.user_id = any($2::uuid[])
				 on conflict do nothing`,
				[organisationId, coordinators]
			);
		});
		return true;
	} catch (error) {
		if (isRefused(error)) return false;
		throw error;
	}
}
