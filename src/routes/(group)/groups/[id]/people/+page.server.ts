import { error, fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { formText, memberRoles, parseEditorInvitation } from '$lib/domain/account';
import { m } from '$lib/paraglide/messages';
import { localizeHref } from '$lib/paraglide/runtime';
import { requireAccess } from '$lib/server/access';
import { memberOrganisation } from '$lib/server/group';
import { invite } from '$lib/server/invite';
import {
	changeMemberRole, listInvitations, listMembers, removeMember, revokeInvitation
} from '$lib/server/repos/accounts';
import type { Actions, PageServerLoad } from './$types';

const uuid = z.uuid();

export const load: PageServerLoad = async (event) => {
	const user = requireAccess(event, 'signed_in');
	return event.locals.withClaims(async (tx) => {
		const organisation = await memberOrganisation(tx, event.params.id);
		return {
			organisation,
			me: user.id,
			members: await listMembers(tx, organisation.id),
			invitations: organisation.my_role === 'owner' ? await listInvitations(tx, organisation.id) : []
		};
	});
};

/** Actions act on this page's organisation; an id that is not one is refused like a stranger's. */
function organisationId(id: string): string {
	if (!uuid.safeParse(id).success) error(403, { message: m.access_refused_group() });
	return id;
}

export const actions: Actions = {
	invite: async (event) => {
		requireAccess(event, 'signed_in');
		const values = formText(await event.request.formData(), ['email'] as const);
		const kept = { email: values.email.slice(0, 300) };
		const parsed = parseEditorInvitation(values);
		if (!parsed.ok) return fail(400, { invite: { values: kept, problems: parsed.problems } });
		const organisation = await event.locals.withClaims((tx) => memberOrganisation(tx, event.params.id));
		if (organisation.my_role !== 'owner') return fail(403, { failure: { code: 'refused' as const } });
		await invite(event.locals, { email: parsed.data.email, role: 'editor', organisation }, event.url);
		return { invite: { sentTo: parsed.data.email } };
	},
	revoke: async (event) => {
		requireAccess(event, 'signed_in');
		const id = uuid.safeParse((await event.request.formData()).get('id'));
		const revoked = id.success && (await event.locals.withClaims((tx) => revokeInvitation(tx, id.data, organisationId(event.params.id))));
		return revoked ? { revoked: true } : fail(403, { failure: { code: 'refused' as const } });
	},
	role: async (event) => {
		requireAccess(event, 'signed_in');
		const form = await event.request.formData();
		const userId = uuid.safeParse(form.get('user_id'));
		const role = z.enum(memberRoles).safeParse(form.get('role'));
		if (!userId.success || !role.success) return fail(400, { failure: { code: 'refused' as const } });
		const outcome = await event.locals.withClaims((tx) => changeMemberRole(tx, organisationId(event.params.id), userId.data, role.data));
		return outcome === 'done' ? { changed: true } : fail(400, { failure: { code: outcome } });
	},
	remove: async (event) => {
		const user = requireAccess(event, 'signed_in');
		const userId = uuid.safeParse((await event.request.formData()).get('user_id'));
		if (!userId.success) return fail(400, { failure: { code: 'refused' as const } });
		const outcome = await event.locals.withClaims((tx) => removeMember(tx, organisationId(event.params.id), userId.data));
		if (outcome !== 'done') return fail(400, { failure: { code: outcome } });
		if (userId.data === user.id) redirect(303, localizeHref('/groups'));
		await event.locals.reloadUser();
		return { removed: true };
	}
};
