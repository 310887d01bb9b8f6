import { error, fail, redirect } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { localizeHref } from '$lib/paraglide/runtime';
import { isSearchableCategory } from '$lib/domain/directory';
import {
	checkColleagueEmail, checkRecord, checkSharedDetails, readRecordDraft, signpostKinds, signpostStatuses
} from '$lib/domain/conversation';
import { ratings } from '$lib/domain/journey-options';
import { parseSearchParams } from '$lib/domain/search';
import { characterCount, tidyParagraph } from '$lib/domain/listing';
import { requireAccess } from '$lib/server/access';
import {
	addSignpost, eraseConversation, getConversation, recordFollowUp, removeSignpost, saveRecord, setSignpostStatus, transferConversation
} from '$lib/server/repos/conversations';
import { searchOffers } from '$lib/server/repos/offers';
import { listOutcomes } from '$lib/server/repos/outcomes';
import { findPlace } from '$lib/server/repos/places';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

// One conversation record, during the conversation: the person's words and strengths, the
// outcomes with a priority, and a search beside it (the record's outcomes and area) where an offer
// becomes a signpost or a referral in one action; then the signposts' status and follow-up.

export const load: PageServerLoad = async (event) => {
	requireAccess(event, 'practitioner');
	event.setHeaders({ 'cache-control': 'private, no-store' });
	return event.locals.withClaims(async (tx) => {
		const record = await getConversation(tx, event.params.id);
		if (!record) error(404, { message: m.error_not_found_title() });
		const outcomes = await listOutcomes(tx);
		const place = record.district ? await findPlace(tx, { kind: 'outcode', outcode: record.district }) : null;
		// The search beside the record: its outcomes and area, narrowed by words or distance if asked.
		const { filters } = parseSearchParams(event.url.searchParams, new Set(outcomes.map((o) => o.id)));
		const searched = { ...filters, outcomes: filters.outcomes.length ? filters.outcomes : record.outcomes.map((o) => o.id), sort: 'best_match' as const };
		const results = await searchOffers(tx, searched, place);
		return {
			record,
			place,
			search: { q: filters.text, distance: filters.distance, outcomes: searched.outcomes },
			results,
			outcomes: outcomes.filter((o) => isSearchableCategory(o.category)),
			outcomeLabels: outcomes.map(({ id, label_en, label_cy }) => ({ id, label_en, label_cy }))
		};
	});
};

const formText = (form: FormData, name: string) => {
	const value = form.get(name);
	return typeof value === 'string' ? value : '';
};

async function knownOutcomes(event: RequestEvent) {
	return new Set((await event.locals.withClaims(listOutcomes)).filter((o) => isSearchableCategory(o.category)).map((o) => o.id));
}

export const actions: Actions = {
	save: async (event) => {
		requireAccess(event, 'practitioner');
		const draft = readRecordDraft(await event.request.formData());
		const checked = checkRecord(draft, await knownOutcomes(event));
		if (!checked.ok) return fail(400, { save: { draft, problems: checked.problems as Record<string, string>, elsewhere: false } });
		const saved = await event.locals.withClaims((tx) => saveRecord(tx, event.params.id, checked.data));
		if (!saved.ok && saved.reason === 'not_found') error(404, { message: m.error_not_found_title() });
		if (!saved.ok) return fail(409, { save: { draft, problems: {} as Record<string, string>, elsewhere: true } });
		return { saved: { version: saved.version, at: new Date().toISOString() } };
	},

	signpost: async (event) => {
		requireAccess(event, 'practitioner');
		const form = await event.request.formData();
		const kind = signpostKinds.find((k) => k === formText(form, 'kind')) ?? 'signpost';
		const shared = checkSharedDetails(formText(form, 'shared_details').slice(0, 3000));
		const offerId = formText(form, 'offer');
		if (!shared.ok) return fail(400, { signpost: { offerId, problem: shared.problem, shared: formText(form, 'shared_details') } });
		const added = await event.locals.withClaims((tx) =>
			addSignpost(tx, event.params.id, { offerId, kind, sharedDetails: shared.data, outcomeId: formText(form, 'outcome') || null })
		);
		if (!added.ok && added.reason === 'not_found') error(404, { message: m.error_not_found_title() });
		if (!added.ok) return fail(400, { signpost: { offerId, problem: added.reason, shared: formText(form, 'shared_details') } });
		return { signposted: { offerId, kind } };
	},

	status: async (event) => {
		requireAccess(event, 'practitioner');
		const form = await event.request.formData();
		const status = signpostStatuses.find((s) => s === formText(form, 'status'));
		const done = status && (await event.locals.withClaims((tx) => setSignpostStatus(tx, formText(form, 'signpost'), status)));
		return done ? { statusChanged: true } : fail(404, { gone: true });
	},

	remove_signpost: async (event) => {
		requireAccess(event, 'practitioner');
		const form = await event.request.formData();
		const done = await event.locals.withClaims((tx) => removeSignpost(tx, formText(form, 'signpost')));
		return done ? { removed: true } : fail(404, { gone: true });
	},

	follow_up: async (event) => {
		requireAccess(event, 'practitioner');
		const form = await event.request.formData();
		const signpost = formText(form, 'signpost');
		const rating = ratings.find((r) => r === formText(form, 'rating'));
		const note = tidyParagraph(formText(form, 'note').slice(0, 2000));
		const values = { rating: formText(form, 'rating'), outcome: formText(form, 'outcome'), note: formText(form, 'note').slice(0, 2000) };
		if (!rating) return fail(400, { followUp: { signpost, problem: 'rating_missing' as const, values } });
		if (characterCount(note) > 500) return fail(400, { followUp: { signpost, problem: 'too_long' as const, values } });
		const done = await event.locals.withClaims((tx) =>
			recordFollowUp(tx, signpost, { rating, outcomeId: values.outcome || null, note: note || null })
		);
		if (!done.ok && done.reason === 'not_found') return fail(404, { gone: true });
		if (!done.ok) return fail(409, { followUp: { signpost, problem: 'feedback_given' as const, values } });
		return { followedUp: signpost };
	},

	transfer: async (event) => {
		requireAccess(event, 'practitioner');
		const form = await event.request.formData();
		const email = checkColleagueEmail(formText(form, 'email').slice(0, 300));
		if (!email.ok) return fail(400, { transfer: { email: formText(form, 'email').slice(0, 300), problem: email.problem } });
		const moved = await event.locals.withClaims((tx) => transferConversation(tx, event.params.id, email.data));
		if (!moved.ok && moved.reason === 'not_found') error(404, { message: m.error_not_found_title() });
		if (!moved.ok) return fail(400, { transfer: { email: email.data, problem: moved.reason } });
		redirect(303, localizeHref('/practice?handed_over=1'));
	},

	erase: async (event) => {
		requireAccess(event, 'practitioner');
		const form = await event.request.formData();
		if (formText(form, 'confirm') !== 'yes') return fail(400, { erase: { problem: 'confirm_missing' as const } });
		const erased = await event.locals.withClaims((tx) => eraseConversation(tx, event.params.id));
		if (!erased) error(404, { message: m.error_not_found_title() });
		redirect(303, localizeHref('/practice?erased=1'));
	}
};
