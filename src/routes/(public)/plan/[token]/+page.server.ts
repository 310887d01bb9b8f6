import { error, fail, redirect } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { localizeHref } from '$lib/paraglide/runtime';
import { checkFeedback } from '$lib/domain/journey';
import { asServer } from '$lib/server/as-server';
import { senderHash } from '$lib/server/sender';
import { getOffer, type OfferDetail } from '$lib/server/repos/offers';
import { listOutcomes } from '$lib/server/repos/outcomes';
import { giveFeedback, openPlan, removePlan } from '$lib/server/repos/plans';
import type { Actions, PageServerLoad } from './$types';

// A saved plan, opened by its unguessable link on any device: print it, share it, ask a group to
// get in touch, say what helped, remove it. The link is the only key, so the page is never cached
// and never sends its address to another site.

export const load: PageServerLoad = async ({ params, locals, setHeaders }) => {
	setHeaders({ 'cache-control': 'no-store', 'referrer-policy': 'same-origin', 'x-robots-tag': 'noindex' });
	return locals.withClaims(async (tx) => {
		const plan = await openPlan(tx, params.token);
		if (!plan) error(404, { message: m.plan_not_found_title() });
		const outcomes = await listOutcomes(tx);
		const offers: { id: string; rating: string | null; detail: OfferDetail | null }[] = [];
		for (const item of plan.offers) {
			offers.push({ id: item.offer_id, rating: item.rating, detail: item.listed ? await getOffer(tx, item.offer_id) : null });
		}
		return {
			token: params.token,
			plan: { ...plan, offers: undefined },
			offers,
			chosen: plan.outcome_ids.flatMap((id) => outcomes.filter((o) => o.id === id)),
			processOutcomes: outcomes.filter((o) => o.category === 'process')
		};
	});
};

export const actions: Actions = {
	feedback: async (event) => {
		const form = await event.request.formData();
		const checked = checkFeedback(form);
		const offer = String(form.get('offer') ?? '');
		const values = { rating: String(form.get('rating') ?? ''), note: String(form.get('note') ?? '').slice(0, 1000), felt: form.getAll('felt').map(String) };
		if (!checked.ok) return fail(400, { feedbackFor: offer, problems: checked.problems, values });
		// Feedback is the server's to write once it has checked it (see the migration's grants).
		const given = await asServer((tx) => giveFeedback(tx, event.params.token, checked.data, senderHash(event, 'feedback')));
		if (!given.ok) {
			if (given.reason === 'plan_not_found') error(404, { message: m.plan_not_found_title() });
			if (given.reason === 'too_many_requests') return fail(429, { feedbackFor: offer, problems: {}, values, tooMany: true });
			// Already said (the page shows what was said), or no longer in this plan (nothing to thank for).
			return { thanked: offer, gone: given.reason === 'offer_not_in_plan' };
		}
		return { thanked: offer, gone: false };
	},

	remove: async (event) => {
		await event.locals.withClaims((tx) => removePlan(tx, event.params.token));
		redirect(303, localizeHref('/plan/removed'));
	}
};
