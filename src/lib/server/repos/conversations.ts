import { z } from 'zod';
import { ratings, type Rating } from '../../domain/journey-options';
import {
	conversationStatuses, signpostKinds, signpostStatuses, wordFields, type SignpostKind, type SignpostStatus
} from '../../domain/conversation-options';
import type { RecordInput } from '../../domain/conversation';
import { databaseHint, isRefused, withSavepoint } from '../db/errors';
import type { Tx } from '../db/types';
import type { PlanArea } from './plans';

// A practitioner's "what matters" conversations (issue 6). RLS lets only the holder read or change
// a record; a group reads the referrals addressed to it through referrals_to(). See
// supabase/migrations/…09_practitioner_conversations.sql.

const uuid = z.uuid();
const isId = (id: string) => uuid.safeParse(id).success;

export async function startConversation(
	tx: Tx,
	start: { reference: string; area: PlanArea; consentShare: boolean; consentContact: boolean; language: 'en' | 'cy' }
): Promise<string> {
	const [row] = await tx.query<{ id: string }>(
		`insert into conversations (reference, consent_record_at, consent_share_at, consent_contact_at, district, h3, plan_language)
		 values ($1, now(), case when $2 then now() end, case when $3 then now() end, $4, $5, $6) returning id`,
		[start.reference, start.consentShare, start.consentContact, start.area.district, start.area.h3, start.language]
	);
	return row!.id;
}

const listRow = z.object({
	id: z.string(),
	reference: z.string().nullable(),
	status: z.enum(conversationStatuses),
	follow_up_on: z.string().nullable(),
	updated_at: z.date(),
	signposts: z.number(),
	to_follow_up: z.number()
});
export type ConversationSummary = z.infer<typeof listRow>;

/** "My conversations": follow-ups due first, then the most recently touched. */
export async function myConversations(tx: Tx): Promise<ConversationSummary[]> {
	const rows = await tx.query(
		`select c.id, c.reference, c.status, c.follow_up_on::text, c.updated_at,
		        (select count(*)::int from signposts s where s.conversation_id = c.id) as signposts,
		        (select count(*)::int from signposts s where s.conversation_id = c.id and s.rating is null) as to_follow_up
		   from conversations c
		  where c.holder_id = auth.uid()
		  order by (c.follow_up_on is not null and c.follow_up_on <= current_date and c.status <> 'closed') desc,
		           c.follow_up_on asc nulls last, c.updated_at desc
		  limit 500`
	);
	return rows.map((row) => listRow.parse(row));
}

const recordRow = z.object({
	id: z.string(),
	reference: z.string().nullable(),
	consent_record_at: z.date(),
	consent_share_at: z.date().nullable(),
	consent_contact_at: z.date().nullable(),
	district: z.string().nullable(),
	h3: z.string().nullable(),
	words_matters: z.string().nullable(),
	words_concerns: z.string().nullable(),
	words_better: z.string().nullable(),
	words_less_anxious: z.string().nullable(),
	strengths: z.string().nullable(),
	notes: z.string().nullable(),
	status: z.enum(conversationStatuses),
	plan_language: z.enum(['en', 'cy']),
	follow_up_on: z.string().nullable(),
	text_erased_at: z.date().nullable(),
	version: z.number(),
	created_at: z.date(),
	updated_at: z.date()
});
const signpostRow = z.object({
	id: z.string(),
	offer_id: z.string().nullable(),
	organisation_id: z.string().nullable(),
	offer_title: z.string(),
	outcome_id: z.string().nullable(),
	kind: z.enum(signpostKinds),
	status: z.enum(signpostStatuses),
	shared_details: z.string().nullable(),
	rating: z.enum(ratings).nullable(),
	rated_at: z.string().nullable(),
	follow_up_note: z.string().nullable(),
	status_changed_at: z.date().nullable(),
	created_at: z.date()
});
export type ConversationRecord = z.infer<typeof recordRow> & {
	outcomes: { id: string; priority: 1 | 2 | 3 }[];
	signposts: z.infer<typeof signpostRow>[];
	transfers: { from_user: string | null; to_user: string | null; transferred_at: Date }[];
};

