import { fail, redirect } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { getLocale, localizeHref } from '$lib/paraglide/runtime';
import { formText } from '$lib/domain/account';
import { findContactDetails, stripContactDetails } from '$lib/domain/safe-text';
import { checkStory } from '$lib/domain/story';
import { storyFields, storyOutcomeCategories, type StoryDraft } from '$lib/domain/story-options';
import { asServer } from '$lib/server/as-server';
import { senderHash } from '$lib/server/sender';
import { getOffer } from '$lib/server/repos/offers';
import { listOutcomes } from '$lib/server/repos/outcomes';
import { submitStory } from '$lib/server/repos/stories';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

// "Share what helped you": no account, anonymous unless signed, read by a moderator before it
// is shown. Contact details and links are found and named, the words are kept, and "Remove them
// for me" takes them out for the writer to read again. After sending, a redirect shows what happens
// next (so a reload does not send it twice).

/** The offer from ?offer=, if it is one in the directory; anything else is simply left out. */
async function taggedOffer(locals: App.Locals, url: URL) {
	const id = url.searchParams.get('offer');
	const offer = id ? await locals.withClaims((tx) => getOffer(tx, id)) : null;
	return offer && { id: offer.id, title_en: offer.title_en, title_cy: offer.title_cy };
}

const storyOutcomes = async (locals: App.Locals) =>
	(await locals.withClaims((tx) => listOutcomes(tx))).filter((o) => (storyOutcomeCategories as readonly string[]).includes(o.category));

export const load: PageServerLoad = async ({ locals, url, setHeaders }) => {
	setHeaders({ 'cache-control': 'no-store' });
	return {
		offer: await taggedOffer(locals, url),
		outcomes: await storyOutcomes(locals),
		sent: url.searchParams.get('sent') === '1'
	};
};

async function readDraft(event: RequestEvent): Promise<StoryDraft> {
	const form = await event.request.formData();
	const draft = formText(form, storyFields) as StoryDraft;
	for (const field of storyFields) draft[field] = draft[field].slice(0, 3000);
	draft.outcome = form.getAll('outcome').filter((v): v is string => typeof v === 'string').slice(0, 30);
	return draft;
}

const pageLanguage = () => (getLocale() === 'cy' ? 'cy' : 'en');

export const actions: Actions = {
	send: async (event) => {
		const values = await readDraft(event);
		const outcomes = await storyOutcomes(event.locals);
		const checked = checkStory(values, outcomes.map((o) => o.id), pageLanguage());
		if (!checked.ok) return fail(400, { values, problems: checked.problems, found: checked.found });

		const offer = await taggedOffer(event.locals, event.url);
		const sent = await asServer((tx) =>
			submitStory(tx, checked.data, { offerId: offer?.id ?? null, organisationId: null }, senderHash(event, 'story'))
		);
		if (!sent.ok) {
			if (sent.reason === 'too_many_requests') return fail(429, { values, problems: {}, found: [], tooMany: true });
			if (sent.reason === 'contact_details') return fail(400, { values, problems: { body: 'contact_details' as const }, found: findContactDetails(values.body) });
			// The offer left the directory while they wrote: keep the words, send it without the offer.
			return fail(409, { values, problems: {}, found: [], offerGone: true });
		}
		redirect(303, localizeHref(`/stories/new?sent=1${offer ? `&offer=${offer.id}` : ''}`));
	},
	strip: async (event) => {
		const values = await readDraft(event);
		const removed = m.story_removed_marker();
		values.body = stripContactDetails(values.body, removed);
		values.signed_as = stripContactDetails(values.signed_as, removed);
		return { values, problems: {}, found: [], stripped: true };
	}
};
