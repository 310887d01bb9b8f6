import { error, fail, redirect } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { getLocale, localizeHref } from '$lib/paraglide/runtime';
import { checkContactRequest, contactFields, replyWithinWorkingDays, sentDate, workingDaysAfter, type ContactDraft } from '$lib/domain/journey';
import { requesters, type Requester } from '$lib/domain/peer-support-options';
import { formText } from '$lib/domain/account';
import { asServer } from '$lib/server/as-server';
import { keepSettings } from '$lib/server/jobs';
import { mailIntroduction } from '$lib/server/peer-mail';
import { configuredOrigin } from '$lib/server/origin';
import { senderHash } from '$lib/server/sender';
import { getOrganisation } from '$lib/server/repos/organisations';
import { sendIntroduction } from '$lib/server/repos/introductions';
import { shownSupporter } from '$lib/server/repos/peer-supporters';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

// "Could you introduce me?": a person, or a practitioner for someone they support, asks a group
// to introduce them to a peer supporter or to its peer support. The group arranges it; nobody's
// contact details are shown publicly. Limits and spam checks keep what was typed.

async function target(event: RequestEvent | Parameters<PageServerLoad>[0]) {
	const supporterId = event.url.searchParams.get('supporter');
	return event.locals.withClaims(async (tx) => {
		const organisation = await getOrganisation(tx, event.params.id);
		if (!organisation) error(404, { message: m.error_not_found_title() });
		const supporter = supporterId ? await shownSupporter(tx, organisation.id, supporterId) : null;
		// A supporter who is no longer shown: say so kindly and offer the group instead.
		return {
			organisation: { id: organisation.id, name: organisation.name, name_cy: organisation.name_cy, email: organisation.email, phone: organisation.phone },
			supporter: supporter ? { id: supporter.id, name: supporter.display_name } : null,
			supporterGone: Boolean(supporterId) && !supporter
		};
	});
}

export const load: PageServerLoad = async (event) => {
	event.setHeaders({ 'cache-control': 'no-store' });
	const sent = sentDate(event.url.searchParams.get('sent'));
	const user = event.locals.user;
	return {
		...(await target(event)),
		sent,
		keepDays: keepSettings().contactRequestDays,
		// A signed-in practitioner is most likely asking for someone they support.
		suggestedRequester: (user?.roles.includes('practitioner') ? 'practitioner' : 'person') as Requester,
		practitionerEmail: user?.roles.includes('practitioner') ? user.email : ''
	};
};

export const actions: Actions = {
	default: async (event) => {
		const { organisation, supporter, supporterGone } = await target(event);
		const form = await event.request.formData();
		const values = formText(form, [...contactFields, 'requester'] as const) as ContactDraft & { requester: string };
		for (const field of contactFields) values[field] = values[field].slice(0, 3000);
		const requester = requesters.find((r) => r === values.requester) ?? 'person';
		const checked = checkContactRequest(values);
		if (!checked.ok) return fail(400, { values, problems: checked.problems });
		if (supporterGone) return fail(404, { values, problems: {}, supporterGone: true });

		const user = event.locals.user;
		const sent = await asServer((tx) =>
			sendIntroduction(tx, {
				organisationId: organisation.id,
				supporterId: supporter?.id ?? null,
				offerId: null,
				requester,
				practitionerId: requester === 'practitioner' && user?.roles.includes('practitioner') ? user.id : null,
				contact: checked.data,
				language: getLocale() === 'cy' ? 'cy' : 'en',
				senderHash: senderHash(event, 'introduction')
			})
		);
		if (!sent.ok) {
			if (sent.reason === 'not_found') return fail(404, { values, problems: {}, supporterGone: true });
			return fail(429, { values, problems: {}, tooMany: sent.reason === 'too_many_requests', busy: sent.reason === 'group_busy' });
		}
		// The request is saved; a mail problem is the server's to log, not the person's to retry.
		await mailIntroduction(organisation.id, organisation.name, configuredOrigin()).catch((error) =>
			console.error('[mail] introduction mail not queued', error)
		);
		const replyBy = workingDaysAfter(new Date(), replyWithinWorkingDays).toISOString().slice(0, 10);
		redirect(303, localizeHref(`/organisations/${organisation.id}/introduction?sent=${replyBy}${supporter ? `&supporter=${supporter.id}` : ''}`));
	}
};
