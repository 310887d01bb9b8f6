import { z } from 'zod';
import { introductionStatuses, requesters, type IntroductionStatus, type Requester } from '../../domain/peer-support-options';
import type { ContactInput } from '../../domain/journey';
import { databaseHint, withSavepoint } from '../db/errors';
import type { Tx } from '../db/types';

// Brokered introductions (issue 7): a person or practitioner asks a group to introduce them to a
// peer supporter or to its peer support; never direct contact. submit_introduction() is the only
// way in (limits in SQL); those who handle introductions (the group's choice) and moderators read
// them; the sender cannot read one back. Purged with contact requests.

export interface IntroductionRequest {
	organisationId: string;
	supporterId: string | null;
	offerId: string | null;
	requester: Requester;
	/** The signed-in practitioner asking for someone they support. */
	practitionerId: string | null;
	contact: ContactInput;
	language: 'en' | 'cy';
	senderHash: string;
}

export type IntroductionSent = { ok: true; id: string } | { ok: false; reason: 'not_found' | 'too_many_requests' | 'group_busy' };

export async function sendIntroduction(tx: Tx, request: IntroductionRequest): Promise<IntroductionSent> {
	const { contact } = request;
	try {
		const [row] = await withSavepoint(tx, (inner) =>
			inner.query<{ id: string }>(
				`select public.submit_introduction($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) as id`,
				[request.organisationId, request.supporterId, request.offerId, request.requester, request.practitionerId,
					contact.name, contact.email, contact.phone, contact.best_time, contact.message, request.language, request.senderHash]
			)
		);
		return { ok: true, id: row!.id };
	} catch (error) {
		const hint = databaseHint(error);
		if (hint === 'not_found' || hint === 'too_many_requests' || hint === 'group_busy') return { ok: false, reason: hint };
		throw error;
	}
}

/** Who to tell: exactly those who may read the introduction, each in their language. */
export const introductionRecipients = (tx: Tx, organisationId: string) =>
	tx.query<{ email: string; language: 'en' | 'cy' }>(`select email, language from public.introduction_recipients($1)`, [organisationId]);

const introductionRow = z.object({
	id: z.string(),
	supporter_name: z.string().nullable(),
	offer_title: z.string().nullable(),
	offer_title_cy: z.string().nullable(),
	requester: z.enum(requesters),
	name: z.string(),
	email: z.string().nullable(),
	phone: z.string().nullable(),
	best_time: z.string().nullable(),
	message: z.string(),
	language: z.enum(['en', 'cy']),
	status: z.enum(introductionStatuses),
	decided_at: z.date().nullable(),
	created_at: z.date()
});
export type Introduction = z.infer<typeof introductionRow>;

/** The group's introductions the caller handles (RLS), new ones first. */
export async function groupIntroductions(tx: Tx, organisationId: string): Promise<Introduction[]> {
	const rows = await tx.query(
		`select i.id, s.display_name as supporter_name, f.title_en as offer_title, f.title_cy as offer_title_cy, i.requester, i.name,
		        i.email, i.phone, i.best_time, i.message, i.language, i.status, i.decided_at, i.created_at
		   from introductions i
		   left join peer_supporters s on s.id = i.peer_supporter_id
		   left join offers f on f.id = i.offer_id
		  where i.organisation_id = $1
		  order by i.status = 'new' desc, i.created_at desc
		  limit 500`,
		[organisationId]
	);
	return rows.map((row) => introductionRow.parse(row));
}

export async function countNewIntroductions(tx: Tx, organisationId: string): Promise<number> {
	const [row] = await tx.query<{ n: number }>(
		`select count(*)::int as n from introductions where organisation_id = $1 and status = 'new'`, [organisationId]
	);
	return row?.n ?? 0;
}

/** Moves one introduction on; false when the caller does not handle this group's introductions. */
export async function markIntroduction(tx: Tx, organisationId: string, id: string, status: IntroductionStatus): Promise<boolean> {
	if (!z.uuid().safeParse(id).success) return false;
	const rows = await tx.query(`update introductions set status = $3 where id = $1 and organisation_id = $2 returning id`, [id, organisationId, status]);
	return rows.length === 1;
}

/** Whether the caller handles this group's introductions (to say so on the page rather than show an empty list). */
export async function handlesIntroductions(tx: Tx, organisationId: string): Promise<boolean> {
	const [row] = await tx.query<{ yes: boolean }>(`select public.handles_introductions($1) as yes`, [organisationId]);
	return row?.yes ?? false;
}
