import { fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { m } from '$lib/paraglide/messages';
import { localizeHref } from '$lib/paraglide/runtime';
import { checkMessage } from '$lib/domain/listing';
import { requireAccess } from '$lib/server/access';
import { formId, memberOrganisation } from '$lib/server/group';
import { mailReportAnswer } from '$lib/server/notify';
import {
	answerReport, changeOfferStatus, confirmStillRunning, duplicateOffer, listGroupOffers, listReports, needsReview, recentChanges
} from '$lib/server/repos/listings';
import { countNewContactRequests } from '$lib/server/repos/contact-requests';
import { countNewIntroductions } from '$lib/server/repos/introductions';
import type { Actions, PageServerLoad } from './$types';

// A group's dashboard: its offers and their state, what needs a look, and what people said.
export const load: PageServerLoad = async (event) => {
	requireAccess(event, 'signed_in');
	return event.locals.withClaims(async (tx) => {
		const organisation = await memberOrganisation(tx, event.params.id);
		const offers = await listGroupOffers(tx, organisation.id);
		return {
			organisation,
			offers,
			needsReview: offers.filter(needsReview),
			reports: await listReports(tx, organisation.id),
			changes: await recentChanges(tx, organisation.id, 20),
			newContactRequests: (await countNewContactRequests(tx, organisation.id)) + (await countNewIntroductions(tx, organisation.id))
		};
	});
};

const statusChanges = z.enum(['pause', 'resume', 'archive', 'submit', 'withdraw']);

export const actions: Actions = {
	still_running: async (event) => {
		requireAccess(event, 'signed_in');
		const offerId = formId((await event.request.formData()).get('offer_id'));
		const done = offerId && (await event.locals.withClaims(async (tx) => confirmStillRunning(tx, offerId, (await memberOrganisation(tx, event.params.id)).id)));
		return done ? { confirmed: offerId } : fail(404, { failure: 'offer_gone' as const });
	},
	status: async (event) => {
		requireAccess(event, 'signed_in');
		const form = await event.request.formData();
		const offerId = formId(form.get('offer_id'));
		const change = statusChanges.safeParse(form.get('change'));
		if (!offerId || !change.success) return fail(400, { failure: 'offer_gone' as const });
		const status = await event.locals.withClaims(async (tx) => changeOfferStatus(tx, offerId, (await memberOrganisation(tx, event.params.id)).id, change.data));
		return status ? { statusChanged: { offerId, status } } : fail(409, { failure: 'status_unchanged' as const });
	},
	duplicate: async (event) => {
		requireAccess(event, 'signed_in');
		const offerId = formId((await event.request.formData()).get('offer_id'));
		const copy = offerId && (await event.locals.withClaims(async (tx) => duplicateOffer(tx, offerId, (await memberOrganisation(tx, event.params.id)).id, m.offer_copy_suffix())));
		if (!copy) return fail(404, { failure: 'offer_gone' as const });
		redirect(303, localizeHref(`/groups/${event.params.id}/offers/${copy}?copied=1`));
	},
	answer: async (event) => {
		requireAccess(event, 'signed_in');
		const form = await event.request.formData();
		const reportId = formId(form.get('report_id'));
		const text = typeof form.get('response') === 'string' ? String(form.get('response')) : '';
		const resolve = form.get('resolve') === 'yes';
		const response = text.trim() ? checkMessage(text, 'response') : null;
		if (!reportId) return fail(404, { failure: 'offer_gone' as const });
		if (response && !response.ok) return fail(400, { answer: { reportId, response: text.slice(0, 3000), problems: response.problems } });
		if (!response && !resolve) return fail(400, { answer: { reportId, response: text, problems: { response: 'message_missing' as const } } });
		const answered = await event.locals.withClaims(async (tx) => {
			await memberOrganisation(tx, event.params.id);
			return answerReport(tx, reportId, response?.ok ? response.data : null, resolve);
		});
		if (!answered) return fail(404, { failure: 'offer_gone' as const });
		if (response?.ok) await mailReportAnswer(reportId, answered.offerTitle, response.data);
		return { answered: reportId };
	}
};