/** One record the caller holds; null when it is not there or not theirs (RLS cannot tell them apart, nor should it). */
export async function getConversation(tx: Tx, id: string): Promise<ConversationRecord | null> {
	if (!isId(id)) return null;
	const [row] = await tx.query(
		`select id, reference, consent_record_at, consent_share_at, consent_contact_at, district, h3, ${wordFields.join(', ')},
		        status, plan_language, follow_up_on::text, text_erased_at, version, created_at, updated_at
		   from conversations where id = $1`,
		[id]
	);
	if (!row) return null;
	const [outcomes, signposts, transfers] = await Promise.all([
		tx.query<{ id: string; priority: 1 | 2 | 3 }>(
			`select co.outcome_id as id, co.priority from conversation_outcomes co join outcomes o on o.id = co.outcome_id
			  where co.conversation_id = $1 order by co.priority, o.sort`,
			[id]
		),
		tx.query(
			`select id, offer_id, organisation_id, offer_title, outcome_id, kind, status, shared_details, rating, rated_at::text,
			        follow_up_note, status_changed_at, created_at
			   from signposts where conversation_id = $1 order by created_at`,
			[id]
		),
		tx.query<{ from_user: string | null; to_user: string | null; transferred_at: Date }>(
			`select from_user, to_user, transferred_at from conversation_transfers where conversation_id = $1 order by transferred_at`,
			[id]
		)
	]);
	return { ...recordRow.parse(row), outcomes, signposts: signposts.map((s) => signpostRow.parse(s)), transfers };
}

export type SaveOutcome = { ok: true; version: number } | { ok: false; reason: 'not_found' | 'saved_elsewhere' };

/** Saves the record if nobody saved it since `input.version`; the outcomes are replaced as a whole. */
export async function saveRecord(tx: Tx, id: string, input: RecordInput): Promise<SaveOutcome> {
	if (!isId(id)) return { ok: false, reason: 'not_found' };
	try {
		return await withSavepoint(tx, async (inner) => {
			const [row] = await inner.query<{ version: number }>(
				`update conversations set
				   words_matters = $2, words_concerns = $3, words_better = $4, words_less_anxious = $5, strengths = $6, notes = $7,
				   status = $8, follow_up_on = $9::date, plan_language = $10,
				   consent_share_at = case when $11 then coalesce(consent_share_at, now()) end,
				   consent_contact_at = case when $12 then coalesce(consent_contact_at, now()) end,
				   version = $13 + 1
				 where id = $1 returning version`,
				[id, input.words.words_matters, input.words.words_concerns, input.words.words_better, input.words.words_less_anxious,
					input.words.strengths, input.words.notes, input.status, input.followUpOn, input.planLanguage, input.consentShare,
					input.consentContact, input.version]
			);
			if (!row) return { ok: false as const, reason: 'not_found' as const };
			await inner.query(`delete from conversation_outcomes where conversation_id = $1`, [id]);
			if (input.outcomes.length) {
				await inner.query(
					`insert into conversation_outcomes (conversation_id, outcome_id, priority)
					 select $1, o, p from unnest($2::text[], $3::int[]) u(o, p)`,
					[id, input.outcomes.map((o) => o.id), input.outcomes.map((o) => o.priority)]
				);
			}
			return { ok: true as const, version: row.version };
		});
	} catch (error) {
		if (databaseHint(error) === 'saved_elsewhere') return { ok: false, reason: 'saved_elsewhere' };
		throw error;
	}
}

export type SignpostOutcome = { ok: true } | { ok: false; reason: 'offer_not_found' | 'no_consent_to_share' | 'not_found' };

export async function addSignpost(
	tx: Tx,
	conversationId: string,
	signpost: { offerId: string; kind: SignpostKind; sharedDetails: string | null; outcomeId: string | null }
): Promise<SignpostOutcome> {
	if (!isId(conversationId)) return { ok: false, reason: 'not_found' };
	if (!isId(signpost.offerId)) return { ok: false, reason: 'offer_not_found' };
	try {
		await withSavepoint(tx, (inner) =>
			inner.query(
				`insert into signposts (conversation_id, offer_id, offer_title, kind, shared_details, outcome_id)
				 values ($1, $2, '', $3, $4, (select id from outcomes where id = $5))`,
				[conversationId, signpost.offerId, signpost.kind, signpost.kind === 'referral' ? signpost.sharedDetails : null, signpost.outcomeId]
			)
		);
		return { ok: true };
	} catch (error) {
		const hint = databaseHint(error);
		if (hint === 'offer_not_found' || hint === 'no_consent_to_share') return { ok: false, reason: hint };
		if (isRefused(error)) return { ok: false, reason: 'not_found' };
		throw error;
	}
}

