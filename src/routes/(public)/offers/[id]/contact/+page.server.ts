import { error, fail, redirect } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { getLocale, localizeHref } from '$lib/paraglide/runtime';
import { checkContactRequest, contactFields, replyWithinWorkingDays, sentDate, workingDaysAfter, type ContactDraft } from '$lib/domain/journey';
import { formText } from '$lib/domain/account';
import { asServer } from '$lib/server/as-server';
import { keepSettings } from '$lib/server/jobs';
import { mailGroup } from '$lib/server/notify';
import { configuredOrigin } from '$lib/server/origin';
import { senderHash } from '$lib/server/sender';
import { sendContactRequest } from '$lib/server/repos/contact-requests';
import { getOffer } from '$lib/server/repos/offers';
import { looksLikePlanToken } from '$lib/server/repos/plans';
import type { Actions, PageServerLoad } from './$types';

// "I'd like to come along — can someone contact me?": minimal details and a consent tick; the
// request lands in the group's inbox (/groups/<id>/inbox) and the group gets a mail without the
// details. The person sees what happens next. Limits and spam checks keep what they typed.

async function visibleOffer(locals: App.Locals, id: string) {
	const offer = await locals.withClaims((tx) => getOffer(tx, id));
	if (!offer) error(404, { message: m.error_not_found_title() });
	return {
		id: offer.id, title_en: offer.title_en, title_cy: offer.title_cy, organisation_id: offer.organisation_id,
		organisation_name: offer.organisation_name, organisation_name_cy: offer.organisation_name_cy,
		phone: offer.contact_phone ?? offer.organisation_phone, email: offer.contact_email ?? offer.organisation_email
	};
}

export const load: PageServerLoad = async ({ params, locals, url, setHeaders }) => {
	setHeaders({ 'cache-control': 'no-store' });
	const plan = url.searchParams.get('plan') ?? '';
	// After sending, the page is shown by a redirect, so a reload does not send the request again.
	const sent = sentDate(url.searchParams.get('sent'));
	return {
		offer: await visibleOffer(locals, params.id),
		plan: looksLikePlanToken(plan) ? plan : null,
		sent,
		keepDays: keepSettings().contactRequestDays
	};
};

export const actions: Actions = {
	default: async (event) => {
		const offer = await visibleOffer(event.locals, event.params.id);
		const values = formText(await event.request.formData(), contactFields) as ContactDraft;
		for (const field of contactFields) values[field] = values[field].slice(0, 3000);
		const checked = checkContactRequest(values);
		if (!checked.ok) return fail(400, { values, problems: checked.problems });

		const language = getLocale() === 'cy' ? 'cy' : 'en';
		// The server writes the request once it has checked it, consent included (see the migration's grants).
		const sent = await asServer((tx) => sendContactRequest(tx, offer.id, checked.data, language, senderHash(event, 'contact-request')));
		if (!sent.ok) {
			if (sent.reason === 'offer_not_found') error(404, { message: m.error_not_found_title() });
			return fail(429, { values, problems: {}, tooMany: sent.reason === 'too_many_requests', busy: sent.reason === 'group_busy' });
		}
		await mailGroup(offer.organisation_id, configuredOrigin(), `/groups/${offer.organisation_id}/inbox`, (link) => ({
			kind: 'contact_request', offer: offer.title_en, offerCy: offer.title_cy, link
		}));
		const replyBy = workingDaysAfter(new Date(), replyWithinWorkingDays).toISOString().slice(0, 10);
		const plan = event.url.searchParams.get('plan') ?? '';
		redirect(303, localizeHref(`/offers/${offer.id}/contact?sent=${replyBy}${looksLikePlanToken(plan) ? `&plan=${plan}` : ''}`));
	}
};
