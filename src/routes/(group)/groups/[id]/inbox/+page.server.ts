import { fail } from '@sveltejs/kit';
import { z } from 'zod';
import { requireAccess } from '$lib/server/access';
import { formId, memberOrganisation } from '$lib/server/group';
import { keepSettings } from '$lib/server/jobs';
import { contactStatuses, groupContactRequests, markContactRequest } from '$lib/server/repos/contact-requests';
import { referralsTo, setReferralStatus } from '$lib/server/repos/conversations';
import { signpostStatuses } from '$lib/domain/conversation-options';
import { introductionStatuses } from '$lib/domain/peer-support-options';
import { groupIntroductions, handlesIntroductions, markIntroduction } from '$lib/server/repos/introductions';
import type { Actions, PageServerLoad } from './$types';

// A group's inbox of "can someone contact me?" requests: the details people agreed to share, to
// call or write back, and a mark for where each one is. Only the group's members reach it (RLS).

export const load: PageServerLoad = async (event) => {
	requireAccess(event, 'signed_in');
	event.setHeaders({ 'cache-control': 'private, no-store' });
	return event.locals.withClaims(async (tx) => {
		const organisation = await memberOrganisation(tx, event.params.id);
		return {
			organisation,
			requests: await groupContactRequests(tx, organisation.id),
			referrals: await referralsTo(tx, organisation.id),
			// Only those the group chose to handle introductions see them (RLS); others are told who does.
			handlesIntroductions: await handlesIntroductions(tx, organisation.id),
			introductions: await groupIntroductions(tx, organisation.id),
			keepDays: keepSettings().contactRequestDays
		};
	});
};

export const actions: Actions = {
	mark: async (event) => {
		requireAccess(event, 'signed_in');
		const form = await event.request.formData();
		const id = formId(form.get('request_id'));
		const status = z.enum(contactStatuses).safeParse(form.get('status'));
		if (!id || !status.success) return fail(400, { failure: 'request_gone' as const });
		const done = await event.locals.withClaims(async (tx) =>
			markContactRequest(tx, (await memberOrganisation(tx, event.params.id)).id, id, status.data)
		);
		return done ? { marked: { id, status: status.data } } : fail(404, { failure: 'request_gone' as const });
	},
	referral: async (event) => {
		requireAccess(event, 'signed_in');
		const form = await event.request.formData();
		const id = formId(form.get('referral_id'));
		const status = z.enum(signpostStatuses).safeParse(form.get('status'));
		if (!id || !status.success) return fail(400, { failure: 'request_gone' as const });
		const done = await event.locals.withClaims(async (tx) =>
			setReferralStatus(tx, (await memberOrganisation(tx, event.params.id)).id, id, status.data)
		);
		return done ? { referralMarked: true } : fail(404, { failure: 'request_gone' as const });
	},
	introduction: async (event) => {
		requireAccess(event, 'signed_in');
		const form = await event.request.formData();
		const id = formId(form.get('introduction_id'));
		const status = z.enum(introductionStatuses).safeParse(form.get('status'));
		if (!id || !status.success) return fail(400, { failure: 'request_gone' as const });
		const done = await event.locals.withClaims(async (tx) =>
			markIntroduction(tx, (await memberOrganisation(tx, event.params.id)).id, id, status.data)
		);
		return done ? { introductionMarked: status.data } : fail(404, { failure: 'request_gone' as const });
	}
};
