import { z } from 'zod';
import type { ContactInput } from '../../domain/journey';
import { databaseHint, withSavepoint } from '../db/errors';
import type { Tx } from '../db/types';

// "I'd like to come along — can someone contact me?" (issue 5). submit_contact_request() is the
// only way in (limits in SQL); the group's members read and mark requests; the sender cannot
// read one back. Requests are purged after a set period (purge_contact_requests).

export type ContactOutcome = { ok: true; id: string } | { ok: false; reason: 'offer_not_found' | 'too_many_requests' | 'group_busy' };

export async function sendContactRequest(
	tx: Tx,
	offerId: string,
	request: ContactInput,
	language: 'en' | 'cy',
	senderHash: string
): Promise<ContactOutcome> {
	if (!z.uuid().safeParse(offerId).success) return { ok: false, reason: 'offer_not_found' };
	try {
		const [row] = await withSavepoint(tx, (inner) =>
			inner.query<{ id: string }>(`select public.submit_contact_request($1, $2, $3, $4, $5, $6, $7, $8) as id`, [
				offerId, request.name, request.email, request.phone, request.best_time, request.message, language, senderHash
			])
		);
		return { ok: true, id: row!.id };
	} catch (error) {
		const hint = databaseHint(error);
		if (hint === 'offer_not_found' || hint === 'too_many_requests' || hint === 'group_busy') return { ok: false, reason: hint };
		throw error;
	}
}

export const contactStatuses = ['new', 'contacted', 'closed'] as const;
export type ContactStatus = (typeof contactStatuses)[number];

const requestRow = z.object({
	id: z.string(),
	offer_id: z.string(),
	offer_title: z.string(),
	offer_title_cy: z.string().nullable(),
	name: z.string(),
	email: z.string().nullable(),
	phone: z.string().nullable(),
	best_time: z.string().nullable(),
	message: z.string(),
	language: z.enum(['en', 'cy']),
	status: z.enum(contactStatuses),
	handled_at: z.date().nullable(),
	created_at: z.date()
});
export type ContactRequest = z.infer<typeof requestRow>;

/** A group's contact requests, new ones first, as its members may see them (RLS). */
export async function groupContactRequests(tx: Tx, organisationId: string): Promise<ContactRequest[]> {
	const rows = await tx.query(
		`select r.id, r.offer_id, o.title_en as offer_title, o.title_cy as offer_title_cy, r.name, r.email, r.phone,
		        r.best_time, r.message, r.language, r.status, r.handled_at, r.created_at
		   from contact_requests r join offers o on o.id = r.offer_id
		  where r.organisation_id = $1
		  order by r.status = 'new' desc, r.created_at desc
		  limit 500`,
		[organisationId]
	);
	return rows.map((row) => requestRow.parse(row));
}

export async function countNewContactRequests(tx: Tx, organisationId: string): Promise<number> {
	const [row] = await tx.query<{ n: number }>(
		`select count(*)::int as n from contact_requests where organisation_id = $1 and status = 'new'`,
		[organisationId]
	);
	return row?.n ?? 0;
}

/** Marks one request; false when it is not this group's (or not there any more). */
export async function markContactRequest(tx: Tx, organisationId: string, id: string, status: ContactStatus): Promise<boolean> {
	if (!z.uuid().safeParse(id).success) return false;
	const rows = await tx.query(
		`update contact_requests set status = $3 where id = $1 and organisation_id = $2 returning id`,
		[id, organisationId, status]
	);
	return rows.length === 1;
}
