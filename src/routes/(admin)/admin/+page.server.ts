import { fail } from '@sveltejs/kit';
import { z } from 'zod';
import { formText, inviteFields, parseRoleInvitation, siteRoles } from '$lib/domain/account';
import { requireAccess } from '$lib/server/access';
import { isRefused } from '$lib/server/db/errors';
import { invite } from '$lib/server/invite';
import { listInvitations, listPeopleWithRoles, removeRole, revokeInvitation } from '$lib/server/repos/accounts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	requireAccess(event, 'admin');
	return event.locals.withClaims(async (tx) => ({
		people: await listPeopleWithRoles(tx),
		invitations: await listInvitations(tx, null)
	}));
};

const uuid = z.uuid();

export const actions: Actions = {
	invite: async (event) => {
		requireAccess(event, 'admin');
		const values = formText(await event.request.formData(), inviteFields);
		const kept = { email: values.email.slice(0, 300), role: values.role.slice(0, 40) };
		const parsed = parseRoleInvitation(values);
		if (!parsed.ok) return fail(400, { invite: { values: kept, problems: parsed.problems } });
		await invite(event.locals, { ...parsed.data, organisation: null }, event.url);
		return { invite: { sentTo: parsed.data.email } };
	},
	revoke: async (event) => {
		requireAccess(event, 'admin');
		const id = uuid.safeParse((await event.request.formData()).get('id'));
		const revoked = id.success && (await event.locals.withClaims((tx) => revokeInvitation(tx, id.data, null)));
		return revoked ? { revoked: true } : fail(400, { failure: { code: 'refused' as const } });
	},
	removeRole: async (event) => {
		requireAccess(event, 'admin');
		const form = await event.request.formData();
		const userId = uuid.safeParse(form.get('user_id'));
		const role = z.enum(siteRoles).safeParse(form.get('role'));
		if (!userId.success || !role.success) return fail(400, { failure: { code: 'refused' as const } });
		try {
			const outcome = await event.locals.withClaims((tx) => removeRole(tx, userId.data, role.data));
			if (outcome === 'removed') return { roleRemoved: true };
			return fail(400, { failure: { code: outcome === 'last_admin' ? ('last_admin' as const) : ('refused' as const) } });
		} catch (error) {
			if (isRefused(error)) return fail(403, { failure: { code: 'refused' as const } });
			throw error;
		}
	}
};