/** Moves a signpost's status (the holder). False when not theirs. */
export async function setSignpostStatus(tx: Tx, signpostId: string, status: SignpostStatus): Promise<boolean> {
	if (!isId(signpostId)) return false;
	return (await tx.query(`update signposts set status = $2 where id = $1 returning id`, [signpostId, status])).length === 1;
}

/** The receiving group moves a referral's status. False when it is not a referral to this group. */
export async function setReferralStatus(tx: Tx, organisationId: string, referralId: string, status: SignpostStatus): Promise<boolean> {
	if (!isId(referralId)) return false;
	const [row] = await tx.query<{ done: boolean }>(`select public.set_referral_status($1, $2, $3) as done`, [referralId, organisationId, status]);
	return row?.done ?? false;
}

export async function removeSignpost(tx: Tx, signpostId: string): Promise<boolean> {
	if (!isId(signpostId)) return false;
	return (await tx.query(`delete from signposts where id = $1 returning id`, [signpostId])).length === 1;
}

export type FollowUpOutcome = { ok: true } | { ok: false; reason: 'not_found' | 'feedback_given' };

/** "Did it help?" for one signpost: the signpost keeps the answer, and an anonymous asset_feedback row counts it. */
export async function recordFollowUp(
	tx: Tx,
	signpostId: string,
	followUp: { rating: Rating; outcomeId: string | null; note: string | null }
): Promise<FollowUpOutcome> {
	if (!isId(signpostId)) return { ok: false, reason: 'not_found' };
	try {
		await withSavepoint(tx, (inner) =>
			inner.query(`select public.record_signpost_feedback($1, $2, $3, $4)`, [signpostId, followUp.rating, followUp.outcomeId, followUp.note])
		);
		return { ok: true };
	} catch (error) {
		if (databaseHint(error) === 'feedback_given') return { ok: false, reason: 'feedback_given' };
		if (isRefused(error)) return { ok: false, reason: 'not_found' };
		throw error;
	}
}

export type TransferOutcome = { ok: true } | { ok: false; reason: 'not_a_practitioner' | 'already_yours' | 'not_found' };

export async function transferConversation(tx: Tx, id: string, toEmail: string): Promise<TransferOutcome> {
	if (!isId(id)) return { ok: false, reason: 'not_found' };
	try {
		await withSavepoint(tx, (inner) => inner.query(`select public.transfer_conversation($1, $2)`, [id, toEmail]));
		return { ok: true };
	} catch (error) {
		const hint = databaseHint(error);
		if (hint === 'not_a_practitioner' || hint === 'already_yours') return { ok: false, reason: hint };
		if (isRefused(error)) return { ok: false, reason: 'not_found' };
		throw error;
	}
}

/** Erasure on request (the holder, or an admin): the record, its outcomes and signposts go; anonymous feedback stays. */
export async function eraseConversation(tx: Tx, id: string): Promise<boolean> {
	if (!isId(id)) return false;
	try {
		const [row] = await withSavepoint(tx, (inner) => inner.query<{ done: boolean }>(`select public.erase_conversation($1) as done`, [id]));
		return row?.done ?? false;
	} catch (error) {
		if (isRefused(error)) return false;
		throw error;
	}
}

const referralRow = z.object({
	id: z.string(),
	offer_id: z.string().nullable(),
	offer_title: z.string(),
	status: z.enum(signpostStatuses),
	shared_details: z.string().nullable(),
	created_at: z.date(),
	status_changed_at: z.date().nullable(),
	practitioner_name: z.string().nullable(),
	practitioner_email: z.string().nullable()
});
export type Referral = z.infer<typeof referralRow>;

export async function referralsTo(tx: Tx, organisationId: string): Promise<Referral[]> {
	const rows = await tx.query(`select * from public.referrals_to($1)`, [organisationId]);
	return rows.map((row) => referralRow.parse(row));
}
