import { fail, redirect } from '@sveltejs/kit';
import { getLocale, localizeHref } from '$lib/paraglide/runtime';
import { checkStart, readStartDraft } from '$lib/domain/conversation';
import { parsePlaceQuery } from '$lib/domain/place';
import { requireAccess } from '$lib/server/access';
import { areaOf } from '$lib/server/journey';
import { myConversations, startConversation } from '$lib/server/repos/conversations';
import { findPlace } from '$lib/server/repos/places';
import type { Actions, PageServerLoad } from './$types';

// A practitioner's conversations: follow-ups due first, and a new record started in seconds
// (a reference they choose, the person's consent, the area).

export const load: PageServerLoad = async (event) => {
	requireAccess(event, 'practitioner');
	event.setHeaders({ 'cache-control': 'private, no-store' });
	return { conversations: await event.locals.withClaims(myConversations), today: new Date().toISOString().slice(0, 10) };
};

export const actions: Actions = {
	start: async (event) => {
		requireAccess(event, 'practitioner');
		const draft = readStartDraft(await event.request.formData());
		const checked = checkStart(draft);
		if (!checked.ok) return fail(400, { draft, problems: checked.problems });
		const id = await event.locals.withClaims(async (tx) => {
			let place = null;
			if (checked.data.where) {
				place = await findPlace(tx, parsePlaceQuery(checked.data.where));
				if (!place) return null;
			}
			return startConversation(tx, {
				reference: checked.data.reference,
				area: await areaOf(tx, place),
				consentShare: checked.data.consentShare,
				consentContact: checked.data.consentContact,
				language: getLocale() === 'cy' ? 'cy' : 'en'
			});
		});
		if (!id) return fail(400, { draft, problems: { where: 'place_unknown' as const } });
		redirect(303, localizeHref(`/practice/conversations/${id}`));
	}
};
