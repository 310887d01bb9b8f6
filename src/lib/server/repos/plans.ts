import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { ratings, type Rating } from '../../domain/journey';
import { databaseHint, withSavepoint } from '../db/errors';
import type { Tx } from '../db/types';

// Self-service plans (issue 5): chosen outcomes and offers behind an unguessable link. The
// database keeps only the token's hash and reaches a plan only through its functions
// (supabase/migrations/…08_self_service_journey.sql), so holding the link is the only key.

export interface PlanArea {
	/** The postcode district, when the place was one (never a full postcode). */
	district: string | null;
	/** What the person sees: "CF37 (Pontypridd, …)" or "Pontypridd". */
	label: string | null;
	lat: number | null;
	lng: number | null;
	h3: string | null;
}

const planJson = z.object({
	district: z.string().nullable(),
	place_label: z.string().nullable(),
	lat: z.number().nullable(),
	lng: z.number().nullable(),
	language: z.enum(['en', 'cy']),
	created_at: z.string(),
	outcome_ids: z.array(z.string()),
	offers: z.array(z.object({ offer_id: z.string(), rating: z.enum(ratings).nullable(), listed: z.boolean() }))
});
export type Plan = z.infer<typeof planJson>;

/** A fresh plan token: 192 random bits, URL-safe. */
export const newPlanToken = () => randomBytes(24).toString('base64url');
/** Tokens look like this; anything else is not a plan, without asking the database. */
export const looksLikePlanToken = (token: string) => /^[A-Za-z0-9_-]{22,64}$/.test(token);

export type SavePlanOutcome = { ok: true; token: string } | { ok: false; reason: 'plan_empty' | 'too_many_requests' };

export async function savePlan(
	tx: Tx,
	plan: { outcomeIds: string[]; offerIds: string[]; area: PlanArea; language: 'en' | 'cy' },
	senderHash: string
): Promise<SavePlanOutcome> {
	const token = newPlanToken();
	try {
		await withSavepoint(tx, (inner) =>
			inner.query(`select public.create_plan($1, $2::text[], $3::uuid[], $4, $5, $6, $7, $8, $9, $10)`, [
				token, plan.outcomeIds, plan.offerIds, plan.area.district, plan.area.label, plan.area.lat, plan.area.lng,
				plan.area.h3, plan.language, senderHash
			])
		);
		return { ok: true, token };
	} catch (error) {
		const hint = databaseHint(error);
		if (hint === 'plan_empty' || hint === 'too_many_requests') return { ok: false, reason: hint };
		throw error;
	}
}

/** The plan behind a token; null when there is none (never made, removed, or mistyped). */
export async function openPlan(tx: Tx, token: string): Promise<Plan | null> {
	if (!looksLikePlanToken(token)) return null;
	const [row] = await tx.query<{ plan: unknown }>(`select public.open_plan($1) as plan`, [token]);
	return row?.plan ? planJson.parse(row.plan) : null;
}

export async function removePlan(tx: Tx, token: string): Promise<boolean> {
	if (!looksLikePlanToken(token)) return false;
	const [row] = await tx.query<{ removed: boolean }>(`select public.remove_plan($1) as removed`, [token]);
	return row?.removed ?? false;
}

export type FeedbackOutcome =
	| { ok: true }
	| { ok: false; reason: 'plan_not_found' | 'offer_not_in_plan' | 'feedback_given' | 'too_many_requests' };

/** "What helped" for one offer of a plan; it becomes anonymous `asset_feedback`. */
export async function giveFeedback(
	tx: Tx,
	token: string,
	feedback: { offer: string; rating: Rating; felt: string[]; note: string | null },
	senderHash: string
): Promise<FeedbackOutcome> {
	if (!looksLikePlanToken(token)) return { ok: false, reason: 'plan_not_found' };
	if (!z.uuid().safeParse(feedback.offer).success) return { ok: false, reason: 'offer_not_in_plan' };
	try {
		await withSavepoint(tx, (inner) =>
			inner.query(`select public.give_plan_feedback($1, $2, $3, $4::text[], $5, $6)`, [
				token, feedback.offer, feedback.rating, feedback.felt, feedback.note, senderHash
			])
		);
		return { ok: true };
	} catch (error) {
		const hint = databaseHint(error);
		if (hint === 'plan_not_found' || hint === 'offer_not_in_plan' || hint === 'feedback_given' || hint === 'too_many_requests') {
			return { ok: false, reason: hint };
		}
		throw error;
	}
}
